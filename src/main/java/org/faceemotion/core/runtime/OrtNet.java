package org.faceemotion.core.runtime;

import java.nio.FloatBuffer;
import java.util.Map;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;

/**
 * An ONNX network run by ONNX Runtime: the emotion CNN and the BlazeFace detectors converted from
 * TFLite (BENCHMARKS.md has the times against OpenCV DNN). Callers create it through
 * {@link #open}, which returns null where ONNX Runtime is not wanted
 * ({@code -Dfaceemotion.runtime=opencv}) or cannot run (its jar or natives missing: a platform
 * without them), so that they fall back to OpenCV DNN.
 */
public final class OrtNet implements AutoCloseable {
	/** The system property that chooses the runtime: {@code opencv} or {@code onnxruntime} (the default, when available). */
	public static final String RUNTIME_PROPERTY = "faceemotion.runtime";
	private final OrtEnvironment env;
	private final OrtSession session;
	private final String input;

	/** A session on {@code threads} threads (1 when the engines of a pool run side by side). */
	private OrtNet(byte[] model, int threads) throws OrtException {
		env = OrtEnvironment.getEnvironment();
		try (OrtSession.SessionOptions so = new OrtSession.SessionOptions()) {
			so.setIntraOpNumThreads(Math.max(1, threads));
			// its threads sleep between calls instead of spinning: the decoder and the other stages need the cores then
			so.addConfigEntry("session.intra_op.allow_spinning", "0");
			so.setInterOpNumThreads(1);
			so.setExecutionMode(OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
			so.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
			session = env.createSession(model, so);
		}
		input = session.getInputNames().iterator().next();
	}

	/** Whether ONNX Runtime is wanted ({@link #RUNTIME_PROPERTY}); an IllegalArgumentException for a value that is neither. */
	public static boolean wanted() {
		String want = System.getProperty(RUNTIME_PROPERTY, "onnxruntime").trim().toLowerCase(java.util.Locale.ROOT);
		if (!want.equals("opencv") && !want.equals("onnxruntime"))
			throw new IllegalArgumentException("-D" + RUNTIME_PROPERTY + " must be opencv or onnxruntime, not " + want);
		return want.equals("onnxruntime");
	}

	/**
	 * A session on {@code model}, or null when ONNX Runtime is not wanted or cannot run it; then
	 * {@code why} gets the reason (nothing when it was not wanted).
	 */
	public static OrtNet open(byte[] model, String name, int threads, java.util.function.Consumer<String> why) {
		if (!wanted())
			return null;
		try {
			return new OrtNet(model, threads);
		} catch (LinkageError e) {
			why.accept("ONNX Runtime is not on this class path or has no natives for this platform (" + e + ")");
		} catch (Exception e) {
			why.accept("ONNX Runtime cannot run " + name + " (" + e.getMessage() + ")");
		}
		return null;
	}

	/** Every output of the network for one input of {@code shape}, flattened, in the model's output order. */
	public float[][] run(float[] x, long[] shape) {
		long n = 1;
		for (long d : shape)
			n *= d;
		try (OnnxTensor t = OnnxTensor.createTensor(env, FloatBuffer.wrap(x, 0, (int) n), shape);
				OrtSession.Result r = session.run(Map.of(input, t))) {
			float[][] out = new float[r.size()][];
			for (int i = 0; i < out.length; i++) {
				FloatBuffer b = ((OnnxTensor) r.get(i)).getFloatBuffer();
				out[i] = new float[b.remaining()];
				b.get(out[i]);
			}
			return out;
		} catch (OrtException e) {
			throw new IllegalStateException("ONNX Runtime failed: " + e.getMessage(), e);
		}
	}

	/** A custom metadata value of the model, or null. */
	public String metadata(String key) {
		try {
			return session.getMetadata().getCustomMetadata().get(key);
		} catch (OrtException e) {
			return null;
		}
	}

	public static String version() {
		return OrtEnvironment.getEnvironment().getVersion();
	}

	private boolean closed;

	@Override
	public synchronized void close() {
		if (closed)
			return;
		closed = true;
		try {
			session.close();
		} catch (OrtException e) {
			throw new IllegalStateException("ONNX Runtime: " + e.getMessage(), e);
		}
	}
}
