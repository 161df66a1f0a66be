package org.faceemotion.core.classify;

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
