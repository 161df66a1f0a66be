package org.faceemotion.report;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.faceemotion.core.model.Emotion;
import org.faceemotion.core.pipeline.ResultRow;

/**
 * A per-person baseline: each face's own resting level of each emotion, and the probabilities
 * relative to it ({@code rel_<emotion>} = probability - the face's level), written as extra
 * columns after the calibrated ones, which stay as they are. The level is the mean of the face's
 * trusted rows either in a time window the user names ({@code START-END} in seconds, e.g. a
 * resting period at the start of a session) or among the rows the model reads as neutral with
 * at least a given probability ({@code neutral} or {@code neutral:P}, default P = 0.8). A face
 * without such rows gets empty cells (and is named in the run's note).
 */
public final class Baseline {
	public final double startSec, endSec, minNeutral;
	private final String spec;

	private Baseline(String spec, double startSec, double endSec, double minNeutral) {
		this.spec = spec;
		this.startSec = startSec;
		this.endSec = endSec;
		this.minNeutral = minNeutral;
	}

	/** {@code neutral}, {@code neutral:P} (0 &lt; P &lt; 1) or {@code START-END} (seconds, START &lt; END); null or empty: none. */
	public static Baseline parse(String spec) {
		if (spec == null || spec.isBlank())
			return null;
		String s = spec.trim().toLowerCase(Locale.ROOT);
		try {
			if (s.equals("neutral"))
				return new Baseline(s, Double.NaN, Double.NaN, 0.8);
			if (s.startsWith("neutral:")) {
				double p = Double.parseDouble(s.substring(8));
				if (!(p > 0 && p < 1))
					throw new IllegalArgumentException();
				return new Baseline(s, Double.NaN, Double.NaN, p);
			}
			int dash = s.indexOf('-', 1);
			if (dash > 0) {
				double a = Double.parseDouble(s.substring(0, dash)), b = Double.parseDouble(s.substring(dash + 1));
				if (a >= 0 && b > a && Double.isFinite(b))
					return new Baseline(s, a, b, Double.NaN);
			}
		} catch (IllegalArgumentException e) {
			// the message below says what is accepted
		}
		throw new IllegalArgumentException("--baseline '" + spec
				+ "': expected 'neutral', 'neutral:P' with 0 < P < 1, or a time window 'START-END' in seconds (e.g. 0-30)");
	}

	public boolean byNeutral() {
		return Double.isNaN(startSec);
	}

	/** Each face's level of each emotion (Emotion order), or no entry when the face has no baseline rows. */
	public Map<Integer, double[]> levels(List<ResultRow> rows) {
		Map<Integer, double[]> sum = new HashMap<>();
		Map<Integer, Integer> n = new HashMap<>();
		for (ResultRow r : rows) {
			if (!r.trusted())
				continue;
			boolean in = byNeutral() ? r.probabilities[Emotion.NEUTRAL.ordinal()] >= minNeutral : r.timeSec >= startSec && r.timeSec < endSec;
			if (!in)
				continue;
			double[] s = sum.computeIfAbsent(r.faceId, k -> new double[Emotion.COUNT]);
			for (int c = 0; c < Emotion.COUNT; c++)
				s[c] += r.probabilities[c];
			n.merge(r.faceId, 1, Integer::sum);
		}
		Map<Integer, double[]> out = new HashMap<>();
		for (Map.Entry<Integer, double[]> e : sum.entrySet()) {
			double[] m = e.getValue().clone();
			for (int c = 0; c < Emotion.COUNT; c++)
				m[c] /= n.get(e.getKey());
			out.put(e.getKey(), m);
		}
		return out;
	}

	public static List<String> columns() {
		List<String> c = new ArrayList<>();
		for (Emotion e : Emotion.values())
			c.add("rel_" + e.label());
		return c;
	}

	/** The extra cells of one row: its probabilities less its face's levels, NaN (an empty cell) without levels. */
	public static List<Object> values(ResultRow r, Map<Integer, double[]> levels) {
		double[] l = levels.get(r.faceId);
		List<Object> v = new ArrayList<>(Emotion.COUNT);
		for (int c = 0; c < Emotion.COUNT; c++)
			v.add(l == null ? Double.NaN : Math.round((r.probabilities[c] - l[c]) * 1e4) / 1e4);
		return v;
	}

	@Override
	public String toString() {
		return spec;
	}
}
