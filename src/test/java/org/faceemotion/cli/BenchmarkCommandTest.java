package org.faceemotion.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.faceemotion.Cli;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BenchmarkCommandTest {
	@Test
	void namesAModelFileThatIsNotAModel(@TempDir Path tmp) throws Exception {
		Path junk = Files.writeString(tmp.resolve("junk.zip"), "not a model");
		String[] r = Cli.run("benchmark", "--model", junk.toString());
		assertEquals("2", r[0]);
		assertTrue(r[2].contains("junk.zip") && r[2].contains("not a DL4J model"), r[2]);
		r = Cli.run("benchmark", "--model", tmp.resolve("missing.zip").toString());
		assertEquals("2", r[0]);
		assertTrue(r[2].contains("missing.zip") && r[2].contains("does not exist"), r[2]);

		// a DL4J model, but not one of this project's CNNs
		Path mlp = tmp.resolve("mlp.zip");
		org.deeplearning4j.nn.multilayer.MultiLayerNetwork net = new org.deeplearning4j.nn.multilayer.MultiLayerNetwork(
				new org.deeplearning4j.nn.conf.NeuralNetConfiguration.Builder().list()
						.layer(new org.deeplearning4j.nn.conf.layers.OutputLayer.Builder().nIn(4).nOut(7).build()).build());
		net.init();
		org.deeplearning4j.util.ModelSerializer.writeModel(net, mlp.toFile(), false);
		r = Cli.run("benchmark", "--model", mlp.toString());
		assertEquals("2", r[0]);
		assertTrue(r[2].contains("mlp.zip") && r[2].contains("not an emotion CNN"), r[2]);
	}

	/** bench-video prints its figures in words and numbers (no timing is asserted: speed is for the benchmark, not the test). */
	@Test
	void benchVideoPrintsTheStagesTheBoundAndThePipeline(@TempDir Path tmp) throws Exception {
		String[] r = Cli.run("bench-video", "--frames", "12", "--repeat", "1", "--cold", "1");
		assertEquals("0", r[0], r[2]);
		for (String line : new String[] { "faces per frame", "detection", "forward pass", "classification", "bound on",
				"pipeline run 1 (", "% of the stage bound" })
			assertTrue(r[1].contains(line), line + " missing in\n" + r[1]);
		assertTrue(r[1].matches("(?s).*pipeline run 1 \\(\\d+ workers\\): \\d+\\.\\d frames/s.*"), r[1]);
		// the whole command in a fresh JVM, paired with a bound measured after it
		assertTrue(r[1].matches("(?s).*cold command 1: whole command \\d+\\.\\d+ s \\(\\d+\\.\\dx real time\\), pipeline \\d+\\.\\d frames/s = \\d+ %.*"), r[1]);
		assertTrue(r[1].contains("cold commands: median"), r[1]);
		r = Cli.run("bench-video", "--cold", "-1");
		assertEquals("2", r[0]);
		assertTrue(r[2].contains("--cold"), r[2]);
		r = Cli.run("bench-video", tmp.resolve("missing.mp4").toString());
		assertEquals("2", r[0]);
		assertTrue(r[2].contains("missing.mp4"), r[2]);
	}
}
