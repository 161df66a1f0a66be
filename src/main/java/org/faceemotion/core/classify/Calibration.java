package org.faceemotion.core.classify;

import java.util.Locale;

/**
 * Temperature scaling of the classifier's probabilities (Guo et al. 2017, "On Calibration of
 * Modern Neural Networks"): {@code q = softmax(log p / T)}, one temperature fitted on the
 * validation split by minimising the negative log-likelihood. It never changes which emotion is
 * most probable, only how sure the model says it is; the expected calibration error (ECE)
 * measures the gap between the stated confidence and the accuracy.
 */
public final class Calibration {
	private Calibration() {
	}

	/** The probabilities at temperature {@code t} (1: unchanged). */
	public static float[] apply(float[] p, double t) {
		if (t == 1)
			return p;
		double[] l = new double[p.length];
		double max = Double.NEGATIVE_INFINITY;
		for (int c = 0; c < p.length; c++)
			max = Math.max(max, l[c] = Math.log(Math.max(p[c], 1e-12)) / t);
		double sum = 0;
		for (int c = 0; c < p.length; c++)
			sum += l[c] = Math.exp(l[c] - max);
		float[] q = new float[p.length];
		for (int c = 0; c < p.length; c++)
			q[c] = (float) (l[c] / sum);
		return q;
	}

	/** Mean negative log-likelihood of the true labels at temperature {@code t}. */
	public static double nll(float[][] p, int[] labels, double t) {
		double s = 0;
		for (int i = 0; i < p.length; i++)
			s -= Math.log(Math.max(apply(p[i], t)[labels[i]], 1e-12));
		return s / p.length;
	}

	/** The temperature in [0.2, 10] that minimises {@link #nll} (golden-section search on log T; NLL is convex in 1/T). */
	public static double fitTemperature(float[][] p, int[] labels) {
		double a = Math.log(0.2), b = Math.log(10), g = (Math.sqrt(5) - 1) / 2;
		double c = b - g * (b - a), d = a + g * (b - a);
		double fc = nll(p, labels, Math.exp(c)), fd = nll(p, labels, Math.exp(d));
		for (int k = 0; k < 60; k++) {
			if (fc < fd) {
				b = d;
				d = c;
				fd = fc;
				c = b - g * (b - a);
				fc = nll(p, labels, Math.exp(c));
			} else {
				a = c;
				c = d;
				fc = fd;
				d = a + g * (b - a);
				fd = nll(p, labels, Math.exp(d));
			}
		}
		return Math.exp((a + b) / 2);
	}

	/** Expected calibration error: |accuracy - mean confidence| over {@code bins} equal-width confidence bins, weighted by their share of faces. */
	public static double ece(float[][] p, int[] labels, double t, int bins) {
		double[] conf = new double[bins], acc = new double[bins];
		int[] n = new int[bins];
		for (int i = 0; i < p.length; i++) {
			float[] q = apply(p[i], t);
			int best = 0;
			for (int c = 1; c < q.length; c++)
				if (q[c] > q[best])
					best = c;
			int b = Math.min(bins - 1, (int) (q[best] * bins));
			conf[b] += q[best];
			acc[b] += best == labels[i] ? 1 : 0;
			n[b]++;
		}
		double e = 0;
		for (int b = 0; b < bins; b++)
			if (n[b] > 0)
				e += Math.abs(acc[b] - conf[b]) / p.length;
		return e;
	}

	/** The file format beside a model: {@code temperature=1.2345}. */
	public static String properties(double t, String note) {
		return String.format(Locale.ROOT, "# temperature scaling of the emotion probabilities (calibrate); %s%ntemperature=%.4f%n", note, t);
	}

	/** The temperature in a calibration file's text, or 1 when there is none. */
	public static double parse(String text) {
		for (String line : text.split("\\R")) {
			String l = line.trim();
			if (l.startsWith("temperature=")) {
				double t = Double.parseDouble(l.substring("temperature=".length()).trim());
				if (!(t > 0) || Double.isInfinite(t))
					throw new IllegalArgumentException("temperature must be a positive number, not " + t);
				return t;
			}
		}
		return 1;
	}
}
