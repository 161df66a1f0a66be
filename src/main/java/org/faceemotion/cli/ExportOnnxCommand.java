package org.faceemotion.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.faceemotion.core.classify.EmotionClassifier;
import org.faceemotion.core.classify.EnsembleClassifier;
import org.faceemotion.core.classify.OnnxEmotionClassifier;
import org.faceemotion.core.classify.Preprocessing;
import org.faceemotion.train.Dl4jEmotionClassifier;
import org.faceemotion.train.OnnxExporter;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "export-onnx", mixinStandardHelpOptions = true,
		description = { "Write a DL4J emotion model as ONNX for OpenCV DNN, then check that both give the same probabilities.",
				"With --model given more than once, one ONNX graph whose output is the mean of the models' probabilities (an ensemble)." })
public final class ExportOnnxCommand implements Callable<Integer> {
	@Option(names = "--model", defaultValue = "models/emotion-cnn.zip", split = ",",
			description = "DL4J model; repeat (or separate by commas) for an ensemble (default: ${DEFAULT-VALUE})")
	List<Path> models;
	@Option(names = "--out", defaultValue = "models/emotion-cnn.onnx", description = "ONNX file to write (default: ${DEFAULT-VALUE})")
	Path out;
	@Option(names = "--overwrite", description = "Replace an existing ONNX file")
	boolean overwrite;
	@Option(names = "--meta", description = "Extra metadata key=value stored in the ONNX file")
	Map<String, String> meta;

	@Override
	public Integer call() throws Exception {
		if (models.size() == 1)
			models = List.of(Models.projectDefault(models.get(0), "models/emotion-cnn.zip"));
		out = Models.projectDefault(out, "models/emotion-cnn.onnx");
		String unwritable = Models.unwritable(out, overwrite);
		if (unwritable != null) {
			System.err.println("error: " + unwritable);
			return 2;
		}
		List<MultiLayerNetwork> nets = new ArrayList<>();
		// written beside the target and checked against DL4J first: a model that disagrees never replaces one that works
		Path tmp = org.faceemotion.io.OutputFiles.temporary(out);
		try {
			for (Path m : models)
				nets.add(Dl4jEmotionClassifier.loadNetwork(m));
			OnnxExporter.export(nets, tmp, meta);
			double diff = maxDifference(nets, tmp, 64, 7);
			if (diff >= 1e-4) {
				System.err.printf(Locale.ROOT, "error: the ONNX model disagrees with DL4J (max |difference| %.2e); %s left as it was%n", diff, out);
				return 1;
			}
			long size = Files.size(tmp);
			org.faceemotion.io.OutputFiles.commit(tmp, out);
			System.out.printf(Locale.ROOT, "wrote %s (%d bytes); max |DL4J - OpenCV| over 64 random faces: %.2e%n", out, size, diff);
			return 0;
		} catch (IllegalArgumentException e) {
			System.err.println("error: " + e.getMessage());
			return 2;
		} finally {
			Files.deleteIfExists(tmp);
		}
	}

	static double maxDifference(List<MultiLayerNetwork> nets, Path onnx, int n, long seed) {
		Random rng = new Random(seed);
		List<byte[]> faces = new ArrayList<>();
		for (int i = 0; i < n; i++) {
			byte[] f = new byte[Preprocessing.PIXELS];
			rng.nextBytes(f);
			faces.add(f);
		}
		List<EmotionClassifier> dl4j = new ArrayList<>();
		for (MultiLayerNetwork net : nets)
			dl4j.add(new Dl4jEmotionClassifier(net));
		float[][] a = new EnsembleClassifier(dl4j).classify(faces);
		float[][] b = OnnxEmotionClassifier.load(onnx).classify(faces);
		double max = 0;
		for (int i = 0; i < n; i++)
			for (int c = 0; c < a[i].length; c++)
				max = Math.max(max, Math.abs(a[i][c] - b[i][c]));
		return max;
	}
}
