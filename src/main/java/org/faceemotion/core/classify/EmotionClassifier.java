package org.faceemotion.core.classify;

import java.util.ArrayList;
import java.util.List;

import org.faceemotion.core.model.Emotion;

/** Seven emotion probabilities for each 48x48 grey face (row-major bytes). */
public interface EmotionClassifier extends AutoCloseable {
	/** Probabilities in {@link Emotion} order, one row per face; all faces in one batch. */
	float[][] classify(List<byte[]> faces);

	/** Test-time augmentation: the mean of the face and its mirror image. */
	default float[][] classifyWithFlip(List<byte[]> faces) {
		List<byte[]> both = new ArrayList<>(faces);
		for (byte[] f : faces)
			both.add(mirror(f));
		float[][] p = classify(both);
		float[][] out = new float[faces.size()][Emotion.COUNT];
		for (int i = 0; i < faces.size(); i++)
			for (int c = 0; c < Emotion.COUNT; c++)
				out[i][c] = (p[i][c] + p[i + faces.size()][c]) / 2;
		return out;
	}

	static byte[] mirror(byte[] face) {
		int s = Preprocessing.SIZE;
		byte[] m = new byte[face.length];
		for (int y = 0; y < s; y++)
			for (int x = 0; x < s; x++)
				m[y * s + x] = face[y * s + s - 1 - x];
		return m;
	}

	/** How the emotions are weighed ({@link Prior}); a classifier without a calibrated prior offers only {@link Prior#EVERYDAY}. */
	default void setPrior(Prior prior) {
		if (prior != Prior.EVERYDAY)
			throw new IllegalArgumentException(this + ": has no calibrated class prior, so only the everyday prior applies");
	}

	default Prior prior() {
		return Prior.EVERYDAY;
	}

	/** Whose reading the probabilities state ({@link Labels}); a classifier without a FER-2013 head offers only {@link Labels#PEOPLE}. */
	default void setLabels(Labels labels) {
		if (labels != Labels.PEOPLE)
			throw new IllegalArgumentException(this + ": has no FER-2013 head, so only --labels people applies");
	}

	default Labels labels() {
		return Labels.PEOPLE;
	}

	/** The model's file name, for provenance. */
	default String modelName() {
		return toString();
	}

	/** SHA-256 of the model's bytes (hex), or null when unknown. */
	default String modelSha256() {
		return null;
	}

	/** The calibration applied to the probabilities, for provenance. */
	default Calibration calibration() {
		return Calibration.NONE;
	}

	/** What runs the network (for provenance), e.g. "ONNX Runtime 1.20.0". */
	default String runtime() {
		return getClass().getSimpleName();
	}

	@Override
	default void close() {
	}
}
