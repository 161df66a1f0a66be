package org.faceemotion.core.detect;

import java.util.ArrayList;
import java.util.List;

import org.faceemotion.core.image.OpenCv;
import org.faceemotion.core.model.Face;
import org.opencv.core.Core;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.MatOfByte;
import org.opencv.core.Rect;
import org.opencv.core.Scalar;
import org.opencv.core.Size;
import org.opencv.dnn.Dnn;
import org.opencv.dnn.Net;
import org.opencv.imgproc.Imgproc;

/**
 * MediaPipe's BlazeFace detectors, run by ONNX Runtime on their ONNX conversion
 * ({@code convert-tflite}; {@link #onnxName}) and by OpenCV DNN on the TFLite file where ONNX
 * Runtime is not used (the same outputs within 1e-4). The frame is letter-boxed to the model's
 * square input, boxes are decoded from the SSD anchors, and overlapping boxes are merged by
 * weighted non-maximum suppression. Frames much larger than the input are shrunk first, so an
 * 8000x6000 photo costs no more memory than its own pixels.
 */
public final class BlazeFaceDetector implements FaceDetector {
	/** The two published models: short range (faces within ~2 m) and full range (smaller, farther faces). */
	public enum Variant {
		SHORT_RANGE("face_detection_short_range.tflite", 128, new int[] { 8, 16, 16, 16 }, true),
		FULL_RANGE("face_detection_full_range.tflite", 192, new int[] { 4 }, false);

		final String file;
		final int inputSize;
		final int[] strides;
		final boolean interpolatedAnchor;

		Variant(String file, int inputSize, int[] strides, boolean interpolatedAnchor) {
			this.file = file;
			this.inputSize = inputSize;
			this.strides = strides;
			this.interpolatedAnchor = interpolatedAnchor;
		}
	}

	private final Variant variant;
	/** OpenCV DNN's network (null when ONNX Runtime runs the converted model). */
	private final Net net;
	/** ONNX Runtime's session on the model converted from TFLite ({@code convert-tflite}), or null. */
	private final org.faceemotion.core.runtime.OrtNet ort;
	/** Why ONNX Runtime does not run the detector (null when it does or was not wanted). */
	private String ortMissing;
	/** ONNX Runtime's input, filled anew each frame (a detector serves one thread). */
	private final float[] input;
	private final long[] inputShape;
	private final float[][] anchors;
	private final double scoreThreshold;
	private final double nmsIou;
	private final double minFaceSize;
	private final List<String> outputNames;
	private long forwardNanos;

	public BlazeFaceDetector(Variant variant, double scoreThreshold, double nmsIou, double minFaceSize) {
		OpenCv.load();
		this.variant = variant;
		this.scoreThreshold = scoreThreshold;
		this.nmsIou = nmsIou;
		this.minFaceSize = minFaceSize;
		this.ort = onnxRuntime(variant);
		this.net = ort != null ? null : Dnn.readNetFromTFLite(new MatOfByte(ModelFiles.bytes(variant.file)));
		if (net != null && net.empty())
			throw new IllegalStateException("OpenCV could not load " + variant.file);
		this.anchors = anchors(variant);
		this.input = new float[ort != null ? 3 * variant.inputSize * variant.inputSize : 0];
		this.inputShape = new long[] { 1, 3, variant.inputSize, variant.inputSize };
		this.outputNames = net != null ? net.getUnconnectedOutLayersNames() : List.of();
	}

	/** The ONNX file converted from {@code variant}'s TFLite file, beside it in the jar. */
	public static String onnxName(Variant variant) {
		return variant.file.replaceFirst("\\.tflite$", ".onnx");
	}

	private org.faceemotion.core.runtime.OrtNet onnxRuntime(Variant v) {
		String onnx = onnxName(v);
		try {
			if (!org.faceemotion.core.runtime.OrtNet.wanted())
				return null;
			if (!ModelFiles.exists(onnx)) {
				ortMissing = onnx + " is not in the jar";
				return null;
			}
			return org.faceemotion.core.runtime.OrtNet.open(ModelFiles.bytes(onnx), onnx, org.opencv.core.Core.getNumThreads(), why -> ortMissing = why);
		} catch (LinkageError e) { // OrtNet itself cannot load without ONNX Runtime's classes
			ortMissing = "ONNX Runtime is not on this class path (" + e + ")";
			return null;
		}
	}

	/** What runs the network: "ONNX Runtime" or "OpenCV DNN" (with the reason ONNX Runtime is not used, when it was wanted). */
	@Override
	public String runtime() {
		return ort != null ? "ONNX Runtime" : "OpenCV DNN" + (ortMissing != null ? " (" + ortMissing + ")" : "");
	}

	@Override
	public long forwardNanos() {
		return forwardNanos;
	}

	/** SSD anchor centres (x, y in 0..1), as MediaPipe's SsdAnchorsCalculator lays them out with fixed anchor size. */
	static float[][] anchors(Variant v) {
		List<float[]> out = new ArrayList<>();
		int layer = 0;
		while (layer < v.strides.length) {
			int stride = v.strides[layer];
			int perLocation = 0;
			while (layer < v.strides.length && v.strides[layer] == stride) {
				perLocation += v.interpolatedAnchor ? 2 : 1;
				layer++;
			}
			int fm = (int) Math.ceil(v.inputSize / (double) stride);
			for (int y = 0; y < fm; y++)
				for (int x = 0; x < fm; x++)
					for (int a = 0; a < perLocation; a++)
						out.add(new float[] { (x + 0.5f) / fm, (y + 0.5f) / fm });
		}
		return out.toArray(new float[0][]);
	}

	@Override
	public List<Face> detect(Mat bgr) {
		int w = bgr.cols(), h = bgr.rows();
		int s = variant.inputSize;
		double scale = s / (double) Math.max(w, h);
		int rw = Math.max(1, (int) Math.round(w * scale)), rh = Math.max(1, (int) Math.round(h * scale));
		Mat resized = new Mat();
		if (scale < 1)
			org.faceemotion.core.image.GrayImages.shrink(bgr, resized, rw, rh);
		else
			Imgproc.resize(bgr, resized, new Size(rw, rh), 0, 0, Imgproc.INTER_LINEAR);
		Mat square = new Mat(s, s, CvType.CV_8UC3, Scalar.all(0));
		int padX = (s - rw) / 2, padY = (s - rh) / 2;
		resized.copyTo(square.submat(new Rect(padX, padY, rw, rh)));
		Mat blob = Dnn.blobFromImage(square, 1 / 127.5, new Size(s, s), new Scalar(127.5, 127.5, 127.5), true, false);
		float[] box = null, score = null;
		long t0 = System.nanoTime();
		if (ort != null) {
			blob.reshape(1, 1).get(0, 0, input);
			for (float[] o : ort.run(input, inputShape))
				if (o.length == anchors.length * 16)
					box = o;
				else if (o.length == anchors.length)
					score = o;
			forwardNanos += System.nanoTime() - t0;
		} else {
			net.setInput(blob);
			List<Mat> outs = new ArrayList<>();
			net.forward(outs, outputNames);
			forwardNanos += System.nanoTime() - t0;
			for (Mat m : outs) {
				if (m.total() == (long) anchors.length * 16) {
					box = new float[(int) m.total()];
					m.reshape(1, 1).get(0, 0, box);
				} else if (m.total() == anchors.length) {
					score = new float[(int) m.total()];
					m.reshape(1, 1).get(0, 0, score);
				}
				m.release();
			}
		}
		if (box == null || score == null)
			throw new IllegalStateException(variant.file + ": unexpected output shapes");
		// native buffers go now, not when the GC gets round to their small Java wrappers (bounded memory on long videos)
		resized.release();
		square.release();
		blob.release();
		double logitThreshold = Math.log(scoreThreshold / (1 - scoreThreshold));
		List<Face> faces = new ArrayList<>();
		for (int i = 0; i < anchors.length; i++) {
			if (score[i] < logitThreshold)
				continue;
			double p = 1 / (1 + Math.exp(-Math.max(-100, Math.min(100, score[i]))));
			double cx = box[i * 16] / s + anchors[i][0], cy = box[i * 16 + 1] / s + anchors[i][1];
			double bw = box[i * 16 + 2] / s, bh = box[i * 16 + 3] / s;
			// back from the letter-boxed square to frame pixels
			double x0 = ((cx - bw / 2) * s - padX) / scale, y0 = ((cy - bh / 2) * s - padY) / scale;
			double fw = bw * s / scale, fh = bh * s / scale;
			if (Math.min(fw, fh) < minFaceSize)
				continue;
			// six key points (MediaPipe's order): the person's right and left eye, nose tip, mouth
			// centre, right and left tragion; offsets from the anchor
			double[] eyes = new double[12];
			for (int k = 0; k < 6; k++) {
				double kx = box[i * 16 + 4 + 2 * k] / s + anchors[i][0], ky = box[i * 16 + 5 + 2 * k] / s + anchors[i][1];
				eyes[2 * k] = (kx * s - padX) / scale;
				eyes[2 * k + 1] = (ky * s - padY) / scale;
			}
			faces.add(new Face(x0, y0, fw, fh, p, eyes));
		}
		List<Face> merged = NonMaxSuppression.apply(faces, nmsIou, true);
		List<Face> clipped = new ArrayList<>();
		for (Face f : merged) {
			double x0 = Math.max(0, f.x), y0 = Math.max(0, f.y);
			double x1 = Math.min(w, f.x + f.width), y1 = Math.min(h, f.y + f.height);
			if (x1 - x0 >= 1 && y1 - y0 >= 1)
				clipped.add(new Face(x0, y0, x1 - x0, y1 - y0, f.score, f.eyes));
		}
		return clipped;
	}

	@Override
	public void close() {
		if (ort != null)
			ort.close();
	}

	@Override
	public String toString() {
		return "BlazeFace " + variant + " (" + (ort != null ? "ONNX Runtime" : "OpenCV DNN") + ")";
	}
}
