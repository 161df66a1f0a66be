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
import org.faceemotion.core.model.FaceResult;
import org.faceemotion.core.model.FrameResult;

/**
 * Per face id over a whole stream: first and last time, frames seen, fraction of frames in each
 * smoothed emotion (sums to 1), dominant emotion and mean raw probabilities. Also keeps the
 * (time, smoothed emotion) samples of each id for the timeline plot.
 */
public final class TrackSummary {
	public static final class Track {
		public final int id;
		public double first = Double.NaN, last;
		public int frames;
		public final int[] emotionFrames = new int[Emotion.COUNT];
		public final double[] probabilitySum = new double[Emotion.COUNT];
		public final List<double[]> samples = new ArrayList<>(); // {time, smoothed emotion ordinal}

		Track(int id) {
			this.id = id;
		}

		public double fraction(Emotion e) {
			return frames == 0 ? 0 : emotionFrames[e.ordinal()] / (double) frames;
		}

		public Emotion dominant() {
			int best = 0;
			for (int i = 1; i < Emotion.COUNT; i++)
				if (emotionFrames[i] > emotionFrames[best])
					best = i;
			return Emotion.values()[best];
		}

		public double meanProbability(Emotion e) {
			return frames == 0 ? 0 : probabilitySum[e.ordinal()] / frames;
		}
	}

	private final Map<Integer, Track> tracks = new TreeMap<>();
	private double lastTime;

	public void add(FrameResult fr) {
		lastTime = Math.max(lastTime, fr.timeSec);
		for (FaceResult f : fr.faces) {
			Track t = tracks.computeIfAbsent(f.faceId, Track::new);
			if (Double.isNaN(t.first))
				t.first = fr.timeSec;
			t.last = fr.timeSec;
			t.frames++;
			t.emotionFrames[f.smoothedEmotion().ordinal()]++;
			for (int c = 0; c < Emotion.COUNT; c++)
				t.probabilitySum[c] += f.probabilities[c];
			t.samples.add(new double[] { fr.timeSec, f.smoothedEmotion().ordinal() });
		}
	}

	public List<Track> tracks() {
		return new ArrayList<>(tracks.values());
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
		return header;
	}

	/** One track's values in the order of {@link #header()}: text for the source and the emotion, numbers for the rest. */
	public static List<Object> values(Track t, String source) {
		List<Object> row = new ArrayList<>(List.of(ResultsCsv.text(source), t.id, t.first, t.last, t.frames, t.dominant().label()));
		for (Emotion e : Emotion.values())
			row.add(t.fraction(e));
		for (Emotion e : Emotion.values())
			row.add(t.meanProbability(e));
		return row;
	}

	public void write(Writer out, String source) throws IOException {
		try (CSVPrinter p = new CSVPrinter(out, CSVFormat.DEFAULT.builder().setHeader(header().toArray(new String[0])).setRecordSeparator('\n').get())) {
			for (Track t : tracks.values()) {
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
