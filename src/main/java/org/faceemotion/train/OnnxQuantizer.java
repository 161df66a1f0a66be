package org.faceemotion.train;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;

import org.nd4j.shade.protobuf.ByteString;

import onnx.Onnx;

/**
 * Static 8-bit quantization of the emotion network for ONNX Runtime, in the QDQ form its graph
 * optimizer turns into integer kernels (QLinearConv, uint8 MaxPool, QGemm): every convolution and the
 * hidden dense layer get int8 weights, one scale per output channel (symmetric), an int32 bias, and uint8 activations with one
 * scale per tensor, measured on calibration faces (the input's range from its minimum to its
 * maximum, each ReLU's from 0 to a high percentile of its values, so that a rare outlier does not
 * spend the 256 levels). Pooled and flattened outputs keep their input's scale; the output layer
 * (7 logits, then the softmax) stays in float. Written here from the ONNX operator definitions
 * (QuantizeLinear and DequantizeLinear, opset 13); no Python quantizer is available on this machine.
 */
public final class OnnxQuantizer {
	/**
	 * Weight bits by default: 7 (ONNX Runtime's "reduce range"). On x86 processors without VNNI, the
	 * uint8 x int8 kernels add pairs of products in 16 bits (vpmaddubsw), which 255 x 127 x 2
	 * overflows and 255 x 63 x 2 does not: with 7-bit weights every processor gives the same result.
	 */
	public static final int WEIGHT_BITS = 7;
	/** Metadata key of the 8-bit model: the SHA-256 of the float model it was made from. */
	public static final String SOURCE_SHA256 = org.faceemotion.core.classify.OnnxEmotionClassifier.INT8_SOURCE_KEY;
	private final int weightMax;
	private final Onnx.GraphProto graph;
	private final Map<String, Onnx.TensorProto> initializers = new HashMap<>();
	private final List<Onnx.NodeProto> nodes = new ArrayList<>();
	private final List<Onnx.TensorProto> added = new ArrayList<>();

	private OnnxQuantizer(Onnx.ModelProto model, int weightBits) {
		if (weightBits < 2 || weightBits > 8)
			throw new IllegalArgumentException("weight bits must be 2..8, not " + weightBits);
		this.weightMax = (1 << (weightBits - 1)) - 1;
		this.graph = model.getGraph();
		for (Onnx.TensorProto t : graph.getInitializerList())
			initializers.put(t.getName(), t);
	}

	/** Activation ranges: tensor name to {low, high}. */
	public static final class Ranges extends LinkedHashMap<String, float[]> {
		private static final long serialVersionUID = 1L;
	}

	/**
	 * The tensors whose 8-bit scale is measured: the network's input and the output of every ReLU
	 * that follows a convolution (a max pool keeps its input's scale).
	 */
	static List<String> activations(Onnx.GraphProto g) {
		Map<String, String> producer = new HashMap<>();
		for (Onnx.NodeProto n : g.getNodeList())
			for (String o : n.getOutputList())
				producer.put(o, n.getOpType());
		List<String> names = new ArrayList<>();
		names.add(g.getInput(0).getName());
		for (Onnx.NodeProto n : g.getNodeList())
			if (n.getOpType().equals("Relu") && ("Conv".equals(producer.get(n.getInput(0))) || "Gemm".equals(producer.get(n.getInput(0)))))
				names.add(n.getOutput(0));
		return names;
	}

	/**
	 * Measures {@link #activations} on {@code n} standardised faces ([n,1,size,size] row after row):
	 * the input's minimum and maximum, and for each ReLU the value below which {@code percentile}
	 * of its values lie (a 4,096-bin histogram from 0 to its maximum).
	 */
	public static Ranges calibrate(Onnx.ModelProto model, float[] faces, int n, int size, double percentile) throws OrtException {
		List<String> names = activations(model.getGraph());
		Onnx.GraphProto.Builder g = model.getGraph().toBuilder();
		for (String name : names.subList(1, names.size()))
			g.addOutput(Onnx.ValueInfoProto.newBuilder().setName(name).setType(Onnx.TypeProto.newBuilder()
					.setTensorType(Onnx.TypeProto.Tensor.newBuilder().setElemType(Onnx.TensorProto.DataType.FLOAT_VALUE))));
		byte[] probe = model.toBuilder().setGraph(g).build().toByteArray();
		Ranges r = new Ranges();
		float lo = Float.MAX_VALUE, hi = -Float.MAX_VALUE;
		for (int i = 0; i < n * size * size; i++) {
			lo = Math.min(lo, faces[i]);
			hi = Math.max(hi, faces[i]);
		}
		r.put(names.get(0), new float[] { lo, hi });
		OrtEnvironment env = OrtEnvironment.getEnvironment();
		try (OrtSession.SessionOptions so = new OrtSession.SessionOptions()) {
			so.setIntraOpNumThreads(Math.max(1, Runtime.getRuntime().availableProcessors()));
			try (OrtSession s = env.createSession(probe, so)) {
				float[] max = new float[names.size()];
				long[][] hist = new long[names.size()][4096];
				for (int pass = 0; pass < 2; pass++) {
					for (int start = 0; start < n; start += 64) {
						int m = Math.min(64, n - start);
						try (OnnxTensor t = OnnxTensor.createTensor(env, FloatBuffer.wrap(faces, start * size * size, m * size * size),
								new long[] { m, 1, size, size }); OrtSession.Result out = s.run(Map.of(names.get(0), t))) {
							for (int k = 1; k < names.size(); k++) {
								FloatBuffer b = ((OnnxTensor) out.get(names.get(k)).get()).getFloatBuffer();
								while (b.hasRemaining()) {
									float v = b.get();
									if (pass == 0)
										max[k] = Math.max(max[k], v);
									else if (v > 0)
										hist[k][Math.min(4095, (int) (v / max[k] * 4096))]++;
								}
							}
						}
					}
				}
				for (int k = 1; k < names.size(); k++) {
					long total = 0;
					for (long c : hist[k])
						total += c;
					long seen = 0;
					int bin = 4095;
					for (int b = 0; b < 4096; b++) {
						seen += hist[k][b];
						if (seen >= percentile / 100 * total) {
							bin = b;
							break;
						}
					}
					r.put(names.get(k), new float[] { 0, max[k] * (bin + 1) / 4096f });
				}
			}
		}
		return r;
	}

	/** The QDQ model of {@code model} with the activation {@code ranges} from {@link #calibrate}. */
	public static Onnx.ModelProto quantize(Onnx.ModelProto model, Ranges ranges, int weightBits) {
		return new OnnxQuantizer(model, weightBits).build(model, ranges);
	}

	private Onnx.ModelProto build(Onnx.ModelProto model, Ranges ranges) {
		Map<String, String> dequantized = new HashMap<>(); // float tensor -> the DQ output that replaces it for its consumers
		Map<String, float[]> scale = new HashMap<>(); // quantized tensor -> {scale, zero point}
		String input = graph.getInput(0).getName();
		quantizeActivation(input, ranges.get(input), dequantized, scale);
		for (Onnx.NodeProto n : graph.getNodeList()) {
			Onnx.NodeProto.Builder b = n.toBuilder();
			for (int i = 0; i < b.getInputCount(); i++)
				if (dequantized.containsKey(b.getInput(i)))
					b.setInput(i, dequantized.get(b.getInput(i)));
			boolean gemm = n.getOpType().equals("Gemm") && attribute(n, "transB") == 0 && ranges.containsKey(consumer(n.getOutput(0)));
			if ((n.getOpType().equals("Conv") || gemm) && scale.containsKey(n.getInput(0))) {
				float inputScale = scale.get(n.getInput(0))[0];
				b.setInput(1, weights(n.getInput(1), inputScale, n.getInputCount() > 2 ? n.getInput(2) : null, gemm ? 1 : 0));
				if (n.getInputCount() > 2)
					b.setInput(2, n.getInput(1) + "_bias_dq");
			}
			nodes.add(b.build());
			String out = n.getOutput(0);
			if (ranges.containsKey(out)) {
				quantizeActivation(out, ranges.get(out), dequantized, scale);
			} else if ((n.getOpType().equals("MaxPool") || n.getOpType().equals("Flatten")) && scale.containsKey(n.getInput(0))) {
				// the pool keeps its input's scale: ONNX Runtime then pools the uint8 values themselves (and flattens them)
				float[] s = scale.get(n.getInput(0));
				qdq(out, s[0], (int) s[1], dequantized);
				scale.put(out, s);
			}
		}
		Onnx.GraphProto.Builder g = graph.toBuilder().clearNode().addAllNode(nodes).clearInitializer();
		for (Onnx.TensorProto t : graph.getInitializerList())
			if (!quantizedWeights.contains(t.getName())) // now read through their DequantizeLinear
				g.addInitializer(t);
		g.addAllInitializer(added);
		return model.toBuilder().setGraph(g).build();
	}

	/** The output of the ReLU that first reads {@code tensor}, or null when its first reader is no ReLU. */
	private String consumer(String tensor) {
		for (Onnx.NodeProto n : graph.getNodeList())
			if (n.getInputList().contains(tensor))
				return n.getOpType().equals("Relu") ? n.getOutput(0) : null;
		return null;
	}

	private static long attribute(Onnx.NodeProto n, String name) {
		for (Onnx.AttributeProto a : n.getAttributeList())
			if (a.getName().equals(name))
				return a.getI();
		return 0;
	}

	private final java.util.Set<String> quantizedWeights = new java.util.HashSet<>();

	/** uint8 scale and zero point for [low, high] (0 always representable), then a Q and a DQ after {@code name}. */
	private void quantizeActivation(String name, float[] range, Map<String, String> dequantized, Map<String, float[]> scale) {
		float lo = Math.min(0, range[0]), hi = Math.max(0, range[1]);
		float s = Math.max(1e-8f, (hi - lo) / 255f);
		int zp = Math.round(-lo / s);
		zp = Math.max(0, Math.min(255, zp));
		qdq(name, s, zp, dequantized);
		scale.put(name, new float[] { s, zp });
	}

	private void qdq(String name, float s, int zp, Map<String, String> dequantized) {
		String sName = name + "_scale", zName = name + "_zero";
		added.add(floats(sName, new float[] { s }, new long[0]));
		added.add(Onnx.TensorProto.newBuilder().setName(zName).setDataType(Onnx.TensorProto.DataType.UINT8_VALUE)
				.setRawData(ByteString.copyFrom(new byte[] { (byte) zp })).build());
		nodes.add(Onnx.NodeProto.newBuilder().setOpType("QuantizeLinear").setName(name + "_q").addInput(name).addInput(sName).addInput(zName)
				.addOutput(name + "_q").build());
		nodes.add(Onnx.NodeProto.newBuilder().setOpType("DequantizeLinear").setName(name + "_dq").addInput(name + "_q").addInput(sName)
				.addInput(zName).addOutput(name + "_dq").build());
		dequantized.put(name, name + "_dq");
	}

	/**
	 * int8 weights with one symmetric scale per output channel and, when there is a bias, the bias
	 * in int32 at the scale input x weight (what an integer convolution adds); returns the name of
	 * the weights' DQ output.
	 */
	private String weights(String w, float inputScale, String bias, int axis) {
		Onnx.TensorProto t = initializers.get(w);
		float[] v = floats(t);
		// axis 0: a convolution's [out, in, kh, kw]; axis 1: a dense layer's [in, out]
		int channels = (int) t.getDims(axis), per = v.length / channels, stride = axis == 0 ? 1 : channels, block = axis == 0 ? per : 1;
		float[] s = new float[channels];
		byte[] q = new byte[v.length];
		for (int c = 0; c < channels; c++) {
			float m = 0;
			for (int j = 0; j < per; j++)
				m = Math.max(m, Math.abs(v[c * block + j * stride]));
			s[c] = m > 0 ? m / weightMax : 1f;
			for (int j = 0; j < per; j++) {
				int k = c * block + j * stride;
				q[k] = (byte) Math.max(-weightMax, Math.min(weightMax, Math.round(v[k] / s[c])));
			}
		}
		Onnx.TensorProto.Builder qt = Onnx.TensorProto.newBuilder().setName(w + "_q").setDataType(Onnx.TensorProto.DataType.INT8_VALUE)
				.setRawData(ByteString.copyFrom(q));
		qt.addAllDims(t.getDimsList());
		added.add(qt.build());
		added.add(floats(w + "_wscale", s, new long[] { channels }));
		added.add(Onnx.TensorProto.newBuilder().setName(w + "_wzero").setDataType(Onnx.TensorProto.DataType.INT8_VALUE).addDims(channels)
				.setRawData(ByteString.copyFrom(new byte[channels])).build());
		nodes.add(dq(w + "_q", w + "_wscale", w + "_wzero", w + "_dq", axis));
		quantizedWeights.add(w);
		if (bias != null) {
			float[] bv = floats(initializers.get(bias));
			float[] bs = new float[channels];
			ByteBuffer bq = ByteBuffer.allocate(4 * channels).order(ByteOrder.LITTLE_ENDIAN);
			for (int c = 0; c < channels; c++) {
				bs[c] = inputScale * s[c];
				bq.putInt((int) Math.round(bv[c] / bs[c]));
			}
			added.add(Onnx.TensorProto.newBuilder().setName(w + "_bias_q").setDataType(Onnx.TensorProto.DataType.INT32_VALUE).addDims(channels)
					.setRawData(ByteString.copyFrom(bq.array())).build());
			added.add(floats(w + "_bias_scale", bs, new long[] { channels }));
			added.add(Onnx.TensorProto.newBuilder().setName(w + "_bias_zero").setDataType(Onnx.TensorProto.DataType.INT32_VALUE).addDims(channels)
					.setRawData(ByteString.copyFrom(new byte[4 * channels])).build());
			nodes.add(dq(w + "_bias_q", w + "_bias_scale", w + "_bias_zero", w + "_bias_dq", 0));
			quantizedWeights.add(bias);
		}
		return w + "_dq";
	}

	private static Onnx.NodeProto dq(String x, String s, String z, String out, int axis) {
		return Onnx.NodeProto.newBuilder().setOpType("DequantizeLinear").setName(out).addInput(x).addInput(s).addInput(z).addOutput(out)
				.addAttribute(Onnx.AttributeProto.newBuilder().setName("axis").setType(Onnx.AttributeProto.AttributeType.INT).setI(axis)).build();
	}

	private static Onnx.TensorProto floats(String name, float[] v, long[] dims) {
		ByteBuffer buf = ByteBuffer.allocate(4 * v.length).order(ByteOrder.LITTLE_ENDIAN);
		for (float f : v)
			buf.putFloat(f);
		Onnx.TensorProto.Builder t = Onnx.TensorProto.newBuilder().setName(name).setDataType(Onnx.TensorProto.DataType.FLOAT_VALUE)
				.setRawData(ByteString.copyFrom(buf.array()));
		for (long d : dims)
			t.addDims(d);
		return t.build();
	}

	static float[] floats(Onnx.TensorProto t) {
		if (t.getDataType() != Onnx.TensorProto.DataType.FLOAT_VALUE)
			throw new IllegalArgumentException(t.getName() + ": not a float tensor");
		if (!t.getRawData().isEmpty()) {
			FloatBuffer b = t.getRawData().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer();
			float[] v = new float[b.remaining()];
			b.get(v);
			return v;
		}
		float[] v = new float[t.getFloatDataCount()];
		for (int i = 0; i < v.length; i++)
			v[i] = t.getFloatData(i);
		return v;
	}
}
