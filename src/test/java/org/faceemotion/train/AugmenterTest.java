package org.faceemotion.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;

import org.faceemotion.core.classify.Preprocessing;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.dataset.DataSet;

class AugmenterTest {
	static byte[] gradient() {
		byte[] b = new byte[Preprocessing.PIXELS];
		for (int y = 0; y < 48; y++)
			for (int x = 0; x < 48; x++)
				b[y * 48 + x] = (byte) (x * 5);
		return b;
	}

	@Test
	void identityWarpKeepsThePixelsAndFlipMirrors() {
		byte[] src = gradient();
		float[] same = new float[Preprocessing.PIXELS];
		Augmenter.warp(src, same, 0, 1, 0, 0, false);
		for (int i = 0; i < same.length; i++)
			assertEquals(src[i] & 0xFF, same[i], 1e-3);
		float[] flipped = new float[Preprocessing.PIXELS];
		Augmenter.warp(src, flipped, 0, 1, 0, 0, true);
		assertEquals(src[47] & 0xFF, flipped[0], 1e-3);
		assertEquals(src[0] & 0xFF, flipped[47], 1e-3);
	}

	@Test
	void augmentedOutputIsStandardisedAndVaries() {
		Augmenter a = new Augmenter();
		a.eraseProbability = 0;
		float[] out1 = new float[Preprocessing.PIXELS], out2 = new float[Preprocessing.PIXELS];
		Random rng = new Random(1);
		a.augment(gradient(), rng, out1, 0);
		a.augment(gradient(), rng, out2, 0);
		double mean = 0, sq = 0;
		for (float v : out1) {
			mean += v;
			sq += v * v;
		}
		mean /= out1.length;
		assertEquals(0, mean, 1e-3);
		assertEquals(1, Math.sqrt(sq / out1.length - mean * mean), 1e-2);
		assertNotEquals(out1[100], out2[100], "two draws differ");
	}

	@Test
	void batchesKeepLabelsAndShape() {
		int n = 70;
		byte[][] images = new byte[n][];
		int[] labels = new int[n];
		String[] src = new String[n];
		for (int i = 0; i < n; i++) {
			images[i] = new byte[Preprocessing.PIXELS];
			java.util.Arrays.fill(images[i], (byte) (i * 3)); // the image encodes its own index
			images[i][0] = (byte) 255;
			labels[i] = i % 7;
			src[i] = "img" + i;
		}
		FerDataset ds = new FerDataset(images, labels, src);
		int[] order = Batches.epochOrder(n, 5, 2);
		assertArrayEquals(order, Batches.epochOrder(n, 5, 2), "the same epoch always has the same order");
		Augmenter none = new Augmenter();
		none.maxRotationDeg = 0;
		none.maxScale = 0;
		none.maxShiftPx = 0;
		none.flipProbability = 0;
		none.gammaProbability = 0;
		none.eraseProbability = 0;
		int seen = 0;
		try (Batches.AugmentedEpoch epoch = new Batches.AugmentedEpoch(ds, 32, 5, 2, none)) {
			DataSet b;
			while ((b = epoch.next()) != null) {
				assertArrayEquals(new long[] { b.numExamples(), 1, 48, 48 }, b.getFeatures().shape());
				assertArrayEquals(new long[] { b.numExamples(), 7 }, b.getLabels().shape());
				for (int i = 0; i < b.numExamples(); i++) {
					int index = order[seen + i];
					assertEquals(labels[index], b.getLabels().getRow(i).argMax().getInt(0), "label of image " + index);
				}
				seen += b.numExamples();
			}
			assertNull(epoch.next());
		}
		assertEquals(n, seen);
	}

	@Test
	void labelSmoothingAndMixupKeepTargetsDistributions() {
		Augmenter a = new Augmenter();
		a.labelSmoothing = 0.1;
		a.mixupAlpha = 0.4;
		a.mixupProbability = 1;
		int n = 8, p = Preprocessing.PIXELS;
		float[] f = new float[n * p], t = new float[n * 7];
		for (int i = 0; i < n; i++) {
			java.util.Arrays.fill(f, i * p, (i + 1) * p, i);
			t[i * 7 + i % 7] = 1;
		}
		a.mixBatch(f, t, n, new Random(3));
		boolean mixed = false;
		for (int i = 0; i < n; i++) {
			double sum = 0, max = 0;
			for (int c = 0; c < 7; c++) {
				sum += t[i * 7 + c];
				assertTrue(t[i * 7 + c] >= 0.1 / 7 - 1e-6, "every class keeps the smoothing mass");
				max = Math.max(max, t[i * 7 + c]);
			}
			assertEquals(1, sum, 1e-5, "targets of image " + i + " sum to 1");
			assertTrue(max >= 0.5 * 0.9, "the image's own class dominates (lambda >= 0.5)");
			// pixels are the same mix as the targets: own weight lambda on value i
			if (f[i * p] != i)
				mixed = true;
		}
		assertTrue(mixed, "mixup changed the pixels");
	}

	@Test
	void blurSmoothsAnEdgeAndGammaDrawsHaveTheRightMean() {
		float[] img = new float[Preprocessing.PIXELS];
		for (int y = 0; y < 48; y++)
			for (int x = 24; x < 48; x++)
				img[y * 48 + x] = 255;
		Augmenter.blur(img, 1.0);
		assertTrue(img[10 * 48 + 23] > 20 && img[10 * 48 + 24] < 235, "the edge is softened");
		assertEquals(0, img[10 * 48], 1e-3, "far from the edge nothing changes");
		Random rng = new Random(7);
		double sum = 0;
		for (int i = 0; i < 20000; i++)
			sum += Augmenter.gamma(0.3, rng);
		assertEquals(0.3, sum / 20000, 0.02, "Gamma(0.3) has mean 0.3");
	}

	@Test
	void aLowQualityJpegRoundTripChangesThePixelsButKeepsTheFace() {
		float[] img = new float[Preprocessing.PIXELS];
		byte[] src = gradient();
		for (int i = 0; i < img.length; i++)
			img[i] = (src[i] & 0xFF) + ((i * 7919) % 13 - 6) * 4; // fine detail that JPEG smooths away
		float[] low = img.clone(), high = img.clone();
		Augmenter.jpeg(low, 10);
		Augmenter.jpeg(high, 95);
		double errLow = 0, errHigh = 0;
		for (int i = 0; i < img.length; i++) {
			errLow += Math.abs(low[i] - img[i]);
			errHigh += Math.abs(high[i] - img[i]);
		}
		errLow /= img.length;
		errHigh /= img.length;
		assertTrue(errLow > errHigh && errLow > 1, "quality 10 loses more detail: " + errLow + " vs " + errHigh);
		assertTrue(errLow < 30, "but the picture stays: mean error " + errLow);
	}
}
