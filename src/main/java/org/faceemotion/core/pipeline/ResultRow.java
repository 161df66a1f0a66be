package org.faceemotion.core.pipeline;

import org.faceemotion.core.model.Emotion;
import org.faceemotion.core.model.FaceQuality;
import org.faceemotion.core.model.FaceResult;
import org.faceemotion.core.model.FrameResult;

/**
 * One row of the per-frame table as typed values: what {@link ResultsCsv} writes and reads back,
 * and what the summaries, segments and event tables are computed from (in the batch and after
 * corrections alike). The last three fields exist only in a corrected table.
 */
public final class ResultRow {
	public String source;
	public int frame;
	public double timeSec;
	public int faceId;
	public double x, y, width, height, detectorScore;
	public Emotion emotion, smoothedEmotion;
	public double confidence;
	/** Calibrated probabilities in {@link Emotion} order. */
	public float[] probabilities = new float[Emotion.COUNT];
	/** NaN where not measured (roll and yaw without key points; all of them in tables of older versions). */
	public double facePx = Double.NaN, sharpness = Double.NaN, rollDeg = Double.NaN, yawDeg = Double.NaN;
	/** Null in tables of older versions, which had no quality column. */
	public FaceQuality.Label quality;
	/** Corrections: the participant label given to the face (null: none). */
	public String participant;
	/** Corrections: why the row is excluded (null: not excluded). */
	public String excluded;
	/** Corrections: whether an edit changed the row (its id, label or exclusion). */
	public boolean edited;

	public static ResultRow of(FrameResult fr, FaceResult f) {
		ResultRow r = new ResultRow();
		r.source = fr.source;
		r.frame = fr.frame;
		r.timeSec = fr.timeSec;
		r.faceId = f.faceId;
		r.x = f.box.x;
		r.y = f.box.y;
		r.width = f.box.width;
		r.height = f.box.height;
		r.detectorScore = f.box.score;
		r.emotion = f.emotion();
		r.confidence = f.confidence();
		r.smoothedEmotion = f.smoothedEmotion();
		r.probabilities = f.probabilities.clone();
		if (f.quality != null) {
			r.facePx = f.quality.facePx;
			r.sharpness = f.quality.sharpness;
			r.rollDeg = f.quality.rollDeg;
			r.yawDeg = f.quality.yawDeg;
			r.quality = f.quality.label;
		}
		return r;
	}

	/** Whether the row counts in summaries that count trusted rows only: quality ok (or unknown), not excluded. */
	public boolean trusted() {
		return excluded == null && (quality == null || quality == FaceQuality.Label.OK);
	}

	public ResultRow copy() {
		ResultRow r = new ResultRow();
		r.source = source;
		r.frame = frame;
		r.timeSec = timeSec;
		r.faceId = faceId;
		r.x = x;
		r.y = y;
		r.width = width;
		r.height = height;
		r.detectorScore = detectorScore;
		r.emotion = emotion;
		r.smoothedEmotion = smoothedEmotion;
		r.confidence = confidence;
		r.probabilities = probabilities.clone();
		r.facePx = facePx;
		r.sharpness = sharpness;
		r.rollDeg = rollDeg;
		r.yawDeg = yawDeg;
		r.quality = quality;
		r.participant = participant;
		r.excluded = excluded;
		r.edited = edited;
		return r;
	}
}
