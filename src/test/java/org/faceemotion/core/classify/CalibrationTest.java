package org.faceemotion.core.classify;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;

import org.junit.jupiter.api.Test;

class CalibrationTest {
	/** Over-confident probabilities made by sharpening calibrated ones with a known temperature. */
	@Test
	void theFittedTemperatureUndoesAKnownOverconfidenceAndLowersTheEce() {
		Random rng = new Random(3);
		int n = 4000, k = 7;
		float[][] p = new float[n][];
		int[] labels = new int[n];
		for (int i = 0; i < n; i++) {
			double[] logits = new double[k];
			for (int c = 0; c < k; c++)
				logits[c] = 1.5 * rng.nextGaussian();
			float[] calibrated = softmax(logits, 1);
			// draw the label from the calibrated distribution: these probabilities are right on average
			double u = rng.nextDouble(), s = 0;
			labels[i] = k - 1;
			for (int c = 0; c < k; c++)
				if ((s += calibrated[c]) >= u) {
					labels[i] = c;
					break;
				}
			p[i] = softmax(logits, 0.5); // the model says it twice as sharply
		}
		double t = Calibration.fitTemperature(p, labels);
		assertEquals(2.0, t, 0.2, "recovers the sharpening");
		double before = Calibration.ece(p, labels, 1, 15), after = Calibration.ece(p, labels, t, 15);
		assertTrue(after < before / 2, "ECE " + before + " -> " + after);
		assertTrue(Calibration.nll(p, labels, t) < Calibration.nll(p, labels, 1));
	}

	@Test
	void temperatureKeepsTheRankingAndTheSum() {
		float[] p = { 0.6f, 0.3f, 0.1f };
		float[] q = Calibration.apply(p, 2);
		assertEquals(1, q[0] + q[1] + q[2], 1e-6);
		assertTrue(q[0] > q[1] && q[1] > q[2] && q[0] < p[0], "softer, same order");
		assertEquals(p, Calibration.apply(p, 1));
		assertEquals(1.2345, Calibration.parse("# note\ntemperature=1.2345\n"), 1e-9);
		assertEquals(1, Calibration.parse("# nothing"), 0);
	}

	@Test
	void temperatureAndBiasFittedToDistributionsRecoverAKnownDistortionAndThePriorIsDividedOut() {
		int n = 3000, k = 7;
		double[] shift = { 0.5, -1, -0.5, 0.3, 1.0, 0, -0.3 };
		float[][] targets = new float[n][];
		// sharper and shifted: the fit must multiply by 0.5 and add the shift
		float[][] p = distorted(new Random(5), targets, (c, logit) -> (logit - shift[c]) * 2);
		double[] prior = { 0.1, 0.02, 0.04, 0.26, 0.33, 0.14, 0.11 };
		Calibration c = Calibration.fitToDistributions(p, targets, prior);
		assertEquals(2.0, c.temperature, 0.02);
		double mean = 0;
		for (double s : shift)
			mean += s / k;
		for (int j = 0; j < k; j++)
			assertEquals(shift[j] - mean, c.bias()[j], 0.02, "bias " + j);
		float[] q = c.apply(p[0], Prior.EVERYDAY);
		for (int j = 0; j < k; j++)
			assertEquals(targets[0][j], q[j], 0.01);
		// balanced: q_k proportional to everyday q_k / prior_k
		float[] b = c.apply(p[0], Prior.BALANCED);
		double z = 0;
		for (int j = 0; j < k; j++)
			z += q[j] / prior[j];
		for (int j = 0; j < k; j++)
			assertEquals(q[j] / prior[j] / z, b[j], 1e-4);
		// written and read back
		Calibration back = Calibration.read(c.properties("test"));
		assertEquals(c.temperature, back.temperature, 1e-4);
		assertArrayEquals(c.bias(), back.bias(), 1e-6);
		assertArrayEquals(prior, back.prior(), 1e-6);
		// no prior: balanced is refused
		Calibration plain = Calibration.read("temperature=1.5\n");
		assertTrue(!plain.hasPrior());
		org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class, () -> plain.apply(p[0], Prior.BALANCED));
		org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> Calibration.read("bias=1,2\n"));
	}

	@Test
	void withoutBiasTheTemperatureAloneIsFittedAndTheTopEmotionNeverChanges() {
		int n = 2000, k = 7;
		float[][] targets = new float[n][];
		// over-confident, and neutral favoured
		float[][] p = distorted(new Random(6), targets, (c, logit) -> logit * 2 + (c == 4 ? 1 : 0));
		Calibration c = Calibration.fitToDistributions(p, targets, null, false);
		assertEquals(2.0, c.temperature, 0.15);
		assertArrayEquals(new double[k], c.bias(), 0);
		for (int i = 0; i < 50; i++) {
			float[] q = c.apply(p[i], Prior.EVERYDAY);
			assertEquals(argmax(p[i]), argmax(q), "face " + i);
		}
		// with the bias the favour of neutral is found and taken back (-0.5 at T 2, less the mean)
		assertEquals(-0.5 + 0.5 / k, Calibration.fitToDistributions(p, targets, null, true).bias()[4], 0.05);
	}

	/** Random vote distributions into {@code targets} (softmax of Gaussian logits) and the model outputs {@code distort} makes of their logits. */
	static float[][] distorted(Random rng, float[][] targets, java.util.function.BiFunction<Integer, Double, Double> distort) {
		int k = 7;
		float[][] p = new float[targets.length][];
		for (int i = 0; i < targets.length; i++) {
			double[] logits = new double[k], out = new double[k];
			for (int c = 0; c < k; c++)
				logits[c] = 1.5 * rng.nextGaussian();
			targets[i] = softmax(logits, 1);
			for (int c = 0; c < k; c++)
				out[c] = distort.apply(c, logits[c]);
			p[i] = softmax(out, 1);
		}
		return p;
	}

	static int argmax(float[] p) {
		int b = 0;
		for (int i = 1; i < p.length; i++)
			if (p[i] > p[b])
				b = i;
		return b;
	}

	static float[] softmax(double[] logits, double t) {
		double max = Double.NEGATIVE_INFINITY, sum = 0;
		for (double l : logits)
			max = Math.max(max, l / t);
		float[] q = new float[logits.length];
		for (int c = 0; c < q.length; c++)
			sum += Math.exp(logits[c] / t - max);
		for (int c = 0; c < q.length; c++)
			q[c] = (float) (Math.exp(logits[c] / t - max) / sum);
		return q;
	}
}
