package org.faceemotion.core.classify;

import java.nio.FloatBuffer;
import java.util.Map;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;

/**
 * The emotion CNN's forward pass through ONNX Runtime (about 1.45x faster per face than OpenCV
 * DNN on one core here, the same probabilities to 1e-6; BENCHMARKS.md). Loaded only through
 * {@link OnnxEmotionClassifier}, which falls back to OpenCV DNN where this class or its natives
 * are missing (the Spark job's jar, a platform without them).
 */
final class OrtForward implements AutoCloseable {
	private final OrtEnvironment env;
	private final OrtSession session;
	private final String input;

	/** A session on {@code threads} threads (1 when the engines of a pool run side by side). */
	OrtForward(byte[] model, int threads) throws Exception {
		env = OrtEnvironment.getEnvironment();
		try (OrtSession.SessionOptions so = new OrtSession.SessionOptions()) {
			so.setIntraOpNumThreads(Math.max(1, threads));
			// its threads sleep between faces instead of spinning: the decoder and the detector need the cores then
			so.addConfigEntry("session.intra_op.allow_spinning", "0");
			so.setInterOpNumThreads(1);
			so.setExecutionMode(OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
			so.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
			session = env.createSession(model, so);
		}
		input = session.getInputNames().iterator().next();
	}

	/** The softmax outputs of {@code n} standardised faces, row after row (IllegalStateException when ONNX Runtime fails). */
	float[] forward(float[] faces, int n, int size, int classes) {
		try (OnnxTensor t = OnnxTensor.createTensor(env, FloatBuffer.wrap(faces, 0, n * size * size), new long[] { n, 1, size, size });
				OrtSession.Result r = session.run(Map.of(input, t))) {
			FloatBuffer out = ((OnnxTensor) r.get(0)).getFloatBuffer();
			float[] flat = new float[n * classes];
			out.get(flat);
			return flat;
		} catch (OrtException e) {
			throw new IllegalStateException("ONNX Runtime failed: " + e.getMessage(), e);
		}
	}

	/** A custom metadata value of the model, or null. */
	String metadata(String key) {
		try {
			return session.getMetadata().getCustomMetadata().get(key);
		} catch (OrtException e) {
			return null;
		}
	}

	static String version() {
		return OrtEnvironment.getEnvironment().getVersion();
	}

	@Override
	public void close() {
		try {
			session.close();
		} catch (OrtException e) {
			throw new IllegalStateException("ONNX Runtime: " + e.getMessage(), e);
		}
	}
}
