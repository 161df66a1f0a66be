package org.faceemotion.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;

import org.faceemotion.Cli;
import org.faceemotion.TestData;
import org.faceemotion.core.classify.Preprocessing;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import onnx.Onnx;

/** `quantize` writes a QDQ model that ONNX Runtime runs on integer kernels and that agrees with the float model. */
class OnnxQuantizerTest {
	@TempDir
	Path dir;

	static float[] faces(FerDataset set, int n) {
		float[] x = new float[n * Preprocessing.PIXELS];
		for (int i = 0; i < n; i++)
			Preprocessing.standardize(set.images[(int) ((long) i * set.size() / n)], x, i * Preprocessing.PIXELS);
		return x;
	}

	static float[] run(OrtEnvironment env, byte[] model, float[] x, int n, Path optimized) throws Exception {
		try (OrtSession.SessionOptions so = new OrtSession.SessionOptions()) {
			so.setIntraOpNumThreads(1);
			if (optimized != null)
				so.setOptimizedModelFilePath(optimized.toString());
			try (OrtSession s = env.createSession(model, so);
					OnnxTensor t = OnnxTensor.createTensor(env, FloatBuffer.wrap(x), new long[] { n, 1, 48, 48 });
					OrtSession.Result r = s.run(Map.of("input", t))) {
				FloatBuffer b = ((OnnxTensor) r.get(0)).getFloatBuffer();
				float[] p = new float[b.remaining()];
				b.get(p);
				return p;
			}
		}
	}

	@Test
	void theQuantizedModelRunsOnIntegerKernelsAndAgreesWithTheFloatOne() throws Exception {
		Path out = dir.resolve("q.onnx");
		String[] r = Cli.run("quantize", "--data", TestData.fer().toString(), "--faces", "300", "--out", out.toString());
		assertEquals("0", r[0], r[2]);
		assertTrue(r[1].contains("7-bit weights, 300 calibration faces"), r[1]);
		String[] again = Cli.run("quantize", "--data", TestData.fer().toString(), "--faces", "300", "--out", out.toString());
		assertEquals("2", again[0], "an existing file is not replaced without --overwrite");

		Onnx.ModelProto q = Onnx.ModelProto.parseFrom(Files.readAllBytes(out));
		assertEquals(6, q.getGraph().getInitializerList().stream().filter(t -> t.getDataType() == Onnx.TensorProto.DataType.INT8_VALUE
				&& t.getDimsCount() == 4).count(), "six convolutions with int8 weights");
		byte[] floatModel = Files.readAllBytes(TestData.models().resolve("emotion-cnn.onnx"));
		FerDataset val = FerDataset.load(TestData.fer(), "val", w -> {
		});
		int n = 300;
		float[] x = faces(val, n);
		OrtEnvironment env = OrtEnvironment.getEnvironment();
		Path optimized = dir.resolve("optimized.onnx");
		float[] pq = run(env, Files.readAllBytes(out), x, n, optimized), pf = run(env, floatModel, x, n, null);
		List<String> ops = Onnx.ModelProto.parseFrom(Files.readAllBytes(optimized)).getGraph().getNodeList().stream().map(Onnx.NodeProto::getOpType)
				.collect(Collectors.toList());
		assertEquals(6, ops.stream().filter("QLinearConv"::equals).count(), "ONNX Runtime fused every convolution: " + ops);
		assertTrue(!ops.contains("Conv") && !ops.contains("Relu"), "no float convolution or ReLU is left: " + ops);
		int same = 0;
		for (int i = 0; i < n; i++)
			same += argmax(pq, i) == argmax(pf, i) ? 1 : 0;
		assertTrue(same >= 0.95 * n, "the same top emotion as the float model on " + same + " of " + n);

		// the shipped 8-bit copy has the same layout
		Onnx.ModelProto shipped = Onnx.ModelProto.parseFrom(Files.readAllBytes(TestData.models().resolve("emotion-cnn.int8.onnx")));
		assertEquals(q.getGraph().getNodeList().stream().map(Onnx.NodeProto::getOpType).collect(Collectors.toList()),
				shipped.getGraph().getNodeList().stream().map(Onnx.NodeProto::getOpType).collect(Collectors.toList()));
	}

	static int argmax(float[] p, int row) {
		int best = 0;
		for (int k = 1; k < 7; k++)
			if (p[row * 7 + k] > p[row * 7 + best])
				best = k;
		return best;
	}
}
