package org.faceemotion.train;

import java.util.Locale;

import org.faceemotion.core.model.Emotion;

/**
 * How well predictions agree with people: FER+'s ten taggers per image ({@link FerPlusVotes}).
 * Accuracy and per-class recall against the one-emotion majority (images without one are left
 * out and counted), the mean share of taggers who chose the predicted emotion, and the
 * cross-entropy of the predicted probabilities against the vote distributions.
 */
public final class VoteMetrics {
	/** Confusion against the majority: rows the taggers' majority, columns the prediction. */
	public final Metrics majority = new Metrics();
	private double shareSum, crossEntropySum;
	private int usable, images;

	/** One image: its probabilities (seven, {@link Emotion} order) and its index in {@code votes}. */
	public void add(float[] p, FerPlusVotes.Matched votes, int i) {
		images++;
		int predicted = Emotion.argmax(p).ordinal();
		int m = votes.majority(i);
		if (m >= 0)
			majority.add(m, predicted);
		float[] d = new float[Emotion.COUNT];
		if (votes.distribution(i, d, 0)) {
			usable++;
			shareSum += d[predicted];
			for (int k = 0; k < Emotion.COUNT; k++)
				if (d[k] > 0)
					crossEntropySum -= d[k] * Math.log(Math.max(1e-7, p[k]));
		}
	}

	public double majorityAccuracy() {
		return majority.accuracy();
	}

	/** Mean recall over the classes that have a majority image. */
	public double balancedAccuracy() {
		double s = 0;
		int n = 0;
		for (int c = 0; c < Emotion.COUNT; c++)
			if (majority.support(c) > 0) {
				s += majority.recall(c);
				n++;
			}
		return n == 0 ? Double.NaN : s / n;
	}

	/** Mean share of the taggers who named the predicted emotion (usable images). */
	public double taggerShare() {
		return usable == 0 ? Double.NaN : shareSum / usable;
	}

	/** Mean cross-entropy against the normalised votes (usable images). */
	public double crossEntropy() {
		return usable == 0 ? Double.NaN : crossEntropySum / usable;
	}

	/** The figures as text; the last lines are {@code name: value} pairs for scripts. */
	public String report() {
		StringBuilder sb = new StringBuilder();
		sb.append(String.format(Locale.ROOT, "against the FER+ taggers' majority (%d of %d images have a one-emotion majority):%n",
				majority.total(), images));
		sb.append(majority.report().replaceFirst("(?s)\\nimages: .*$", "\n"));
		sb.append(String.format(Locale.ROOT, "majority accuracy: %.4f%n", majorityAccuracy()));
		sb.append(String.format(Locale.ROOT, "balanced accuracy (mean recall on the majority): %.4f%n", balancedAccuracy()));
		sb.append(String.format(Locale.ROOT, "tagger share (mean share of taggers for the predicted emotion, %d images): %.4f%n", usable,
				taggerShare()));
		sb.append(String.format(Locale.ROOT, "cross-entropy against the votes (%d images): %.4f%n", usable, crossEntropy()));
		return sb.toString();
	}
}
