package org.faceemotion.train;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.faceemotion.core.classify.EmotionClassifier;
import org.faceemotion.core.model.Emotion;
import org.nd4j.linalg.api.ndarray.INDArray;

/** The emotion CNN run by DL4J itself (for evaluation of checkpoints and the parity check). */
public final class Dl4jEmotionClassifier implements EmotionClassifier {
	static {
		Nd4jBackend.init();
	}

	private final MultiLayerNetwork net;

	public Dl4jEmotionClassifier(MultiLayerNetwork net) {
		this.net = net;
	}

	public static MultiLayerNetwork loadNetwork(Path file) {
		if (!Files.isRegularFile(file))
			throw new IllegalArgumentException(file + ": model file does not exist");
		try {
			return ModelSerializer.restoreMultiLayerNetwork(file.toFile(), false);
		} catch (Exception e) {
			throw new IllegalArgumentException(file + ": not a DL4J model (" + e.getMessage() + ")", e);
		}
	}

	public MultiLayerNetwork network() {
		return net;
	}

	@Override
	public float[][] classify(List<byte[]> faces) {
		if (faces.isEmpty())
			return new float[0][];
		INDArray x = Batches.features(faces.toArray(new byte[0][]), null, 0, faces.size());
		INDArray out = net.output(x, false);
		float[][] p = out.toFloatMatrix();
		x.close();
		out.close();
		if (p[0].length != Emotion.COUNT)
			throw new IllegalStateException("model gives " + p[0].length + " outputs, expected " + Emotion.COUNT);
		return p;
	}
}
