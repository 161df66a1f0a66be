package org.faceemotion.train;

import java.util.Locale;

import org.faceemotion.core.model.Emotion;

/** Confusion matrix and per-class precision, recall and F1 of a classification run. */
public final class Metrics {
	/** confusion[true][predicted] */
	public final int[][] confusion = new int[Emotion.COUNT][Emotion.COUNT];

	public void add(int truth, int predicted) {
		confusion[truth][predicted]++;
	}

	public int total() {
		int t = 0;
		for (int[] row : confusion)
			for (int v : row)
				t += v;
		return t;
	}

	public double accuracy() {
		int c = 0;
		for (int i = 0; i < Emotion.COUNT; i++)
			c += confusion[i][i];
		return total() == 0 ? 0 : c / (double) total();
	}

	public int support(int c) {
		int s = 0;
		for (int v : confusion[c])
			s += v;
		return s;
	}

	public double recall(int c) {
		int s = support(c);
		return s == 0 ? Double.NaN : confusion[c][c] / (double) s;
	}

	public double precision(int c) {
		int p = 0;
		for (int[] row : confusion)
			p += row[c];
		return p == 0 ? Double.NaN : confusion[c][c] / (double) p;
	}

	public double f1(int c) {
		double p = precision(c), r = recall(c);
		return Double.isNaN(p) || Double.isNaN(r) || p + r == 0 ? Double.NaN : 2 * p * r / (p + r);
	}

	/** Per-class table, confusion matrix, and as the last line {@code accuracy: 0.xxxx}. */
	public String report() {
		StringBuilder sb = new StringBuilder();
		sb.append(String.format(Locale.ROOT, "%-9s %9s %9s %9s %8s%n", "class", "precision", "recall", "f1", "support"));
		for (Emotion e : Emotion.values()) {
			int c = e.ordinal();
			if (support(c) == 0 && Double.isNaN(precision(c)))
				continue;
			sb.append(String.format(Locale.ROOT, "%-9s %9s %9s %9s %8d%n", e.label(), fmt(precision(c)), fmt(recall(c)), fmt(f1(c)),
					support(c)));
		}
		sb.append(String.format(Locale.ROOT, "%nconfusion matrix (rows: true class, columns: predicted)%n%-9s", ""));
		for (Emotion e : Emotion.values())
			sb.append(String.format(Locale.ROOT, " %8s", e.label()));
		sb.append(System.lineSeparator());
		for (Emotion e : Emotion.values()) {
			sb.append(String.format(Locale.ROOT, "%-9s", e.label()));
			for (int v : confusion[e.ordinal()])
				sb.append(String.format(Locale.ROOT, " %8d", v));
			sb.append(System.lineSeparator());
		}
		sb.append(String.format(Locale.ROOT, "%nimages: %d%naccuracy: %.4f%n", total(), accuracy()));
		return sb.toString();
	}

	private static String fmt(double v) {
		return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.4f", v);
	}
}
