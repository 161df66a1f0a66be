package org.faceemotion.core.classify;

import java.util.List;

import org.faceemotion.core.model.Emotion;

/**
 * Several emotion models as one: the mean of their probabilities. Used to evaluate an ensemble
 * before it is merged into a single ONNX graph (see {@code export-onnx} with several models).
 */
public final class EnsembleClassifier implements EmotionClassifier {
	private final List<EmotionClassifier> members;

	public EnsembleClassifier(List<EmotionClassifier> members) {
		if (members.isEmpty())
			throw new IllegalArgumentException("an ensemble needs at least one model");
		this.members = List.copyOf(members);
	}

	@Override
	public float[][] classify(List<byte[]> faces) {
		float[][] sum = new float[faces.size()][Emotion.COUNT];
		for (EmotionClassifier m : members) {
			float[][] p = m.classify(faces);
			for (int i = 0; i < sum.length; i++)
				for (int c = 0; c < Emotion.COUNT; c++)
					sum[i][c] += p[i][c];
		}
		for (float[] row : sum)
			for (int c = 0; c < Emotion.COUNT; c++)
				row[c] /= members.size();
		return sum;
	}

	@Override
	public void close() {
		RuntimeException first = null;
		for (EmotionClassifier m : members) {
			try {
				m.close();
			} catch (RuntimeException e) {
				if (first == null)
					first = e;
			}
		}
		if (first != null)
			throw first;
	}

	@Override
	public String toString() {
		return "mean of " + members;
	}
}
