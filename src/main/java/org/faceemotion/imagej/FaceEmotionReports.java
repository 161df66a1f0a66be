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
	public static final String TRACES_TITLE = "Face Emotion Traces";
	public static final String EVENTS_TITLE = "Face Emotion Events";

	/**
	 * Per face, the seven calibrated probabilities over time as an ImageJ Plot, event onsets as
	 * dashed marks; one plot per face id, as the slices of one stack ("face N" as slice label).
	 */
	public static ij.ImagePlus traces(List<org.faceemotion.core.pipeline.ResultRow> rows, String source, List<double[]> onsets) {
		Map<Integer, List<org.faceemotion.core.pipeline.ResultRow>> byFace = new TreeMap<>();
		double tMax = 1e-3;
		for (org.faceemotion.core.pipeline.ResultRow r : rows) {
			byFace.computeIfAbsent(r.faceId, k -> new ArrayList<>()).add(r);
			tMax = Math.max(tMax, r.timeSec);
		}
		ij.ImageStack stack = null;
		for (Map.Entry<Integer, List<org.faceemotion.core.pipeline.ResultRow>> face : byFace.entrySet()) {
			Plot plot = tracePlot(face.getValue(), source + ", face " + face.getKey(), tMax, onsets);
			ij.process.ImageProcessor ip = plot.getProcessor();
			if (stack == null)
				stack = new ij.ImageStack(ip.getWidth(), ip.getHeight());
			stack.addSlice("face " + face.getKey(), ip);
		}
		if (stack == null) {
			Plot empty = new Plot(TRACES_TITLE + " - " + source, "time (s)", "probability");
			empty.addLabel(0.4, 0.5, "no faces");
			return empty.getImagePlus();
		}
		return new ij.ImagePlus(TRACES_TITLE + " - " + source, stack);
	}

	/** One face's plot: a line per emotion (broken where the face is missing for more than half a second). */
	public static Plot tracePlot(List<org.faceemotion.core.pipeline.ResultRow> rows, String title, double tMax, List<double[]> onsets) {
		Plot plot = new Plot(TRACES_TITLE + " - " + title, "time (s)", "probability");
		plot.setLimits(0, tMax * 1.02, 0, 1.05);
		StringBuilder legend = new StringBuilder();
		for (Emotion e : Emotion.values()) {
			double[] x = new double[rows.size()], y = new double[rows.size()];
			for (int i = 0; i < rows.size(); i++) {
				boolean gap = i > 0 && rows.get(i).timeSec - rows.get(i - 1).timeSec > 0.5;
				x[i] = rows.get(i).timeSec;
				y[i] = gap ? Double.NaN : rows.get(i).probabilities[e.ordinal()];
			}
			plot.setColor(ImageAnnotation.color(e));
			plot.setLineWidth(2);
			plot.addPoints(x, y, Plot.LINE);
			legend.append(legend.length() == 0 ? "" : "\n").append(e.label());
		}
		plot.setColor(Color.darkGray);
		plot.setLineWidth(1);
		for (double[] on : onsets)
			plot.drawDottedLine(on[0], 0, on[0], 1.05, 3);
		plot.setColor(Color.black);
		plot.setLegend(legend.toString(), Plot.AUTO_POSITION | Plot.LEGEND_TRANSPARENT);
		return plot;
	}

	private FaceEmotionReports() {
	}

	/** One row per face id, as the batch's summary: first and last time, frames, dominant emotion, fractions, means, quality counts. */
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
