package org.faceemotion.imagej;

import java.awt.Color;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import ij.gui.Plot;
import ij.measure.ResultsTable;

import org.faceemotion.core.model.Emotion;
import org.faceemotion.core.model.FrameResult;
import org.faceemotion.core.pipeline.TrackSummary;

/**
 * Fiji-native results of a stack or video: the per-face summary table and the emotion timeline as
 * an ImageJ {@link Plot} (one lane per face id, a mark per frame coloured by the smoothed emotion),
 * which the user can zoom, save and list like any plot.
 */
public final class FaceEmotionReports {
	public static final String SUMMARY_TITLE = "Face Emotion Summary";
	public static final String TIMELINE_TITLE = "Face Emotion Timeline";

	private FaceEmotionReports() {
	}

	/** One row per face id: first and last time, frames, dominant emotion, fraction of frames per emotion, mean probabilities. */
	public static ResultsTable summaryTable(List<FrameResult> frames, String source) {
		TrackSummary s = new TrackSummary();
		frames.forEach(s::add);
		ResultsTable rt = new ResultsTable();
		rt.showRowNumbers(false);
		List<String> header = TrackSummary.header();
		for (TrackSummary.Track t : s.tracks()) {
			rt.incrementCounter();
			List<Object> values = TrackSummary.values(t, source);
			for (int i = 0; i < header.size(); i++) {
				Object v = values.get(i);
				if (v instanceof Number)
					rt.addValue(header.get(i), ((Number) v).doubleValue());
				else
					rt.addValue(header.get(i), String.valueOf(v));
			}
		}
		return rt;
	}

	/** The timeline of the rows of a results table (columns time_s, face_id, smoothed_emotion), e.g. one read from a CSV. */
	public static Plot timeline(ResultsTable rows, String source) {
		Map<Integer, List<double[]>> byFace = new TreeMap<>();
		int timeCol = rows.getColumnIndex("time_s"), idCol = rows.getColumnIndex("face_id"), emoCol = rows.getColumnIndex("smoothed_emotion");
		if (timeCol < 0 || idCol < 0 || emoCol < 0)
			throw new IllegalArgumentException("not a Face Emotion results table: time_s, face_id or smoothed_emotion is missing");
		for (int r = 0; r < rows.size(); r++) {
			Emotion e = Emotion.fromLabel(rows.getStringValue(emoCol, r));
			if (e == null)
				continue;
			byFace.computeIfAbsent((int) rows.getValueAsDouble(idCol, r), k -> new ArrayList<>())
					.add(new double[] { rows.getValueAsDouble(timeCol, r), e.ordinal() });
		}
		return plot(byFace, source);
	}

	public static Plot timeline(List<FrameResult> frames, String source) {
		return timeline(ImageAnnotation.table(frames), source);
	}

	private static Plot plot(Map<Integer, List<double[]>> byFace, String source) {
		Plot plot = new Plot(TIMELINE_TITLE + " - " + source, "time (s)", "face id");
		double tMax = 0;
		int idMax = 0;
		for (Map.Entry<Integer, List<double[]>> track : byFace.entrySet()) {
			idMax = Math.max(idMax, track.getKey());
			for (double[] s : track.getValue())
				tMax = Math.max(tMax, s[0]);
		}
		StringBuilder legend = new StringBuilder();
		for (Emotion e : Emotion.values()) {
			List<Double> x = new ArrayList<>(), y = new ArrayList<>();
			for (Map.Entry<Integer, List<double[]>> track : byFace.entrySet())
				for (double[] s : track.getValue())
					if ((int) s[1] == e.ordinal()) {
						x.add(s[0]);
						y.add((double) track.getKey());
					}
			plot.setColor(ImageAnnotation.color(e), ImageAnnotation.color(e));
			plot.setLineWidth(3);
			// an empty series still carries the legend entry
			plot.addPoints(toArray(x, Double.NaN), toArray(y, Double.NaN), Plot.BOX);
			legend.append(legend.length() == 0 ? "" : "\n").append(e.label());
		}
		plot.setColor(Color.black);
		plot.setLineWidth(1);
		plot.setLimits(0, Math.max(tMax, 1e-3) * 1.02, 0.5, Math.max(1, idMax) + 0.5);
		plot.setLegend(legend.toString(), Plot.AUTO_POSITION | Plot.LEGEND_TRANSPARENT);
		return plot;
	}

	private static double[] toArray(List<Double> v, double empty) {
		if (v.isEmpty())
			return new double[] { empty };
		double[] a = new double[v.size()];
		for (int i = 0; i < a.length; i++)
			a[i] = v.get(i);
		return a;
	}
}
