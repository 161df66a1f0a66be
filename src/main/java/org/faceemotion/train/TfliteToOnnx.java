package org.faceemotion.train;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.nd4j.shade.protobuf.ByteString;

import onnx.Onnx;

/**
 * Converts a TensorFlow Lite face detector (MediaPipe's BlazeFace) to ONNX (opset 13), so that ONNX
 * Runtime can run it: the TFLite flatbuffer is read here field by field after TensorFlow Lite's
 * published schema ({@code schema.fbs}: Model, SubGraph, Tensor, Operator, Buffer and the options
 * tables), and each operator becomes its ONNX counterpart in NCHW layout. The ONNX input is the
 * NCHW blob OpenCV's {@code blobFromImage} makes (so both runtimes take the same input); the
 * outputs keep TFLite's names and shapes. Half-precision weights stay half precision in the file
 * (a Cast to float that ONNX Runtime folds when it loads the model). Operators: CONV_2D,
 * DEPTHWISE_CONV_2D, ADD, RELU, MAX_POOL_2D, PAD, RESIZE_BILINEAR, RESHAPE, CONCATENATION, DEQUANTIZE; anything
 * else is refused with its code rather than converted wrongly.
 */
public final class TfliteToOnnx {
	// TensorFlow Lite's BuiltinOperator codes and TensorType values (schema.fbs)
	static final int ADD = 0, CONCATENATION = 2, CONV_2D = 3, DEPTHWISE_CONV_2D = 4, DEQUANTIZE = 6, MAX_POOL_2D = 17, RELU = 19,
			RESHAPE = 22, RESIZE_BILINEAR = 23, PAD = 34;
	static final int FLOAT32 = 0, FLOAT16 = 1, INT32 = 2;

	private final ByteBuffer b;
	private final List<Onnx.NodeProto> nodes = new ArrayList<>();
	private final List<Onnx.TensorProto> initializers = new ArrayList<>();
	/** TFLite tensor index to the ONNX name of its value. */
	private final Map<Integer, String> names = new HashMap<>();
	/** Tensors made constant by a DEQUANTIZE: tensor index to the tensor it dequantizes. */
	private final Map<Integer, Integer> dequantized = new HashMap<>();
	private int[] tensorTables, bufferTables;
	private int counter;

	private TfliteToOnnx(byte[] tflite) {
		this.b = ByteBuffer.wrap(tflite).order(ByteOrder.LITTLE_ENDIAN);
	}

	public static Onnx.ModelProto convert(byte[] tflite) {
		return new TfliteToOnnx(tflite).build();
	}

	// --- the flatbuffer, as its format defines it: tables found through vtables, offsets relative to where they are stored

	private int field(int table, int i) {
		int vtable = table - b.getInt(table);
		int size = b.getShort(vtable) & 0xFFFF;
		if (4 + 2 * i >= size)
			return -1;
		int offset = b.getShort(vtable + 4 + 2 * i) & 0xFFFF;
		return offset == 0 ? -1 : table + offset;
	}

	private int ref(int p) {
		return p + b.getInt(p);
	}

	private int intField(int table, int i, int otherwise) {
		int p = field(table, i);
		return p < 0 ? otherwise : b.getInt(p);
	}

	private int byteField(int table, int i, int otherwise) {
		int p = field(table, i);
		return p < 0 ? otherwise : b.get(p);
	}

	/** A vector of tables (their positions) or of ints. */
	private int[] vector(int table, int i, boolean ofTables) {
		int p = field(table, i);
		if (p < 0)
			return new int[0];
		int v = ref(p), n = b.getInt(v);
		int[] out = new int[n];
		for (int k = 0; k < n; k++)
			out[k] = ofTables ? ref(v + 4 + 4 * k) : b.getInt(v + 4 + 4 * k);
		return out;
	}

	private int[] tables(int table, int i) {
		return vector(table, i, true);
	}

	private int[] ints(int table, int i) {
		return vector(table, i, false);
	}

	private String string(int table, int i) {
		int p = field(table, i);
		if (p < 0)
			return null;
		int v = ref(p);
		byte[] s = new byte[b.getInt(v)];
		ByteBuffer d = b.duplicate();
		d.position(v + 4);
		d.get(s);
		return new String(s, StandardCharsets.UTF_8);
	}

	/** The bytes of a tensor's buffer (empty for an activation). */
	private ByteBuffer data(int tensor) {
		int buffer = intField(tensorTables[tensor], 2, 0);
		int p = field(bufferTables[buffer], 0);
		if (p < 0)
			return ByteBuffer.allocate(0);
		int v = ref(p);
		ByteBuffer d = b.duplicate().order(ByteOrder.LITTLE_ENDIAN);
		d.position(v + 4).limit(v + 4 + b.getInt(v));
		return d.slice().order(ByteOrder.LITTLE_ENDIAN);
	}

	private int[] shape(int tensor) {
		return ints(tensorTables[tensor], 0);
	}

	private int type(int tensor) {
		return byteField(tensorTables[tensor], 1, FLOAT32);
	}

	// --- the graph

	private Onnx.ModelProto build() {
		if (b.capacity() < 8 || b.get(4) != 'T' || b.get(5) != 'F' || b.get(6) != 'L')
			throw new IllegalArgumentException("not a TensorFlow Lite model (no TFL3 identifier)");
		int model = ref(0);
		int[] codes = tables(model, 1);
		int[] opcodes = new int[codes.length];
		for (int i = 0; i < codes.length; i++)
			opcodes[i] = Math.max(intField(codes[i], 3, 0), byteField(codes[i], 0, 0));
		int[] subgraphs = tables(model, 2);
		if (subgraphs.length != 1)
			throw new IllegalArgumentException("one subgraph expected, found " + subgraphs.length);
		int graph = subgraphs[0];
		tensorTables = tables(graph, 0);
		bufferTables = tables(model, 4);
		int[] inputs = ints(graph, 1), outputs = ints(graph, 2);
		if (inputs.length != 1 || shape(inputs[0]).length != 4)
			throw new IllegalArgumentException("one NHWC image input expected");
		int[] in = shape(inputs[0]);
		names.put(inputs[0], "input");
		for (int op : tables(graph, 3)) {
			int code = opcodes[intField(op, 0, 0)];
			int[] x = ints(op, 1), y = ints(op, 2);
			int options = field(op, 4) < 0 ? -1 : ref(field(op, 4));
			convert(code, x, y, options);
		}
		List<Onnx.ValueInfoProto> outs = new ArrayList<>();
		for (int o : outputs) {
			String name = string(tensorTables[o], 3);
			int[] s = shape(o);
			String value = input(o);
			if (s.length == 4 && !layoutAsIs.contains(o)) // back to TFLite's NHWC
				value = node("Transpose", List.of(value), Map.of("perm", new long[] { 0, 2, 3, 1 }));
			nodes.add(Onnx.NodeProto.newBuilder().setOpType("Identity").setName(name).addInput(value).addOutput(name).build());
			outs.add(valueInfo(name, s));
		}
		Onnx.GraphProto g = Onnx.GraphProto.newBuilder().setName("blazeface").addAllNode(nodes).addAllInitializer(initializers)
				.addInput(valueInfo("input", 1, in[3], in[1], in[2])).addAllOutput(outs).build();
		return Onnx.ModelProto.newBuilder().setIrVersion(7).setProducerName("face-emotion tflite-to-onnx")
				.addOpsetImport(Onnx.OperatorSetIdProto.newBuilder().setVersion(13)).setGraph(g).build();
	}

	private void convert(int code, int[] x, int[] y, int options) {
		switch (code) {
		case DEQUANTIZE:
			dequantized.put(y[0], x[0]);
			return;
		case CONV_2D: {
			int[] s = shape(x[0]);
			int[] w = shape(constant(x[1]));
			String weights = weights(x[1], new int[] { 0, 3, 1, 2 }); // OHWI -> OIHW
			int strideW = intField(options, 1, 1), strideH = intField(options, 2, 1);
			int dilW = intField(options, 4, 1), dilH = intField(options, 5, 1);
			String out = node("Conv", inputs(input(x[0]), weights, x.length > 2 && x[2] >= 0 ? weights(x[2], null) : null),
					Map.of("strides", new long[] { strideH, strideW }, "dilations", new long[] { dilH, dilW }, "kernel_shape",
							new long[] { w[1], w[2] }, "pads", pads(byteField(options, 0, 0), s, w[1], w[2], strideH, strideW, dilH, dilW)));
			activation(out, byteField(options, 3, 0), y[0]);
			return;
		}
		case DEPTHWISE_CONV_2D: {
			int[] s = shape(x[0]);
			int[] w = shape(constant(x[1])); // [1, kh, kw, C * multiplier]
			String weights = weights(x[1], new int[] { 3, 0, 1, 2 }); // -> [C * m, 1, kh, kw]
			int strideW = intField(options, 1, 1), strideH = intField(options, 2, 1);
			int dilW = intField(options, 5, 1), dilH = intField(options, 6, 1);
			String out = node("Conv", inputs(input(x[0]), weights, x.length > 2 && x[2] >= 0 ? weights(x[2], null) : null),
					Map.of("strides", new long[] { strideH, strideW }, "dilations", new long[] { dilH, dilW }, "kernel_shape",
							new long[] { w[1], w[2] }, "group", (long) s[3], "pads",
							pads(byteField(options, 0, 0), s, w[1], w[2], strideH, strideW, dilH, dilW)));
			activation(out, byteField(options, 4, 0), y[0]);
			return;
		}
		case ADD:
			activation(node("Add", List.of(input(x[0]), input(x[1])), Map.of()), byteField(options, 0, 0), y[0]);
			return;
		case RELU:
			names.put(y[0], node("Relu", List.of(input(x[0])), Map.of()));
			return;
		case MAX_POOL_2D: {
			int[] s = shape(x[0]);
			int strideW = intField(options, 1, 1), strideH = intField(options, 2, 1);
			int fw = intField(options, 3, 1), fh = intField(options, 4, 1);
			String out = node("MaxPool", List.of(input(x[0])), Map.of("kernel_shape", new long[] { fh, fw }, "strides",
					new long[] { strideH, strideW }, "pads", pads(byteField(options, 0, 0), s, fh, fw, strideH, strideW, 1, 1)));
			activation(out, byteField(options, 5, 0), y[0]);
			return;
		}
		case PAD: {
			ByteBuffer p = data(x[1]).order(ByteOrder.LITTLE_ENDIAN); // int32 [4][2], NHWC
			int[] nhwc = new int[8];
			for (int i = 0; i < 8; i++)
				nhwc[i] = p.getInt(4 * i);
			int[] order = { 0, 3, 1, 2 }; // NCHW from NHWC
			long[] pads = new long[8];
			for (int d = 0; d < 4; d++) {
				pads[d] = nhwc[2 * order[d]];
				pads[4 + d] = nhwc[2 * order[d] + 1];
			}
			names.put(y[0], node("Pad", List.of(input(x[0]), int64(pads, 8)), Map.of()));
			return;
		}
		case RESIZE_BILINEAR: {
			ByteBuffer size = data(x[1]).order(ByteOrder.LITTLE_ENDIAN);
			int[] s = shape(x[0]);
			boolean alignCorners = byteField(options, 2, 0) != 0, halfPixel = byteField(options, 3, 0) != 0;
			String mode = alignCorners ? "align_corners" : halfPixel ? "half_pixel" : "asymmetric";
			names.put(y[0], node("Resize", List.of(input(x[0]), "", "", int64(new long[] { s[0], s[3], size.getInt(0), size.getInt(4) }, 4)),
					Map.of("mode", "linear", "coordinate_transformation_mode", mode)));
			return;
		}
		case CONCATENATION: {
			int rank = shape(y[0]).length;
			int axis = intField(options, 0, 0);
			axis = axis < 0 ? axis + rank : axis;
			boolean asIs = layoutAsIs.contains(x[0]);
			for (int t : x)
				if (layoutAsIs.contains(t) != asIs)
					throw new IllegalArgumentException("a concatenation of reshaped and image tensors is not supported");
			if (rank == 4 && !asIs)
				axis = new int[] { 0, 2, 3, 1 }[axis]; // NHWC axis -> NCHW axis
			List<String> in = new ArrayList<>();
			for (int t : x)
				in.add(asIs ? names.get(t) : input(t));
			activation(node("Concat", in, Map.of("axis", (long) axis)), byteField(options, 1, 0), y[0]);
			if (asIs)
				layoutAsIs.add(y[0]);
			return;
		}
		case RESHAPE: {
			int[] to = shape(y[0]);
			long[] dims = new long[to.length];
			for (int i = 0; i < to.length; i++)
				dims[i] = to[i];
			// TFLite reshapes NHWC memory: back to that order first
			String nhwc = shape(x[0]).length == 4 ? node("Transpose", List.of(input(x[0])), Map.of("perm", new long[] { 0, 2, 3, 1 })) : input(x[0]);
			names.put(y[0], node("Reshape", List.of(nhwc, int64(dims, dims.length)), Map.of()));
			layoutAsIs.add(y[0]);
			return;
		}
		default:
			throw new IllegalArgumentException("TFLite operator " + code + " is not supported by this converter");
		}
	}

	/** Tensors in TFLite's own layout (after a RESHAPE); every other 4-D activation is NCHW here. */
	private final java.util.Set<Integer> layoutAsIs = new java.util.HashSet<>();

	private String input(int tensor) {
		if (layoutAsIs.contains(tensor) && shape(tensor).length == 4)
			throw new IllegalArgumentException("a reshaped 4-D tensor used as an image is not supported");
		String n = names.get(tensor);
		if (n == null)
			throw new IllegalArgumentException("tensor " + tensor + " (" + string(tensorTables[tensor], 3) + ") is used before it is made");
		return n;
	}

	private static List<String> inputs(String... names) {
		List<String> l = new ArrayList<>();
		for (String n : names)
			if (n != null)
				l.add(n);
		return l;
	}

	private void activation(String value, int fused, int tensor) {
		if (fused == 0)
			names.put(tensor, value);
		else if (fused == 1)
			names.put(tensor, node("Relu", List.of(value), Map.of()));
		else
			throw new IllegalArgumentException("fused activation " + fused + " is not supported by this converter");
	}

	/** The tensor a DEQUANTIZE made {@code tensor} from, or itself. */
	private int constant(int tensor) {
		return dequantized.getOrDefault(tensor, tensor);
	}

	/**
	 * A constant as an initializer, its axes permuted by {@code perm} (null: as it is); half
	 * precision stays half with a Cast to float after it.
	 */
	private String weights(int tensor, int[] perm) {
		int source = constant(tensor);
		int type = type(source);
		if (type != FLOAT16 && type != FLOAT32)
			throw new IllegalArgumentException("weights of type " + type + " are not supported by this converter");
		int[] s = shape(source);
		ByteBuffer d = data(source);
		int width = type == FLOAT16 ? 2 : 4;
		int n = 1;
		for (int v : s)
			n *= v;
		if (d.remaining() != n * width)
			throw new IllegalArgumentException("tensor " + string(tensorTables[source], 3) + ": " + d.remaining() + " bytes for " + n + " values");
		int[] outShape = s.clone();
		byte[] out = new byte[n * width];
		if (perm == null) {
			d.get(out);
		} else {
			for (int i = 0; i < 4; i++)
				outShape[i] = s[perm[i]];
			int[] in = new int[4];
			for (int o = 0; o < n; o++) {
				// the index of output element o in the output shape, then the source element it takes
				int r = o;
				int[] idx = new int[4];
				for (int i = 3; i >= 0; i--) {
					idx[i] = r % outShape[i];
					r /= outShape[i];
				}
				for (int i = 0; i < 4; i++)
					in[perm[i]] = idx[i];
				int src = ((in[0] * s[1] + in[1]) * s[2] + in[2]) * s[3] + in[3];
				for (int k = 0; k < width; k++)
					out[o * width + k] = d.get(src * width + k);
			}
		}
		String name = "w" + (counter++);
		Onnx.TensorProto.Builder t = Onnx.TensorProto.newBuilder().setName(name)
				.setDataType(type == FLOAT16 ? Onnx.TensorProto.DataType.FLOAT16_VALUE : Onnx.TensorProto.DataType.FLOAT_VALUE)
				.setRawData(ByteString.copyFrom(out));
		for (int v : outShape)
			t.addDims(v);
		initializers.add(t.build());
		return type == FLOAT16 ? node("Cast", List.of(name), Map.of("to", (long) Onnx.TensorProto.DataType.FLOAT_VALUE)) : name;
	}

	private String int64(long[] values, int n) {
		String name = "c" + (counter++);
		ByteBuffer buf = ByteBuffer.allocate(8 * n).order(ByteOrder.LITTLE_ENDIAN);
		for (long v : values)
			buf.putLong(v);
		initializers.add(Onnx.TensorProto.newBuilder().setName(name).setDataType(Onnx.TensorProto.DataType.INT64_VALUE).addDims(n)
				.setRawData(ByteString.copyFrom(buf.array())).build());
		return name;
	}

	/**
	 * Explicit ONNX pads (top, left, bottom, right) for TFLite's SAME (0) or VALID (1) padding of
	 * an NHWC input {@code s}: SAME puts the odd pixel after, as TensorFlow does.
	 */
	static long[] pads(int padding, int[] s, int kh, int kw, int sh, int sw, int dh, int dw) {
		if (padding == 1)
			return new long[] { 0, 0, 0, 0 };
		if (padding != 0)
			throw new IllegalArgumentException("padding " + padding + " is not supported");
		int th = Math.max(0, ((s[1] + sh - 1) / sh - 1) * sh + (kh - 1) * dh + 1 - s[1]);
		int tw = Math.max(0, ((s[2] + sw - 1) / sw - 1) * sw + (kw - 1) * dw + 1 - s[2]);
		return new long[] { th / 2, tw / 2, th - th / 2, tw - tw / 2 };
	}

	private String node(String op, List<String> inputs, Map<String, Object> attrs) {
		String out = op.toLowerCase(Locale.ROOT) + "_" + (counter++);
		Onnx.NodeProto.Builder n = Onnx.NodeProto.newBuilder().setOpType(op).setName(out).addAllInput(inputs).addOutput(out);
		new java.util.TreeMap<>(attrs).forEach((k, v) -> n.addAttribute(OnnxExporter.attribute(k, v))); // in name order: the same bytes on every run
		nodes.add(n.build());
		return out;
	}

	private static Onnx.ValueInfoProto valueInfo(String name, int... dims) {
		Onnx.TensorShapeProto.Builder shape = Onnx.TensorShapeProto.newBuilder();
		for (int d : dims)
			shape.addDim(Onnx.TensorShapeProto.Dimension.newBuilder().setDimValue(d));
		return Onnx.ValueInfoProto.newBuilder().setName(name).setType(Onnx.TypeProto.newBuilder()
				.setTensorType(Onnx.TypeProto.Tensor.newBuilder().setElemType(Onnx.TensorProto.DataType.FLOAT_VALUE).setShape(shape))).build();
	}
}
