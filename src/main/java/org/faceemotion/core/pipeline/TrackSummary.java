package org.faceemotion.core.pipeline;

import java.io.IOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.faceemotion.core.model.Emotion;
import org.faceemotion.core.model.FaceQuality;
import org.faceemotion.core.model.FaceResult;
import org.faceemotion.core.model.FrameResult;

/**
 * Per face id over a whole stream: first and last time, frames seen, fraction of frames in each
 * smoothed emotion (sums to 1), dominant emotion and mean raw probabilities, counted over the
 * trusted rows (quality ok, not excluded) unless all rows are asked for; how many rows had each
 * quality; whether the track is shorter than the minimum duration (such tracks are kept, marked
 * and listed after the others). Also keeps each id's samples for the timeline plot. Built from
 * {@link ResultRow}s, so a table read back (corrected or not) gives the same summary as the run.
 */
public final class TrackSummary {
	/** What the summary counts: trusted rows only (default) or all of them, and the shortest track that is not marked. */
	public static final class Options {
		public boolean countAllRows;
		/** Tracks spanning less than this (seconds, first to last frame) are marked short; 0: none is. */
		public double minTrackSec = 0.5;

		public Options check() {
			if (!(minTrackSec >= 0))
				throw new IllegalArgumentException("minimum track duration must be >= 0 s, got " + minTrackSec);
			return this;
		}

		public Options copy() {
			Options o = new Options();
			o.countAllRows = countAllRows;
			o.minTrackSec = minTrackSec;
			return o;
		}
	}

	/** One sample of a track for plots: time, smoothed emotion, the calibrated probabilities and whether the row is trusted. */
	public static final class Sample {
		public final double timeSec;
		public final Emotion smoothed;
		public final float[] probabilities;
		public final boolean trusted;

		Sample(double timeSec, Emotion smoothed, float[] probabilities, boolean trusted) {
			this.timeSec = timeSec;
			this.smoothed = smoothed;
			this.probabilities = probabilities;
			this.trusted = trusted;
		}
	}

	public final class Track {
		public final int id;
		public double first = Double.NaN, last;
		public int frames, counted, excluded;
		public String participant;
		public final int[] emotionFrames = new int[Emotion.COUNT];
		public final int[] qualityRows = new int[FaceQuality.Label.values().length];
		public final double[] probabilitySum = new double[Emotion.COUNT];
		public final List<Sample> samples = new ArrayList<>();

		Track(int id) {
			this.id = id;
		}

		public double fraction(Emotion e) {
			return counted == 0 ? 0 : emotionFrames[e.ordinal()] / (double) counted;
		}

		/** The most frequent smoothed emotion of the counted rows, or null when none was counted. */
		public Emotion dominant() {
			if (counted == 0)
				return null;
			int best = 0;
			for (int i = 1; i < Emotion.COUNT; i++)
				if (emotionFrames[i] > emotionFrames[best])
					best = i;
			return Emotion.values()[best];
		}

		public double meanProbability(Emotion e) {
			return counted == 0 ? 0 : probabilitySum[e.ordinal()] / counted;
		}

		public double durationSec() {
			return frames == 0 ? 0 : last - first;
		}

		public boolean isShort() {
			return hasTimeAxis && durationSec() < options.minTrackSec;
		}
	}

	private final Map<Integer, Track> tracks = new TreeMap<>();
	private final Options options;
	private double lastTime, firstTime = Double.NaN;
	private boolean hasTimeAxis;

	public TrackSummary() {
		this(new Options());
	}

	public TrackSummary(Options options) {
		this.options = options.copy().check();
	}

	public void add(FrameResult fr) {
		for (FaceResult f : fr.faces)
			add(ResultRow.of(fr, f));
		lastTime = Math.max(lastTime, fr.timeSec);
	}

	public void add(ResultRow r) {
		lastTime = Math.max(lastTime, r.timeSec);
		Track t = tracks.computeIfAbsent(r.faceId, Track::new);
		// still images and stacks without times have every row at 0: no track is short there
		if (Double.isNaN(firstTime))
			firstTime = r.timeSec;
		else if (r.timeSec != firstTime)
			hasTimeAxis = true;
		if (Double.isNaN(t.first))
			t.first = r.timeSec;
		t.first = Math.min(t.first, r.timeSec);
		t.last = Math.max(t.last, r.timeSec);
		t.frames++;
		if (r.participant != null)
			t.participant = r.participant;
		if (r.excluded != null)
			t.excluded++;
		if (r.quality != null)
			t.qualityRows[r.quality.ordinal()]++;
		boolean trusted = r.trusted();
		if (r.excluded == null && (trusted || options.countAllRows)) {
			t.counted++;
			t.emotionFrames[r.smoothedEmotion.ordinal()]++;
			for (int c = 0; c < Emotion.COUNT; c++)
				t.probabilitySum[c] += r.probabilities[c];
		}
		t.samples.add(new Sample(r.timeSec, r.smoothedEmotion, r.probabilities, trusted));
	}

	/** The tracks by id, those marked short after the others. */
	public List<Track> tracks() {
		List<Track> all = new ArrayList<>(tracks.values());
		all.sort(java.util.Comparator.comparing(Track::isShort));
		return all;
	}

	public double lastTime() {
		return lastTime;
	}

	/** The summary's columns, in order: the one definition for the CSV and for Fiji's table. */
	public static List<String> header() {
		List<String> header = new ArrayList<>(List.of("source", "face_id", "first_s", "last_s", "frames", "dominant_emotion"));
		for (Emotion e : Emotion.values())
			header.add("fraction_" + e.label());
		for (Emotion e : Emotion.values())
			header.add("mean_" + e.label());
		header.add("counted_rows");
		for (FaceQuality.Label q : FaceQuality.Label.values())
			header.add("rows_" + q.id());
		header.addAll(List.of("rows_excluded", "duration_s", "short_track", "participant"));
		return header;
	}

	/** One track's values in the order of {@link #header()}: text for the source, the emotion and the flags, numbers for the rest. */
	public static List<Object> values(Track t, String source) {
		Emotion dominant = t.dominant();
		List<Object> row = new ArrayList<>(List.of(ResultsCsv.text(source), t.id, t.first, t.last, t.frames, dominant == null ? "" : dominant.label()));
		for (Emotion e : Emotion.values())
			row.add(t.fraction(e));
		for (Emotion e : Emotion.values())
			row.add(t.meanProbability(e));
		row.add(t.counted);
		for (FaceQuality.Label q : FaceQuality.Label.values())
			row.add(t.qualityRows[q.ordinal()]);
		row.add(t.excluded);
		row.add(t.durationSec());
		row.add(String.valueOf(t.isShort()));
		row.add(t.participant == null ? "" : ResultsCsv.text(t.participant));
		return row;
	}

	public void write(Writer out, String source) throws IOException {
		try (CSVPrinter p = new CSVPrinter(out, CSVFormat.DEFAULT.builder().setHeader(header().toArray(new String[0])).setRecordSeparator('\n').get())) {
			for (Track t : tracks()) {
				List<Object> row = values(t, source);
				for (int i = 0; i < row.size(); i++)
					if (row.get(i) instanceof Double)
						row.set(i, r((Double) row.get(i)));
				p.printRecord(row);
			}
		}
	}

	private static String r(double v) {
		return ResultsCsv.fixed(v, 4);
	}
}
