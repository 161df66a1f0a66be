package org.faceemotion.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.faceemotion.bench.DetectionEvaluation;
import org.faceemotion.core.classify.EmotionClassifier;
import org.faceemotion.core.classify.OnnxEmotionClassifier;
import org.faceemotion.core.classify.Preprocessing;
import org.faceemotion.core.detect.DetectorKind;
import org.faceemotion.core.detect.FaceDetector;
import org.faceemotion.core.model.Face;
import org.faceemotion.train.Dl4jEmotionClassifier;
import org.faceemotion.train.EmotionNet;
import org.faceemotion.train.TrainingSpeed;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "benchmark", mixinStandardHelpOptions = true,
		description = "Print training throughput, inference time per face (DL4J, ONNX Runtime on the 8-bit and float models, OpenCV DNN and OpenCV's 8-bit network) and detection recall, precision and time.")
public final class BenchmarkCommand implements Callable<Integer> {
	@Option(names = "--faces", defaultValue = "../shared/testdata/faces", description = "Folder with boxed photos (testing.xml, training.xml)")
	Path faces;
	@Option(names = "--iou", defaultValue = "0.4", description = "IoU for a detection to match a hand-drawn box (default: ${DEFAULT-VALUE})")
	double iou;
	@Option(names = "--skip-training", description = "Skip the DL4J training throughput measurement")
	boolean skipTraining;
	@Option(names = "--model", defaultValue = "models/emotion-cnn.zip",
			description = "DL4J model whose network is measured (default: ${DEFAULT-VALUE}, the shipped one)")
	Path model;
	@Option(names = "--batch", defaultValue = "64")
	int batch;
	@Option(names = "--data", defaultValue = "../shared/datasets/fer2013",
			description = "FER-2013 folder: val faces calibrate and check OpenCV's 8-bit network (default: ${DEFAULT-VALUE}; skipped when missing)")
	Path data;

	@Override
	public Integer call() throws Exception {
		model = Models.projectDefault(model, "models/emotion-cnn.zip");
		faces = Models.projectDefault(faces, "../shared/testdata/faces");
		System.out.printf(Locale.ROOT, "cores: %d, java %s, %s%n", Runtime.getRuntime().availableProcessors(),
				System.getProperty("java.version"), System.getProperty("os.arch"));
		MultiLayerNetwork net;
		EmotionNet spec;
		try {
			net = Dl4jEmotionClassifier.loadNetwork(model);
		} catch (IllegalArgumentException e) {
			System.err.println("error: " + e.getMessage());
			return 2;
		}
		try {
			spec = EmotionNet.describing(net);
		} catch (IllegalArgumentException e) {
			System.err.println("error: " + model + ": " + e.getMessage());
			return 2;
		}
		System.out.printf(Locale.ROOT, "emotion CNN %s: widths %s, convolutions %s, hidden %d; %d parameters, %.1f M multiply-adds per face%n",
				model, java.util.Arrays.toString(spec.widths), java.util.Arrays.toString(spec.convsPerBlock), spec.hidden,
				net.numParams(), spec.multiplyAdds() / 1e6);
		if (!skipTraining)
			System.out.printf(Locale.ROOT, "dl4j training: %.1f images/s (batch %d)%n",
					TrainingSpeed.trainImagesPerSecond(net, batch, 10), batch);
		System.out.printf(Locale.ROOT, "dl4j inference: %.2f ms/face single, %.2f ms/face batched (%d)%n",
				TrainingSpeed.inferenceMsPerFace(net, 1, 30), TrainingSpeed.inferenceMsPerFace(net, batch, 5), batch);
		// the shipped ONNX file through each runtime, on one thread and on OpenCV's default threads
		org.faceemotion.core.image.OpenCv.load();
		int threads = org.opencv.core.Core.getNumThreads();
		String before = System.getProperty(OnnxEmotionClassifier.RUNTIME_PROPERTY);
		String precision = System.getProperty(OnnxEmotionClassifier.PRECISION_PROPERTY);
		try {
			// ONNX Runtime on the 8-bit copy (what ships), on the float model, then OpenCV DNN (float)
			for (String runtime : List.of("onnxruntime/int8", "onnxruntime/float", "opencv/float"))
				for (int t : new int[] { 1, threads }) {
					System.setProperty(OnnxEmotionClassifier.RUNTIME_PROPERTY, runtime.split("/")[0]);
					System.setProperty(OnnxEmotionClassifier.PRECISION_PROPERTY, runtime.split("/")[1]);
					org.opencv.core.Core.setNumThreads(t);
					try (OnnxEmotionClassifier onnx = OnnxEmotionClassifier.shipped()) {
						System.out.printf(Locale.ROOT, "%s, %d thread(s): %.2f ms/face single, %.3f ms/face batched (%d)%n", onnx.runtime(), t,
								msPerFace(onnx, 1, 300), msPerFace(onnx, batch, 20), batch);
					}
				}
		} finally {
			org.opencv.core.Core.setNumThreads(threads);
			restore(OnnxEmotionClassifier.RUNTIME_PROPERTY, before);
			restore(OnnxEmotionClassifier.PRECISION_PROPERTY, precision);
		}
		eightBit();
		Path xmlA = faces.resolve("testing.xml"), xmlB = faces.resolve("training.xml");
		if (!Files.exists(xmlA) || !Files.exists(xmlB)) {
			System.out.println("detection: skipped (no testing.xml/training.xml in " + faces + ")");
			return 0;
		}
		Map<Path, List<Face>> truth = DetectionEvaluation.readBoxes(List.of(xmlA, xmlB));
		for (DetectorKind k : DetectorKind.values()) {
			if (k == DetectorKind.NONE)
				continue; // finds nothing: the image is the face
			try (FaceDetector d = k.create(0.5, 0)) {
				DetectionEvaluation e = DetectionEvaluation.run(d, truth, iou);
				System.out.printf(Locale.ROOT, "detection %-15s recall %.3f (%d/%d), precision %.3f (%d detections), %.1f ms/image (%d images, IoU >= %.2f)%n",
						k.id, e.recall(), e.matched, e.truth, e.precision(), e.detected, e.msPerImage(), e.images, iou);
			}
		}
		return 0;
	}

	/**
	 * OpenCV's 8-bit network ({@code Net.quantize}, per-channel weights, activations calibrated on
	 * 256 val faces) against the float one, on one thread: ms per face and how often the two agree
	 * on the top emotion of 1,500 other val faces.
	 */
	private void eightBit() throws org.faceemotion.train.FerDataset.DatasetException {
		data = Models.projectDefault(data, "../shared/datasets/fer2013");
		if (!Files.isDirectory(data.resolve("val"))) {
			System.out.println("opencv 8-bit: skipped (no " + data.resolve("val") + ")");
			return;
		}
		org.faceemotion.train.FerDataset val = org.faceemotion.train.FerDataset.load(data, "val", m -> {
		});
		int threads = org.opencv.core.Core.getNumThreads();
		org.opencv.core.Core.setNumThreads(1);
		try {
			org.opencv.dnn.Net fp = org.opencv.dnn.Dnn.readNetFromONNX(new org.opencv.core.MatOfByte(
					org.faceemotion.core.detect.ModelFiles.bytes(OnnxEmotionClassifier.SHIPPED)));
			org.opencv.dnn.Net q = fp.quantize(List.of(blob(val.images, 0, 256)), org.opencv.core.CvType.CV_32F, org.opencv.core.CvType.CV_32F,
					true);
			int n = Math.min(1500, val.images.length - 256), agree = 0, fpRight = 0, qRight = 0;
			long fpNanos = 0, qNanos = 0;
			for (int i = 256; i < 256 + n; i++) {
				org.opencv.core.Mat b = blob(val.images, i, 1);
				long t0 = System.nanoTime();
				fp.setInput(b);
				int a = argmax(fp.forward());
				long t1 = System.nanoTime();
				q.setInput(b);
				int c = argmax(q.forward());
				qNanos += System.nanoTime() - t1;
				fpNanos += t1 - t0;
				b.release();
				agree += a == c ? 1 : 0;
				fpRight += a == val.labels[i] ? 1 : 0;
				qRight += c == val.labels[i] ? 1 : 0;
			}
			System.out.printf(Locale.ROOT,
					"opencv 8-bit vs float, 1 thread: %.2f vs %.2f ms/face; top emotion agrees on %.2f %% of %d val faces; "
							+ "FER-2013-label accuracy of the raw outputs %.4f vs %.4f%n",
					qNanos / 1e6 / n, fpNanos / 1e6 / n, 100.0 * agree / n, n, qRight / (double) n, fpRight / (double) n);
		} catch (RuntimeException e) {
			System.out.println("opencv 8-bit: " + e.getMessage());
		} finally {
			org.opencv.core.Core.setNumThreads(threads);
		}
	}

	private static void restore(String key, String value) {
		if (value == null)
			System.clearProperty(key);
		else
			System.setProperty(key, value);
	}

	private static org.opencv.core.Mat blob(byte[][] faces, int from, int n) {
		float[] input = new float[n * Preprocessing.PIXELS];
		for (int i = 0; i < n; i++)
			Preprocessing.standardize(faces[from + i], input, i * Preprocessing.PIXELS);
		org.opencv.core.Mat m = new org.opencv.core.Mat(new int[] { n, 1, Preprocessing.SIZE, Preprocessing.SIZE }, org.opencv.core.CvType.CV_32F);
		m.put(new int[] { 0, 0, 0, 0 }, input);
		return m;
	}

	private static int argmax(org.opencv.core.Mat out) {
		float[] p = new float[(int) out.total()];
		out.reshape(1, 1).get(0, 0, p);
		out.release();
		int best = 0;
		for (int k = 1; k < p.length; k++)
			if (p[k] > p[best])
				best = k;
		return best;
	}

	static double msPerFace(EmotionClassifier c, int batch, int iterations) {
		Random rng = new Random(1);
		List<byte[]> faces = new ArrayList<>();
		for (int i = 0; i < batch; i++) {
			byte[] f = new byte[Preprocessing.PIXELS];
			rng.nextBytes(f);
			faces.add(f);
		}
		for (int i = 0; i < 5; i++)
			c.classify(faces);
		long t0 = System.nanoTime();
		for (int i = 0; i < iterations; i++)
			c.classify(faces);
		return (System.nanoTime() - t0) / 1e6 / iterations / batch;
	}
}
