package org.faceemotion.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.faceemotion.Cli;
import org.faceemotion.TestData;
import org.faceemotion.train.Dl4jEmotionClassifier;
import org.faceemotion.train.EmotionNet;
import org.faceemotion.train.Trainer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainCommandTest {
	@Test
	void badSettingsAreRefusedBeforeAnythingIsWritten(@TempDir Path tmp) {
		Path out = tmp.resolve("run");
		refused(out, "--epochs must be at least 1, not 0", "--epochs", "0");
		refused(out, "--erase must be between 0 and 1", "--erase", "1.5");
		refused(out, "--widths needs 4 values (one per block), not 2", "--widths", "8,16");
		refused(out, "--convs values must be at least 1, not 0", "--convs", "1,0,2,2");
		refused(out, "--init brings its own", "--hidden", "8", "--init", "models/emotion-cnn.zip");
		refused(out, "--dropout needs 5 values", "--dropout", "0.1,0.1,0.1,0.1");
		refused(out, "--dropout values must be at least 0 and below 1, not 1.0", "--dropout", "0.1,0.1,0.1,0.1,1");
		refused(out, "--distill must be between 0 and 1, not 1.5", "--distill", "1.5");
		refused(out, "--teacher " + tmp.resolve("none.onnx") + ": no such file", "--teacher", tmp.resolve("none.onnx").toString());
		refused(out, "not an ONNX model", "--teacher", TestData.models().resolve("emotion-cnn.zip").toString());
		assertTrue(!Files.exists(out), "no output folder for a refused run");
	}

	/** Runs {@code train} on the shared data with these options; it must exit 2 with this message. */
	private static void refused(Path out, String message, String... options) {
		List<String> args = new ArrayList<>(List.of("train", "--data", TestData.fer().toString(), "--out", out.toString()));
		args.addAll(List.of(options));
		String[] r = Cli.run(args.toArray(new String[0]));
		assertEquals("2", r[0], String.join(" ", options));
		assertTrue(r[2].contains(message), r[2]);
	}

	/** Distillation from the shipped network: targets computed once, cached, kept and read back on resume. */
	@Test
	void aRunDistilsFromATeacherAndKeepsItOnResume(@TempDir Path tmp) throws Exception {
		Path out = tmp.resolve("run"), teacher = TestData.models().resolve("emotion-cnn.onnx");
		String[] small = { "--data", TestData.fer().toString(), "--out", out.toString(), "--limit", "128", "--batch", "64" };
		List<String> args = new ArrayList<>(List.of("train", "--widths", "8,16,24,32", "--hidden", "12", "--epochs", "2", "--max-iterations", "2",
				"--teacher", teacher.toString(), "--distill", "0.7"));
		args.addAll(List.of(small));
		String[] r = Cli.run(args.toArray(new String[0]));
		assertEquals("0", r[0], r[2]);
		assertTrue(r[1].contains("teacher targets: 128 images, 1 teacher(s)"), r[1]);
		assertTrue(r[1].contains("distillation: targets 0.30 label + 0.70 teachers (1)"), r[1]);
		assertTrue(Files.size(out.resolve(org.faceemotion.train.TeacherTargets.CACHE)) > 128 * 7 * 4);
		java.util.Properties state = new java.util.Properties();
		try (java.io.InputStream in = Files.newInputStream(out.resolve(Trainer.STATE))) {
			state.load(in);
		}
		assertEquals(teacher.toAbsolutePath().toString(), state.getProperty("teachers"));
		assertEquals("0.7", state.getProperty("distill"));
		// a resumed run keeps its teachers and reads their targets back
		args = new ArrayList<>(List.of("train", "--resume"));
		args.addAll(List.of(small));
		r = Cli.run(args.toArray(new String[0]));
		assertEquals("0", r[0], r[2]);
		assertTrue(r[1].contains("teacher targets: read from") && r[1].contains("0.70 teachers (1)"), r[1]);
		args.addAll(List.of("--teacher", teacher.toString()));
		r = Cli.run(args.toArray(new String[0]));
		assertEquals("2", r[0]);
		assertTrue(r[2].contains("a resumed run keeps the teachers it was started with"), r[2]);
	}

	@Test
	void theArchitectureOfANewRunCanBeChosen(@TempDir Path tmp) throws Exception {
		Path out = tmp.resolve("run");
		String[] r = Cli.run("train", "--data", TestData.fer().toString(), "--out", out.toString(), "--widths", "8,16,24,32",
				"--convs", "1,2,1,1", "--hidden", "12", "--dropout", "0,0.1,0.1,0.2,0.3", "--epochs", "1", "--limit", "128", "--batch", "64");
		assertEquals("0", r[0], r[2]);
		MultiLayerNetwork net = Dl4jEmotionClassifier.loadNetwork(out.resolve(Trainer.BEST));
		EmotionNet expected = new EmotionNet();
		expected.widths = new int[] { 8, 16, 24, 32 };
		expected.convsPerBlock = new int[] { 1, 2, 1, 1 };
		expected.hidden = 12;
		assertEquals(expected.build().numParams(), net.numParams());
		String conf = net.getLayerWiseConfigurations().toJson();
		// no dropout layer after the first block (p 0); p 0.3 in the hidden layer is DL4J's retain 0.7
		assertEquals(4, conf.split("DropoutLayer").length - 1, "dropout layers");
		assertTrue(conf.contains("0.7"), "hidden dropout");
		assertTrue(r[1].contains("network: " + net.numParams() + " parameters"), r[1]);
	}
}
