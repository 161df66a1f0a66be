package org.faceemotion.core.classify;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.faceemotion.core.model.Emotion;

/**
 * A second softmax layer on the emotion network's hidden layer: the FER-2013 head. The shipped
 * network is trained toward what ten taggers see (FER+ votes); this head, fitted on the same
 * hidden features to FER-2013's own labels, gives FER-2013's reading for comparison with the
 * literature and with the original app ({@code --labels fer2013}). Stored as text beside the
 * model ({@code <model>.fer2013-head.csv}): a line {@code hidden=H temperature=T}, then one line
 * per emotion (in {@link Emotion} order) of H weights and the bias.
 */
public final class LinearHead {
	public final int hidden;
	public final double temperature;
	final double[][] weights; // [emotion][hidden]
	final double[] bias;

	public LinearHead(double[][] weights, double[] bias, double temperature) {
		if (weights.length != Emotion.COUNT || bias.length != Emotion.COUNT)
			throw new IllegalArgumentException("a head has " + Emotion.COUNT + " rows, got " + weights.length);
		this.hidden = weights[0].length;
		this.weights = weights;
		this.bias = bias;
		this.temperature = temperature;
	}

	public LinearHead withTemperature(double t) {
		return new LinearHead(weights, bias, t);
	}

	/** Probabilities of one face from its hidden features. */
	public float[] probabilities(float[] features, int offset) {
		double[] z = logits(features, offset);
		double max = Double.NEGATIVE_INFINITY;
		for (double v : z)
			max = Math.max(max, v);
		double sum = 0;
		for (int c = 0; c < z.length; c++) {
			z[c] = Math.exp((z[c] - max) / temperature);
			sum += z[c];
		}
		float[] p = new float[z.length];
		for (int c = 0; c < z.length; c++)
			p[c] = (float) (z[c] / sum);
		return p;
	}

	public double[] logits(float[] features, int offset) {
		double[] z = new double[Emotion.COUNT];
		for (int c = 0; c < Emotion.COUNT; c++) {
			double s = bias[c];
			double[] w = weights[c];
			for (int j = 0; j < hidden; j++)
				s += w[j] * features[offset + j];
			z[c] = s;
		}
		return z;
	}

	public String write() {
		StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "hidden=%d temperature=%.6f%n", hidden, temperature));
		for (int c = 0; c < Emotion.COUNT; c++) {
			List<String> v = new ArrayList<>();
			for (double w : weights[c])
				v.add(String.format(Locale.ROOT, "%.7g", w));
			v.add(String.format(Locale.ROOT, "%.7g", bias[c]));
			sb.append(String.join(",", v)).append('\n');
		}
		return sb.toString();
	}

	public static LinearHead read(String text, String name) {
		String[] lines = text.strip().split("\\R");
		try {
			String[] head = lines[0].trim().split("\\s+");
			int h = Integer.parseInt(head[0].substring("hidden=".length()));
			double t = Double.parseDouble(head[1].substring("temperature=".length()));
			if (lines.length != Emotion.COUNT + 1)
				throw new IllegalArgumentException(Emotion.COUNT + 1 + " lines expected, got " + lines.length);
			double[][] w = new double[Emotion.COUNT][h];
			double[] b = new double[Emotion.COUNT];
			for (int c = 0; c < Emotion.COUNT; c++) {
				String[] cells = lines[c + 1].split(",");
				if (cells.length != h + 1)
					throw new IllegalArgumentException("line " + (c + 2) + ": " + (h + 1) + " numbers expected, got " + cells.length);
				for (int j = 0; j < h; j++)
					w[c][j] = Double.parseDouble(cells[j]);
				b[c] = Double.parseDouble(cells[h]);
			}
			return new LinearHead(w, b, t);
		} catch (RuntimeException e) {
			throw new IllegalArgumentException(name + ": not a head file (" + e.getMessage() + ")", e);
		}
	}
}
