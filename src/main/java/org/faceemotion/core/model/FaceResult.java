package org.faceemotion.core.model;

/** One face in one frame: where it is, who it is (track id), and what it expresses. */
public final class FaceResult {
	public final int faceId;
	public final Face box;
	/** Raw probabilities of this frame, in {@link Emotion} order. */
	public final float[] probabilities;
	/** Probabilities smoothed over time within the face's track (equal to the raw ones without a time axis). */
	public final float[] smoothed;

	public FaceResult(int faceId, Face box, float[] probabilities, float[] smoothed) {
		this.faceId = faceId;
		this.box = box;
		this.probabilities = probabilities;
		this.smoothed = smoothed;
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
