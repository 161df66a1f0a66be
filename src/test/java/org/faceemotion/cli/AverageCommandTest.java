package org.faceemotion.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.faceemotion.Cli;
import org.faceemotion.core.classify.Preprocessing;
import org.faceemotion.train.Dl4jEmotionClassifier;
import org.faceemotion.train.EmotionNet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AverageCommandTest {
	static EmotionNet tiny(long seed, int hidden) {
		EmotionNet spec = new EmotionNet();
		spec.widths = new int[] { 8, 16, 16, 32 };
		spec.hidden = hidden;
		spec.seed = seed;
		return spec;
	}

	@Test
	void writesTheMeanOfTheWeights(@TempDir Path tmp) throws Exception {
		Path a = tmp.resolve("a.zip"), b = tmp.resolve("b.zip"), out = tmp.resolve("avg.zip");
		MultiLayerNetwork na = tiny(1, 16).build(), nb = tiny(2, 16).build();
		// distinct batch-norm statistics too, so that they are averaged like every other parameter
		nb.params().addi(0.25);
		ModelSerializer.writeModel(na, a.toFile(), false);
		ModelSerializer.writeModel(nb, b.toFile(), false);

		String[] r = Cli.run("average", "--model", a.toString(), "--model", b.toString(), "--out", out.toString());
		assertEquals("0", r[0], r[2]);
		assertTrue(r[1].contains("mean of 2 networks"), r[1]);
		MultiLayerNetwork avg = Dl4jEmotionClassifier.loadNetwork(out);
		float[] expected = na.params().add(nb.params()).divi(2).toFloatVector();
		assertArrayEquals(expected, avg.params().toFloatVector(), 1e-6f);

		// the average of one network with itself classifies exactly like that network
		Path same = tmp.resolve("same.zip");
		assertEquals("0", Cli.run("average", "--model", a + "," + a, "--out", same.toString())[0]);
		List<byte[]> faces = new ArrayList<>();
		Random rng = new Random(3);
		for (int i = 0; i < 8; i++) {
			byte[] f = new byte[Preprocessing.PIXELS];
			rng.nextBytes(f);
			faces.add(f);
		}
		float[][] p0 = new Dl4jEmotionClassifier(na).classify(faces);
		float[][] p1 = new Dl4jEmotionClassifier(Dl4jEmotionClassifier.loadNetwork(same)).classify(faces);
		for (int i = 0; i < faces.size(); i++)
			assertArrayEquals(p0[i], p1[i], 1e-6f);

		// never overwrites silently
		long size = Files.size(out);
		String[] again = Cli.run("average", "--model", a.toString(), "--model", b.toString(), "--out", out.toString());
		assertEquals("2", again[0]);
		assertTrue(again[2].contains("avg.zip") && again[2].contains("--overwrite"), again[2]);
		assertEquals(size, Files.size(out));
	}

	@Test
	void refusesDifferentNetworksAndBadFiles(@TempDir Path tmp) throws Exception {
		Path a = tmp.resolve("a.zip"), wide = tmp.resolve("wide.zip"), junk = tmp.resolve("junk.zip"), out = tmp.resolve("avg.zip");
		ModelSerializer.writeModel(tiny(1, 16).build(), a.toFile(), false);
		ModelSerializer.writeModel(tiny(1, 24).build(), wide.toFile(), false);
		Files.writeString(junk, "not a model");

		String[] r = Cli.run("average", "--model", a.toString(), "--model", wide.toString(), "--out", out.toString());
		assertEquals("2", r[0]);
		assertTrue(r[2].contains("wide.zip") && r[2].contains("not the same network"), r[2]);
		r = Cli.run("average", "--model", a.toString(), "--model", junk.toString(), "--out", out.toString());
		assertEquals("2", r[0]);
		assertTrue(r[2].contains("junk.zip") && r[2].contains("not a DL4J model"), r[2]);
		r = Cli.run("average", "--model", a.toString(), "--out", out.toString());
		assertEquals("2", r[0]);
		assertTrue(r[2].contains("at least two"), r[2]);
		assertFalse(Files.exists(out));
	}
}
