package org.faceemotion.core.model;

/** One face in one frame: where it is, who it is (track id), and what it expresses. */
public final class FaceResult {
	public final int faceId;
	public final Face box;
	/** Raw probabilities of this frame, in {@link Emotion} order. */
	public final float[] probabilities;
	/** Probabilities smoothed over time within the face's track (equal to the raw ones without a time axis). */
	public final float[] smoothed;

	/** How far the row can be trusted (size, sharpness, roll, yaw, label), or null where it was not measured. */
	public final FaceQuality quality;

	public FaceResult(int faceId, Face box, float[] probabilities, float[] smoothed) {
		this(faceId, box, probabilities, smoothed, null);
	}

	public FaceResult(int faceId, Face box, float[] probabilities, float[] smoothed, FaceQuality quality) {
		this.faceId = faceId;
		this.box = box;
		this.probabilities = probabilities;
		this.smoothed = smoothed;
		this.quality = quality;
	}

	public FaceResult withQuality(FaceQuality q) {
		return new FaceResult(faceId, box, probabilities, smoothed, q);
	}

	public Emotion emotion() {
		return Emotion.argmax(probabilities);
	}

	public float confidence() {
		return probabilities[emotion().ordinal()];
	}

	public Emotion smoothedEmotion() {
		return Emotion.argmax(smoothed);
	}
}
