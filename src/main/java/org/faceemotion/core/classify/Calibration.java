package org.faceemotion.core.classify;

import java.util.Arrays;
import java.util.Locale;

import org.faceemotion.core.model.Emotion;

/**
 * Calibration of the classifier's probabilities: {@code q = softmax(log p / T + b - s log prior)}.
 * Temperature scaling (Guo et al. 2017, "On Calibration of Modern Neural Networks") fits one
 * temperature {@code T} by minimising the negative log-likelihood on the validation split; it
 * never changes which emotion is most probable, only how sure the model says it is. Fitted to
 * FER+'s vote distributions, a per-class bias {@code b} also lets the probabilities estimate the
 * share of people who would name each emotion. The class prior {@code prior} (the taggers' share
 * of each emotion in the training votes) is divided out for {@link Prior#BALANCED} ({@code s = 1}).
 * The expected calibration error (ECE) measures the gap between the stated confidence and the accuracy.
 */
public final class Calibration {
	/** No change: temperature 1, no bias, no prior. */
	public static final Calibration NONE = new Calibration(1, new double[Emotion.COUNT], null);

	public final double temperature;
	private final double[] bias, prior;

	public Calibration(double temperature, double[] bias, double[] prior) {
		if (!(temperature > 0) || Double.isInfinite(temperature))
			throw new IllegalArgumentException("temperature must be a positive number, not " + temperature);
		if (bias.length != Emotion.COUNT || (prior != null && prior.length != Emotion.COUNT))
			throw new IllegalArgumentException("bias and prior need " + Emotion.COUNT + " values");
		for (double b : bias)
			if (!Double.isFinite(b))
				throw new IllegalArgumentException("bias values must be finite numbers, not " + b);
		if (prior != null)
			for (double q : prior)
				if (!(q > 0 && q < 1))
					throw new IllegalArgumentException("prior values must be between 0 and 1, not " + q);
		this.temperature = temperature;
		this.bias = bias.clone();
		this.prior = prior == null ? null : prior.clone();
	}

	/** Whether {@link Prior#BALANCED} can be applied (the file names the training prior). */
	public boolean hasPrior() {
		return prior != null;
	}

	public double[] bias() {
		return bias.clone();
	}

	/** The taggers' prior per emotion, or null. */
	public double[] prior() {
		return prior == null ? null : prior.clone();
	}

	/** The calibrated probabilities under {@code mode}. */
	public float[] apply(float[] p, Prior mode) {
		if (mode == Prior.BALANCED && prior == null)
			throw new IllegalStateException("this model's calibration has no class prior: the balanced prior needs one (calibrate --labels ferplus)");
		boolean balanced = mode == Prior.BALANCED;
		if (temperature == 1 && !balanced && isZero(bias))
			return p;
		double[] l = new double[p.length];
		double max = Double.NEGATIVE_INFINITY;
		for (int c = 0; c < p.length; c++)
			max = Math.max(max, l[c] = Math.log(Math.max(p[c], 1e-12)) / temperature + bias[c] - (balanced ? Math.log(prior[c]) : 0));
		return softmaxShifted(l, max);
	}

	private static boolean isZero(double[] v) {
		for (double x : v)
			if (x != 0)
				return false;
		return true;
	}

	private static float[] softmaxShifted(double[] l, double max) {
		double sum = 0;
		for (int c = 0; c < l.length; c++)
			sum += l[c] = Math.exp(l[c] - max);
		float[] q = new float[l.length];
		for (int c = 0; c < l.length; c++)
			q[c] = (float) (l[c] / sum);
		return q;
	}

	/**
	 * Temperature and per-class bias that minimise the mean cross-entropy of the calibrated
	 * probabilities against {@code targets} (distributions, e.g. FER+ votes), by gradient descent
	 * with backtracking (the loss is convex in 1/T and b); the bias is centred to mean 0.
	 */
	public static Calibration fitToDistributions(float[][] p, float[][] targets, double[] prior) {
		return fitToDistributions(p, targets, prior, true);
	}

	/** As {@link #fitToDistributions(float[][], float[][], double[])}; without {@code withBias} the temperature alone (the top emotion never changes). */
	public static Calibration fitToDistributions(float[][] p, float[][] targets, double[] prior, boolean withBias) {
		int n = p.length, k = Emotion.COUNT;
		double[][] logp = new double[n][k];
		for (int i = 0; i < n; i++)
			for (int c = 0; c < k; c++)
				logp[i][c] = Math.log(Math.max(p[i][c], 1e-12));
		double[] x = new double[k + 1]; // x[0] = 1/T, x[1..k] = bias
		x[0] = 1;
		double step = 1, f = crossEntropy(logp, targets, x, null);
		double[] g = new double[k + 1];
		for (int it = 0; it < 500; it++) {
			crossEntropy(logp, targets, x, g);
			if (!withBias)
				Arrays.fill(g, 1, k + 1, 0);
			double gg = 0;
			for (double v : g)
				gg += v * v;
			if (gg < 1e-14)
				break;
			step *= 2;
			while (true) {
				double[] y = x.clone();
				for (int j = 0; j <= k; j++)
					y[j] -= step * g[j];
				double fy = y[0] > 0.05 ? crossEntropy(logp, targets, y, null) : Double.POSITIVE_INFINITY;
				if (fy <= f - 0.5 * step * gg) {
					x = y;
					f = fy;
					break;
				}
				step /= 2;
				if (step < 1e-12)
					break;
			}
			if (step < 1e-12)
				break;
		}
		double mean = 0;
		for (int c = 1; c <= k; c++)
			mean += x[c] / k;
		double[] bias = new double[k];
		for (int c = 0; c < k; c++)
			bias[c] = x[c + 1] - mean;
		return new Calibration(1 / x[0], bias, prior);
	}

	/** Mean cross-entropy at {@code x} (1/T, bias), and its gradient into {@code grad} when not null. */
	private static double crossEntropy(double[][] logp, float[][] targets, double[] x, double[] grad) {
		int k = Emotion.COUNT;
		if (grad != null)
			Arrays.fill(grad, 0);
		double loss = 0;
		double[] z = new double[k];
		for (int i = 0; i < logp.length; i++) {
			double max = Double.NEGATIVE_INFINITY;
			for (int c = 0; c < k; c++)
				max = Math.max(max, z[c] = x[0] * logp[i][c] + x[c + 1]);
			double sum = 0;
			for (int c = 0; c < k; c++)
				sum += Math.exp(z[c] - max);
			double logSum = max + Math.log(sum);
			for (int c = 0; c < k; c++) {
				double q = Math.exp(z[c] - logSum), t = targets[i][c];
				loss -= t * (z[c] - logSum);
				if (grad != null) {
					grad[0] += (q - t) * logp[i][c] / logp.length;
					grad[c + 1] += (q - t) / logp.length;
				}
			}
		}
		return loss / logp.length;
	}

	/** The probabilities at temperature {@code t} (1: unchanged). */
	public static float[] apply(float[] p, double t) {
		if (t == 1)
			return p;
		double[] l = new double[p.length];
		double max = Double.NEGATIVE_INFINITY;
		for (int c = 0; c < p.length; c++)
			max = Math.max(max, l[c] = Math.log(Math.max(p[c], 1e-12)) / t);
		return softmaxShifted(l, max);
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

	/** The file format beside a model: {@code temperature=1.2345}, then {@code bias=} and {@code prior=} (seven values each, emotion order) when set. */
	public String properties(String note) {
		StringBuilder sb = new StringBuilder(String.format(Locale.ROOT,
				"# calibration of the emotion probabilities (calibrate): softmax(log p / temperature + bias [- log prior]); %s%n"
						+ "# order: %s%ntemperature=%.4f%n", note, java.util.stream.Stream.of(Emotion.values()).map(Emotion::label).collect(java.util.stream.Collectors.joining(",")), temperature));
		if (!isZero(bias))
			sb.append("bias=").append(list(bias)).append(System.lineSeparator());
		if (prior != null)
			sb.append("prior=").append(list(prior)).append(System.lineSeparator());
		return sb.toString();
	}

	private static String list(double[] v) {
		StringBuilder sb = new StringBuilder();
		for (double x : v)
			sb.append(sb.length() > 0 ? "," : "").append(String.format(Locale.ROOT, "%.6f", x));
		return sb.toString();
	}

	/** The calibration in a file's text; a missing temperature is 1, a missing bias 0, a missing prior none. */
	public static Calibration read(String text) {
		double t = 1;
		double[] bias = new double[Emotion.COUNT], prior = null;
		for (String line : text.split("\\R")) {
			String l = line.trim();
			int eq = l.indexOf('=');
			if (l.startsWith("#") || eq < 0)
				continue;
			String key = l.substring(0, eq).trim(), value = l.substring(eq + 1).trim();
			switch (key) {
			case "temperature":
				t = number(key, value);
				break;
			case "bias":
				bias = values(key, value);
				break;
			case "prior":
				prior = values(key, value);
				break;
			default:
				break;
			}
		}
		return new Calibration(t, bias, prior);
	}

	private static double number(String key, String value) {
		try {
			return Double.parseDouble(value);
		} catch (NumberFormatException e) {
			throw new IllegalArgumentException(key + ": '" + value + "' is not a number");
		}
	}

	private static double[] values(String key, String value) {
		String[] parts = value.split(",");
		if (parts.length != Emotion.COUNT)
			throw new IllegalArgumentException(key + " needs " + Emotion.COUNT + " comma-separated values, not " + parts.length);
		double[] v = new double[parts.length];
		for (int i = 0; i < v.length; i++)
			v[i] = number(key, parts[i].trim());
		return v;
	}

	/** The temperature in a calibration file's text, or 1 when there is none. */
	public static double parse(String text) {
		return read(text).temperature;
	}
}
