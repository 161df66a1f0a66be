package org.faceemotion.report;

import java.io.IOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.faceemotion.core.model.Emotion;
import org.faceemotion.core.pipeline.ResultRow;
import org.faceemotion.core.pipeline.ResultsCsv;

/**
 * Runs of one smoothed emotion per face, for hand-coders: a segment starts where a face's smoothed
 * emotion changes, where the face was absent for more than {@link #MAX_GAP_SEC} or where its rows
 * are excluded, and lasts from its first frame to the start of the frame after its last one (so
 * that back-to-back segments touch). Excluded rows belong to no segment.
 */
public final class Segments {
	/** A face missing longer than this (seconds) ends its segment, as the tracker ends a track after 1 s. */
	public static final double MAX_GAP_SEC = 1.0;

	public static final class Segment {
		public final int faceId;
		public String participant;
		public final Emotion emotion;
		public final double startSec;
		public double endSec;
		public int frames, ok;
		double confidenceSum;

		Segment(int faceId, Emotion emotion, double startSec) {
			this.faceId = faceId;
			this.emotion = emotion;
			this.startSec = startSec;
		}

		/** Mean calibrated probability of the segment's emotion over its rows. */
		public double meanConfidence() {
			return frames == 0 ? 0 : confidenceSum / frames;
		}

		public double okFraction() {
			return frames == 0 ? 0 : ok / (double) frames;
		}

		/** The participant label where one was given, else "face N". */
		public String who() {
			return participant != null ? participant : "face " + faceId;
		}
	}

	private Segments() {
	}

	/** The segments of a table's rows (any order), by face and then time. */
	public static List<Segment> of(List<ResultRow> rows) {
		Map<Integer, List<ResultRow>> byFace = new LinkedHashMap<>();
		List<ResultRow> sorted = new ArrayList<>(rows);
		sorted.sort(Comparator.comparingInt((ResultRow r) -> r.faceId).thenComparingDouble(r -> r.timeSec).thenComparingInt(r -> r.frame));
		for (ResultRow r : sorted)
			byFace.computeIfAbsent(r.faceId, k -> new ArrayList<>()).add(r);
		// a frame lasts until the next frame of the video (any face): the typical step between frames
		double step = typicalStep(rows);
		List<Segment> out = new ArrayList<>();
		for (List<ResultRow> face : byFace.values()) {
			String participant = null;
			for (ResultRow r : face)
				if (r.participant != null)
					participant = r.participant;
			Segment cur = null;
			double lastTime = Double.NaN;
			for (ResultRow r : face) {
				if (r.excluded != null) {
					cur = null;
					continue;
				}
				boolean gap = !Double.isNaN(lastTime) && r.timeSec - lastTime > MAX_GAP_SEC;
				if (cur == null || gap || cur.emotion != r.smoothedEmotion) {
					if (cur != null && !gap)
						cur.endSec = r.timeSec; // touches the next one
					cur = new Segment(r.faceId, r.smoothedEmotion, r.timeSec);
					cur.participant = participant;
					out.add(cur);
				}
				cur.frames++;
				if (r.quality == null || r.quality == org.faceemotion.core.model.FaceQuality.Label.OK)
					cur.ok++;
				cur.confidenceSum += r.probabilities[r.smoothedEmotion.ordinal()];
				cur.endSec = r.timeSec + step;
				lastTime = r.timeSec;
			}
		}
		return out;
	}

	/** The median step between consecutive distinct frame times (0 without a time axis). */
	static double typicalStep(List<ResultRow> rows) {
		double[] times = rows.stream().mapToDouble(r -> r.timeSec).distinct().sorted().toArray();
		if (times.length < 2)
			return 0;
		double[] steps = new double[times.length - 1];
		for (int i = 1; i < times.length; i++)
			steps[i - 1] = times[i] - times[i - 1];
		java.util.Arrays.sort(steps);
		return steps[steps.length / 2];
	}

	public static List<String> header() {
		return List.of("source", "face_id", "participant", "segment", "start_s", "end_s", "duration_s", "emotion", "mean_confidence",
				"ok_fraction", "frames");
	}

	public static void write(List<Segment> segments, String source, Writer out) throws IOException {
		try (CSVPrinter p = new CSVPrinter(out, CSVFormat.DEFAULT.builder().setHeader(header().toArray(new String[0])).setRecordSeparator('\n').get())) {
			Map<Integer, Integer> counter = new LinkedHashMap<>();
			for (Segment s : segments) {
				int n = counter.merge(s.faceId, 1, Integer::sum);
				p.printRecord(ResultsCsv.text(source), s.faceId, s.participant == null ? "" : ResultsCsv.text(s.participant), n, f(s.startSec),
						f(s.endSec), f(s.endSec - s.startSec), s.emotion.label(), f(s.meanConfidence()), f(s.okFraction()), s.frames);
			}
		}
	}

	static String f(double v) {
		return ResultsCsv.fixed(v, 4);
	}
}
