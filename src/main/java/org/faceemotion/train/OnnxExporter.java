package org.faceemotion.train;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.DropoutLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.faceemotion.core.classify.Preprocessing;
import org.faceemotion.core.model.Emotion;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.activations.impl.ActivationReLU;
import org.nd4j.linalg.activations.impl.ActivationSoftmax;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.shade.protobuf.ByteString;

import onnx.Onnx;

/**
 * Writes a trained DL4J {@link MultiLayerNetwork} of the kinds {@link EmotionNet} builds as an
 * ONNX model (opset 13) that OpenCV DNN can run. Batch norm is folded into the preceding
 * convolution or dense layer; dropout disappears (DL4J's dropout is inverted, so inference is the
 * identity). Input {@code input} [N,1,48,48] standardised grey, output {@code probabilities} [N,7].
 * Any other layer type is refused with its name rather than exported wrongly.
 */
public final class OnnxExporter {
	public static final String INPUT = "input", OUTPUT = "probabilities";

	private final List<Onnx.NodeProto> nodes = new ArrayList<>();
	private final List<Onnx.TensorProto> initializers = new ArrayList<>();
	private int counter;

	private OnnxExporter() {
	}

	public static void export(MultiLayerNetwork net, OutputStream out, Map<String, String> metadata) throws IOException {
		export(List.of(net), out, metadata);
	}

	/**
	 * Several networks as one ONNX graph whose output is the mean of their probabilities (an
	 * ensemble, e.g. the snapshots that end two cosine cycles): one file and one forward pass.
	 */
	public static void export(List<MultiLayerNetwork> nets, OutputStream out, Map<String, String> metadata) throws IOException {
		new OnnxExporter().build(nets, metadata).writeTo(out);
	}

	public static void export(MultiLayerNetwork net, Path file, Map<String, String> metadata) throws IOException {
		export(List.of(net), file, metadata);
	}

	public static void export(List<MultiLayerNetwork> nets, Path file, Map<String, String> metadata) throws IOException {
		org.faceemotion.io.OutputFiles.write(file, o -> export(nets, o, metadata));
	}

	private Onnx.ModelProto build(List<MultiLayerNetwork> nets, Map<String, String> metadata) {
		if (nets.isEmpty())
			throw new IllegalArgumentException("no network to export");
		List<String> outputs = new ArrayList<>();
		for (MultiLayerNetwork net : nets)
			outputs.add(branch(net));
		String current = outputs.get(0);
		if (outputs.size() > 1) {
			current = node("Sum", outputs, Map.of());
			String scale = tensor(new float[] { 1f / outputs.size() }, new long[0]);
			current = node("Mul", List.of(current, scale), Map.of());
		}
		// name the final tensor
		nodes.add(Onnx.NodeProto.newBuilder().setOpType("Identity").addInput(current).addOutput(OUTPUT).setName("output").build());

		Onnx.GraphProto.Builder g = Onnx.GraphProto.newBuilder().setName("emotion-cnn").addAllNode(nodes).addAllInitializer(initializers)
				.addInput(valueInfo(INPUT, "N", 1, Preprocessing.SIZE, Preprocessing.SIZE))
				.addOutput(valueInfo(OUTPUT, "N", Emotion.COUNT));
		Onnx.ModelProto.Builder m = Onnx.ModelProto.newBuilder().setIrVersion(7).setProducerName("face-emotion")
				.setProducerVersion("0.1").setGraph(g)
				.addOpsetImport(Onnx.OperatorSetIdProto.newBuilder().setDomain("").setVersion(13));
		Map<String, String> meta = new LinkedHashMap<>();
		meta.put("classes", String.join(",", Arrays.stream(Emotion.values()).map(Emotion::label).toArray(String[]::new)));
		meta.put("preprocessing", "grey 48x48 (area resize), per-image standardisation (x - mean) / max(std, 1)");
		if (nets.size() > 1)
			meta.put("ensemble", nets.size() + " networks, mean of their probabilities");
		if (metadata != null)
			meta.putAll(metadata);
		meta.forEach((k, v) -> m.addMetadataProps(Onnx.StringStringEntryProto.newBuilder().setKey(k).setValue(v)));
		return m.build();
	}

	/** Adds one network's nodes, reading {@link #INPUT}; returns the name of its probabilities. */
	private String branch(MultiLayerNetwork net) {
		int n = net.getnLayers();
		String current = INPUT;
		int h = Preprocessing.SIZE, w = Preprocessing.SIZE;
		boolean flat = false;
		for (int i = 0; i < n; i++) {
			Layer conf = net.getLayerWiseConfigurations().getConf(i).getLayer();
			Map<String, INDArray> params = net.getLayer(i).paramTable();
			if (conf instanceof ConvolutionLayer && !(conf instanceof SubsamplingLayer) && conf.getClass() == ConvolutionLayer.class) {
				ConvolutionLayer c = (ConvolutionLayer) conf;
				float[] weight = params.get("W").dup('c').data().asFloat();
				long[] wShape = params.get("W").shape();
				float[] bias = params.containsKey("b") ? params.get("b").dup().data().asFloat() : new float[(int) wShape[0]];
				int next = i + 1;
				if (next < n && net.getLayerWiseConfigurations().getConf(next).getLayer() instanceof BatchNormalization) {
					fold(weight, bias, (BatchNormalization) net.getLayerWiseConfigurations().getConf(next).getLayer(),
							net.getLayer(next).paramTable(), (int) wShape[0]);
					i = next;
				}
				int[] k = c.getKernelSize(), s = c.getStride(), d = c.getDilation();
				int[] pads = pads(c.getConvolutionMode(), h, w, k, s, c.getPadding(), d);
				String wName = tensor(weight, wShape), bName = tensor(bias, new long[] { bias.length });
				current = node("Conv", List.of(current, wName, bName), Map.of("kernel_shape", ints(k), "strides", ints(s),
						"pads", ints(pads), "dilations", ints(d)));
				h = (h + pads[0] + pads[2] - (d[0] * (k[0] - 1) + 1)) / s[0] + 1;
				w = (w + pads[1] + pads[3] - (d[1] * (k[1] - 1) + 1)) / s[1] + 1;
				current = activation(c.getActivationFn(), current, conf);
			} else if (conf instanceof SubsamplingLayer) {
				SubsamplingLayer p = (SubsamplingLayer) conf;
				int[] k = p.getKernelSize(), s = p.getStride();
				int[] pads = pads(p.getConvolutionMode(), h, w, k, s, p.getPadding(), new int[] { 1, 1 });
				String op;
				switch (p.getPoolingType()) {
				case MAX: op = "MaxPool"; break;
				case AVG: op = "AveragePool"; break;
				default: throw new IllegalArgumentException("layer " + i + ": pooling " + p.getPoolingType() + " cannot be exported");
				}
				current = node(op, List.of(current), Map.of("kernel_shape", ints(k), "strides", ints(s), "pads", ints(pads)));
				h = (h + pads[0] + pads[2] - k[0]) / s[0] + 1;
				w = (w + pads[1] + pads[3] - k[1]) / s[1] + 1;
			} else if (conf instanceof BatchNormalization) {
				throw new IllegalArgumentException("layer " + i + ": batch norm must follow a convolution or dense layer to be exported");
			} else if (conf instanceof ActivationLayer) {
				current = activation(((ActivationLayer) conf).getActivationFn(), current, conf);
			} else if (conf instanceof DropoutLayer) {
				continue;
			} else if (conf instanceof DenseLayer || conf instanceof OutputLayer) {
				if (!flat) {
					current = node("Flatten", List.of(current), Map.of("axis", 1L));
					flat = true;
				}
				INDArray wArr = params.get("W");
				float[] weight = wArr.dup('c').data().asFloat(); // [nIn, nOut]
				long nOut = wArr.size(1);
				float[] bias = params.containsKey("b") ? params.get("b").dup().data().asFloat() : new float[(int) nOut];
				int next = i + 1;
				if (next < n && net.getLayerWiseConfigurations().getConf(next).getLayer() instanceof BatchNormalization) {
					float[] t = transpose(weight, (int) wArr.size(0), (int) nOut);
					fold(t, bias, (BatchNormalization) net.getLayerWiseConfigurations().getConf(next).getLayer(),
							net.getLayer(next).paramTable(), (int) nOut);
					weight = transpose(t, (int) nOut, (int) wArr.size(0));
					i = next;
				}
				String wName = tensor(weight, wArr.shape()), bName = tensor(bias, new long[] { nOut });
				current = node("Gemm", List.of(current, wName, bName), Map.of());
				IActivation act = ((org.deeplearning4j.nn.conf.layers.BaseLayer) conf).getActivationFn();
				current = activation(act, current, conf);
			} else {
				throw new IllegalArgumentException("layer " + i + " (" + conf.getClass().getSimpleName() + ") cannot be exported to ONNX");
			}
		}
		return current;
	}

	/** Folds batch norm (inference statistics) into weights laid out [channel][...] and the bias. */
	private static void fold(float[] weight, float[] bias, BatchNormalization bn, Map<String, INDArray> p, int channels) {
		float[] gamma = p.containsKey("gamma") ? p.get("gamma").dup().data().asFloat() : filled(channels, (float) bn.getGamma());
		float[] beta = p.containsKey("beta") ? p.get("beta").dup().data().asFloat() : filled(channels, (float) bn.getBeta());
		float[] mean = p.get("mean").dup().data().asFloat();
		float[] std = new float[channels];
		if (p.containsKey("log10stdev")) {
			float[] l = p.get("log10stdev").dup().data().asFloat();
			for (int c = 0; c < channels; c++)
				std[c] = (float) Math.pow(10, l[c]);
		} else {
			float[] var = p.get("var").dup().data().asFloat();
			for (int c = 0; c < channels; c++)
				std[c] = (float) Math.sqrt(var[c] + bn.getEps());
		}
		int per = weight.length / channels;
		for (int c = 0; c < channels; c++) {
			float scale = gamma[c] / std[c];
			for (int j = 0; j < per; j++)
				weight[c * per + j] *= scale;
			bias[c] = (bias[c] - mean[c]) * scale + beta[c];
		}
	}

	private static int[] pads(ConvolutionMode mode, int h, int w, int[] k, int[] s, int[] explicit, int[] d) {
		if (mode == ConvolutionMode.Same) {
			int oh = (h + s[0] - 1) / s[0], ow = (w + s[1] - 1) / s[1];
			int ph = Math.max(0, (oh - 1) * s[0] + (d[0] * (k[0] - 1) + 1) - h);
			int pw = Math.max(0, (ow - 1) * s[1] + (d[1] * (k[1] - 1) + 1) - w);
			return new int[] { ph / 2, pw / 2, ph - ph / 2, pw - pw / 2 };
		}
		int[] p = explicit == null ? new int[] { 0, 0 } : explicit;
		return new int[] { p[0], p[1], p[0], p[1] };
	}

	private String activation(IActivation act, String input, Layer conf) {
		if (act == null || act instanceof ActivationIdentity)
			return input;
		if (act instanceof ActivationReLU)
			return node("Relu", List.of(input), Map.of());
		if (act instanceof ActivationSoftmax)
			return node("Softmax", List.of(input), Map.of("axis", 1L));
		throw new IllegalArgumentException(conf.getLayerName() + ": activation " + act + " cannot be exported");
	}

	private String node(String op, List<String> inputs, Map<String, Object> attrs) {
		String out = op.toLowerCase() + "_" + (counter++);
		Onnx.NodeProto.Builder b = Onnx.NodeProto.newBuilder().setOpType(op).setName(out).addAllInput(inputs).addOutput(out);
		attrs.forEach((k, v) -> b.addAttribute(attribute(k, v)));
		nodes.add(b.build());
		return out;
	}

	/** An ONNX attribute: ints (long[]), an int (Long) or a string. */
	static Onnx.AttributeProto attribute(String name, Object v) {
		Onnx.AttributeProto.Builder a = Onnx.AttributeProto.newBuilder().setName(name);
		if (v instanceof long[]) {
			a.setType(Onnx.AttributeProto.AttributeType.INTS);
			for (long x : (long[]) v)
				a.addInts(x);
		} else if (v instanceof Long) {
			a.setType(Onnx.AttributeProto.AttributeType.INT).setI((Long) v);
		} else if (v instanceof String) {
			a.setType(Onnx.AttributeProto.AttributeType.STRING).setS(ByteString.copyFromUtf8((String) v));
		} else {
			throw new IllegalArgumentException("attribute type " + v.getClass());
		}
		return a.build();
	}

	private String tensor(float[] data, long[] dims) {
		String name = "w_" + (counter++);
		ByteBuffer buf = ByteBuffer.allocate(data.length * 4).order(ByteOrder.LITTLE_ENDIAN);
		for (float f : data)
			buf.putFloat(f);
		buf.flip();
		Onnx.TensorProto.Builder t = Onnx.TensorProto.newBuilder().setName(name)
				.setDataType(Onnx.TensorProto.DataType.FLOAT_VALUE).setRawData(ByteString.copyFrom(buf));
		for (long d : dims)
			t.addDims(d);
		initializers.add(t.build());
		return name;
	}

	private static Onnx.ValueInfoProto valueInfo(String name, String batch, long... dims) {
		Onnx.TensorShapeProto.Builder shape = Onnx.TensorShapeProto.newBuilder();
		shape.addDim(Onnx.TensorShapeProto.Dimension.newBuilder().setDimParam(batch));
		for (long d : dims)
			shape.addDim(Onnx.TensorShapeProto.Dimension.newBuilder().setDimValue(d));
		return Onnx.ValueInfoProto.newBuilder().setName(name).setType(Onnx.TypeProto.newBuilder()
				.setTensorType(Onnx.TypeProto.Tensor.newBuilder().setElemType(Onnx.TensorProto.DataType.FLOAT_VALUE).setShape(shape)))
				.build();
	}

	private static long[] ints(int[] v) {
		return Arrays.stream(v).asLongStream().toArray();
	}

	private static float[] filled(int n, float v) {
		float[] a = new float[n];
		Arrays.fill(a, v);
		return a;
	}

	private static float[] transpose(float[] m, int rows, int cols) {
		float[] t = new float[m.length];
		for (int r = 0; r < rows; r++)
			for (int c = 0; c < cols; c++)
				t[c * rows + r] = m[r * cols + c];
		return t;
	}

}
