package org.faceemotion.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.faceemotion.Cli;
import org.faceemotion.TestData;
import org.faceemotion.train.Dl4jEmotionClassifier;
import org.faceemotion.train.EmotionNet;
import org.faceemotion.train.FerDataset;
import org.faceemotion.train.Trainer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EvaluateCommandTest {
	@Test
	void printsTheAccuracyOfAKnownModelOnASmallFolder(@TempDir Path tmp) throws Exception {
		// a small folder: the first 15 images of three classes
		for (String c : new String[] { "happy", "surprise", "sad" }) {
			Path dst = Files.createDirectories(tmp.resolve(c));
			try (var files = Files.list(TestData.fer().resolve("val").resolve(c))) {
				files.sorted().limit(15).forEach(f -> copy(f, dst.resolve(f.getFileName())));
			}
		}
		Path model = TestData.shippedDl4jModels().get(0);
		MultiLayerNetwork net = Dl4jEmotionClassifier.loadNetwork(model);
		double expected = Trainer.accuracy(net, FerDataset.load(tmp, null, w -> {
		}), null)[0];

		String[] r = Cli.run("evaluate", "--data", tmp.toString(), "--model", model.toString());
		assertEquals("0", r[0], r[2]);
		String[] lines = r[1].trim().split("\\R");
		assertEquals(String.format(Locale.ROOT, "accuracy: %.4f", expected), lines[lines.length - 1]);
		assertTrue(r[1].contains("precision") && r[1].contains("confusion matrix"), r[1]);
		assertTrue(r[1].contains("images: 45"), r[1]);

		// the shipped ONNX model through OpenCV gives the same figure as its DL4J network(s); without its
		// calibration (a copy alone in a folder), since the calibration's bias per emotion moves some decisions
		List<String> args = new ArrayList<>(List.of("evaluate", "--data", tmp.toString()));
		for (Path member : TestData.shippedDl4jModels())
			args.addAll(List.of("--model", member.toString()));
		String[] dl4j = Cli.run(args.toArray(new String[0]));
		Path raw = Files.copy(TestData.models().resolve("emotion-cnn.onnx"), Files.createDirectories(tmp.resolve("..").resolve(tmp.getFileName() + "-raw"))
				.resolve("emotion-cnn.onnx"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
		String[] onnx = Cli.run("evaluate", "--data", tmp.toString(), "--model", raw.toString());
		assertEquals(lines(dl4j[1]), lines(onnx[1]));
	}

	@Test
	void anEnsembleEvaluatesTheSameAsItsMergedOnnxExport(@TempDir Path tmp) throws Exception {
		Path data = tmp.resolve("data");
		for (String c : new String[] { "angry", "happy", "neutral", "sad" }) {
			Path dst = Files.createDirectories(data.resolve(c));
			try (var files = Files.list(TestData.fer().resolve("val").resolve(c))) {
				files.sorted().limit(10).forEach(f -> copy(f, dst.resolve(f.getFileName())));
			}
		}
		Path shipped = TestData.shippedDl4jModels().get(0);
		EmotionNet spec = new EmotionNet();
		spec.widths = new int[] { 8, 16, 16, 32 };
		spec.hidden = 16;
		Path other = tmp.resolve("other.zip");
		ModelSerializer.writeModel(spec.build(), other.toFile(), false);
		Path onnx = tmp.resolve("ensemble.onnx");

		String[] export = Cli.run("export-onnx", "--model", shipped.toString(), "--model", other.toString(), "--out", onnx.toString());
		assertEquals("0", export[0], export[2]);
		assertTrue(export[1].contains("max |DL4J - OpenCV|"), export[1]);
		String[] again = Cli.run("export-onnx", "--model", shipped.toString(), "--out", onnx.toString());
		assertEquals("2", again[0]);
		assertTrue(again[2].contains("ensemble.onnx") && again[2].contains("--overwrite"), again[2]);

		String[] ensemble = Cli.run("evaluate", "--data", data.toString(), "--model", shipped.toString(), "--model", other.toString());
		String[] merged = Cli.run("evaluate", "--data", data.toString(), "--model", onnx.toString());
		String[] single = Cli.run("evaluate", "--data", data.toString(), "--model", shipped.toString());
		assertEquals("0", ensemble[0], ensemble[2]);
		assertEquals(withoutModelLine(ensemble[1]), withoutModelLine(merged[1]));
		assertTrue(!ensemble[1].equals(single[1]), "an untrained second member should change the predictions:\n" + ensemble[1]);
	}

	@Test
	void badInputGetsAClearMessage(@TempDir Path tmp) throws Exception {
		String[] r = Cli.run("evaluate", "--data", tmp.resolve("missing").toString());
		assertEquals("2", r[0]);
		assertTrue(r[2].contains("missing") && r[2].contains("does not exist"), r[2]);
		Path notModel = Files.write(tmp.resolve("model.txt"), new byte[] { 1 });
		Files.createDirectories(tmp.resolve("data/happy"));
		r = Cli.run("evaluate", "--data", tmp.resolve("data").toString(), "--model", notModel.toString());
		assertEquals("2", r[0]);
		assertTrue(r[2].contains("model.txt") && r[2].contains("not a model"), r[2]);
	}

	private static String withoutModelLine(String report) {
		assertTrue(report.startsWith("model: "), report);
		return report.substring(report.indexOf('\n'));
	}

	private static String lines(String report) {
		String t = report.trim();
		return t.substring(t.lastIndexOf("accuracy:"));
	}

	private static void copy(Path a, Path b) {
		try {
			Files.copy(a, b);
		} catch (java.io.IOException e) {
			throw new java.io.UncheckedIOException(e);
		}
	}
}
