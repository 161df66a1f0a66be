package org.faceemotion.core.classify;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.faceemotion.core.detect.ModelFiles;
import org.faceemotion.core.image.OpenCv;
import org.faceemotion.core.model.Emotion;
import org.faceemotion.core.runtime.OrtNet;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.MatOfByte;
import org.opencv.dnn.Dnn;
import org.opencv.dnn.Net;

/**
 * The emotion CNN exported to ONNX, run by ONNX Runtime where its jar and natives are found and by
 * OpenCV DNN otherwise (OpenCV DNN about ten times faster than DL4J). ONNX Runtime runs the model's
 * 8-bit copy {@code x.int8.onnx} when one lies beside {@code x.onnx} ({@code quantize} writes it:
 * about 4x faster per face than the float model here, the same top emotion on 99 % of faces),
 * the float model otherwise or with {@code -Dfaceemotion.precision=float} (then the same
 * probabilities as OpenCV DNN). The FER-2013 head reads the float model's hidden layer, which only
 * OpenCV DNN gives out, so {@code --labels fer2013} runs on OpenCV DNN.
 * {@code -Dfaceemotion.runtime=opencv} chooses OpenCV DNN always.
 */
public final class OnnxEmotionClassifier implements EmotionClassifier {
	/** The system property that chooses the runtime: {@code opencv} or {@code onnxruntime} (the default, when available). */
	public static final String RUNTIME_PROPERTY = OrtNet.RUNTIME_PROPERTY;
	public static final String SHIPPED = "emotion-cnn.onnx";
	/** The system property that chooses what ONNX Runtime runs: {@code int8} (the default, where the 8-bit copy exists) or {@code float}. */
	public static final String PRECISION_PROPERTY = "faceemotion.precision";
	/** Beside a model {@code x.onnx}: {@code x.int8.onnx}, its 8-bit copy for ONNX Runtime. */
	public static final String INT8_SUFFIX = ".int8.onnx";
	/** Metadata key of the 8-bit copy: the SHA-256 of the float model it was made from (a stale copy is not used). */
	public static final String INT8_SOURCE_KEY = "float_model_sha256";
	/** Beside a model {@code x.onnx}: {@code x.calibration.properties} with its fitted temperature. */
	public static final String CALIBRATION_SUFFIX = ".calibration.properties";
	/** OpenCV DNN's network: made when ONNX Runtime is not used or when the FER-2013 head needs the hidden layer. */
	private Net net;
	private final byte[] model;
	/** ONNX Runtime's session, or null. */
	private final OrtNet ort;
	/** Why ONNX Runtime is not used (null when it is, or when OpenCV was asked for). */
	private String ortMissing;
	private final String name, sha256;
	/** What ONNX Runtime runs when it is not the float model: the 8-bit copy's file name and hash (else null). */
	private String int8Name, int8Sha256;
	/** Why the 8-bit copy beside the model is not used (null when it is, or when there is none). */
	private String int8Problem;
	private volatile Calibration calibration = Calibration.NONE;
	private volatile Prior prior = Prior.EVERYDAY;
	/** Beside a model {@code x.onnx}: {@code x.fer2013-head.csv}, its FER-2013 head ({@link LinearHead}). */
	public static final String HEAD_SUFFIX = ".fer2013-head.csv";
	private volatile LinearHead fer2013Head;
	private volatile Labels labels = Labels.PEOPLE;
	/** The layer whose output the FER-2013 head reads: the last ReLU, the hidden layer's activation. */
	private String hiddenLayer;

	private OnnxEmotionClassifier(byte[] model, String name, byte[] int8, String int8Name) {
		OpenCv.load();
		this.name = name;
		this.model = model;
		this.sha256 = sha256(model);
		String precision = System.getProperty(PRECISION_PROPERTY, "int8").trim().toLowerCase(java.util.Locale.ROOT);
		if (!precision.equals("int8") && !precision.equals("float"))
			throw new IllegalArgumentException("-D" + PRECISION_PROPERTY + " must be int8 or float, not " + precision);
		boolean eight = int8 != null && precision.equals("int8");
		OrtNet session = onnxRuntime(eight ? int8 : model, eight ? int8Name : name);
		if (session != null && eight && !sha256.equals(session.metadata(INT8_SOURCE_KEY))) {
			// made from another float model (one re-exported since): never run a network other than the one named
			session.close();
			eight = false;
			int8Problem = "8-bit copy " + fileName(int8Name) + " not used: it was made from another model; run quantize again";
			session = onnxRuntime(model, name);
		}
		this.ort = session;
		if (ort != null && eight) {
			this.int8Name = fileName(int8Name);
			this.int8Sha256 = sha256(int8);
		}
		if (ort == null)
			openCvNet();
	}

	/** ONNX Runtime's session on the threads OpenCV would use (1 inside a pool of several engines), or null with the reason kept. */
	private OrtNet onnxRuntime(byte[] model, String name) {
		try {
			return OrtNet.open(model, name, org.opencv.core.Core.getNumThreads(), why -> ortMissing = why);
		} catch (LinkageError e) { // OrtNet itself cannot load without ONNX Runtime's classes
			ortMissing = "ONNX Runtime is not on this class path (" + e + ")";
			return null;
		}
	}

	/** OpenCV DNN's network, made once, with the hidden layer's name found. */
	private synchronized Net openCvNet() {
		if (net != null)
			return net;
		Net n;
		try {
			n = Dnn.readNetFromONNX(new MatOfByte(model));
		} catch (RuntimeException e) {
			throw new IllegalArgumentException(name + ": not an ONNX model OpenCV can read (" + e.getMessage() + ")", e);
		}
		if (n.empty())
			throw new IllegalArgumentException(name + ": not an ONNX model OpenCV can read");
		n.setPreferableBackend(Dnn.DNN_BACKEND_OPENCV);
		n.setPreferableTarget(Dnn.DNN_TARGET_CPU);
		int best = -1;
		// OpenCV names the exporter's node "relu_N" "onnx_node!relu_N"
		for (String layer : n.getLayerNames())
			if (layer.replaceFirst("^onnx_node!", "").startsWith("relu_")) {
				try {
					int k = Integer.parseInt(layer.replaceFirst("^onnx_node!", "").substring(5));
					if (k > best) {
						best = k;
						hiddenLayer = layer;
					}
				} catch (NumberFormatException e) {
					// not one of the exporter's names
				}
			}
		net = n;
		return n;
	}

	/** What runs the network: "ONNX Runtime 1.20.0" or "OpenCV DNN" (with the reason ONNX Runtime is not used, when it was wanted). */
	@Override
	public String runtime() {
		if (ort != null)
			return "ONNX Runtime " + OrtNet.version() + (int8Name != null ? ", 8-bit (" + int8Name + " sha256 " + int8Sha256.substring(0, 16) + ")" : "")
					+ (int8Problem != null ? " (" + int8Problem + ")" : "") + (labels == Labels.FER2013 ? " (FER-2013 head: OpenCV DNN)" : "");
		return "OpenCV DNN" + (ortMissing != null ? " (" + ortMissing + ")" : "");
	}

	/** The model shipped inside the jar, with its calibration when it has one. */
	public static OnnxEmotionClassifier shipped() {
		String int8 = int8Name(SHIPPED);
		OnnxEmotionClassifier c = new OnnxEmotionClassifier(ModelFiles.bytes(SHIPPED), SHIPPED, ModelFiles.exists(int8) ? ModelFiles.bytes(int8) : null,
				int8);
		try (java.io.InputStream in = OnnxEmotionClassifier.class.getResourceAsStream(ModelFiles.RESOURCE_DIR + calibrationName(SHIPPED))) {
			if (in != null)
				c.calibration = Calibration.read(new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
		} catch (IOException e) {
			throw new IllegalStateException("cannot read the shipped model's calibration: " + e.getMessage(), e);
		}
		try (java.io.InputStream in = OnnxEmotionClassifier.class.getResourceAsStream(ModelFiles.RESOURCE_DIR + headName(SHIPPED))) {
			if (in != null)
				c.fer2013Head = LinearHead.read(new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8), headName(SHIPPED));
		} catch (IOException e) {
			throw new IllegalStateException("cannot read the shipped model's FER-2013 head: " + e.getMessage(), e);
		}
		return c;
	}

	static String int8Name(String model) {
		return model.replaceFirst("\\.onnx$", "") + INT8_SUFFIX;
	}

	static String headName(String model) {
		return model.replaceFirst("\\.onnx$", "") + HEAD_SUFFIX;
	}

	@Override
	public void setLabels(Labels l) {
		if (l == Labels.FER2013 && fer2013Head != null)
			openCvNet(); // the hidden layer's output: OpenCV DNN only
		if (l == Labels.FER2013 && (fer2013Head == null || hiddenLayer == null))
			throw new IllegalArgumentException(name + ": has no FER-2013 head (" + headName(modelName()) + "), so only --labels people applies");
		if (l == Labels.FER2013 && prior == Prior.BALANCED)
			throw new IllegalArgumentException("--prior balanced weighs the people's reading; with --labels fer2013 use --prior everyday");
		labels = l;
	}

	@Override
	public Labels labels() {
		return labels;
	}

	static String calibrationName(String model) {
		return model.replaceFirst("\\.onnx$", "") + CALIBRATION_SUFFIX;
	}

	/** The temperature applied to the probabilities (1: none). */
	public double temperature() {
		return calibration.temperature;
	}

	public Calibration calibration() {
		return calibration;
	}

	/** Sets the calibration ({@link Calibration#NONE} gives the network's own softmax, e.g. to fit a new one). */
	public void setCalibration(Calibration c) {
		if (prior == Prior.BALANCED && !c.hasPrior())
			throw new IllegalArgumentException(name + ": the balanced prior needs a calibration with the class prior");
		calibration = c;
	}

	@Override
	public void setPrior(Prior p) {
		if (p == Prior.BALANCED && labels == Labels.FER2013)
			throw new IllegalArgumentException("--prior balanced weighs the people's reading; with --labels fer2013 use --prior everyday");
		if (p == Prior.BALANCED && !calibration.hasPrior())
			throw new IllegalArgumentException(name + ": its calibration has no class prior, so the balanced prior cannot be applied"
					+ " (calibrate --labels ferplus writes one)");
		prior = p;
	}

	@Override
	public Prior prior() {
		return prior;
	}

	public static OnnxEmotionClassifier load(Path file) {
		if (!Files.isRegularFile(file))
			throw new IllegalArgumentException(file + ": model file does not exist");
		try {
			Path int8 = file.resolveSibling(int8Name(file.getFileName().toString()));
			boolean eight = Files.isRegularFile(int8) && !file.getFileName().toString().endsWith(INT8_SUFFIX);
			OnnxEmotionClassifier c = new OnnxEmotionClassifier(Files.readAllBytes(file), file.toString(), eight ? Files.readAllBytes(int8) : null,
					int8.toString());
			Path calibration = file.resolveSibling(calibrationName(file.getFileName().toString()));
			if (Files.isRegularFile(calibration))
				c.calibration = Calibration.read(Files.readString(calibration));
			Path head = file.resolveSibling(headName(file.getFileName().toString()));
			if (Files.isRegularFile(head))
				c.fer2013Head = LinearHead.read(Files.readString(head), head.toString());
			return c;
		} catch (IOException e) {
			throw new IllegalArgumentException(file + ": cannot read model file (" + e.getMessage() + ")", e);
		}
	}

	@Override
	public synchronized float[][] classify(List<byte[]> faces) {
		int n = faces.size();
		if (n == 0)
			return new float[0][];
		float[] input = new float[n * Preprocessing.PIXELS];
		for (int i = 0; i < n; i++)
			Preprocessing.standardize(faces.get(i), input, i * Preprocessing.PIXELS);
		if (labels == Labels.FER2013)
			return fer2013(input, n);
		float[] flat = ort != null ? ort.run(input, new long[] { n, 1, Preprocessing.SIZE, Preprocessing.SIZE })[0] : openCvForward(input, n);
		float[][] p = new float[n][Emotion.COUNT];
		for (int i = 0; i < n; i++) {
			System.arraycopy(flat, i * Emotion.COUNT, p[i], 0, Emotion.COUNT);
			p[i] = calibration.apply(p[i], prior);
		}
		return p;
	}

	private Mat blob(float[] input, int n) {
		Mat blob = new Mat(new int[] { n, 1, Preprocessing.SIZE, Preprocessing.SIZE }, CvType.CV_32F);
		blob.put(new int[] { 0, 0, 0, 0 }, input);
		return blob;
	}

	private float[] openCvForward(float[] input, int n) {
		Mat blob = blob(input, n);
		net.setInput(blob);
		Mat out = net.forward();
		float[] flat = new float[n * Emotion.COUNT];
		out.reshape(1, 1).get(0, 0, flat);
		blob.release();
		out.release();
		return flat;
	}

	/** The FER-2013 head on the hidden layer (OpenCV DNN). */
	private float[][] fer2013(float[] input, int n) {
		Mat blob = blob(input, n);
		net.setInput(blob);
		Mat hidden = net.forward(hiddenLayer);
		int h = fer2013Head.hidden;
		float[] feats = new float[n * h];
		hidden.reshape(1, 1).get(0, 0, feats);
		hidden.release();
		blob.release();
		float[][] p = new float[n][];
		for (int i = 0; i < n; i++)
			p[i] = fer2013Head.probabilities(feats, i * h);
		return p;
	}

	@Override
	public synchronized void close() {
		if (ort != null)
			ort.close();
	}

	@Override
	public String modelName() {
		return fileName(name);
	}

	private static String fileName(String path) {
		return path.substring(Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\')) + 1);
	}

	@Override
	public String modelSha256() {
		return sha256;
	}

	public static String sha256(byte[] bytes) {
		try {
			StringBuilder sb = new StringBuilder();
			for (byte b : java.security.MessageDigest.getInstance("SHA-256").digest(bytes))
				sb.append(String.format(java.util.Locale.ROOT, "%02x", b));
			return sb.toString();
		} catch (java.security.NoSuchAlgorithmException e) {
			throw new IllegalStateException(e);
		}
	}

	@Override
	public String toString() {
		return "ONNX/" + (ort != null ? "ONNX Runtime " : "OpenCV ") + name;
	}
}
