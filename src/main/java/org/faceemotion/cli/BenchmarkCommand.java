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
		description = "Print training throughput, inference time per face (DL4J and OpenCV DNN) and detection recall, precision and time.")
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
		try (EmotionClassifier onnx = OnnxEmotionClassifier.shipped()) {
			System.out.printf(Locale.ROOT, "opencv dnn inference: %.2f ms/face single, %.3f ms/face batched (%d)%n",
					msPerFace(onnx, 1, 200), msPerFace(onnx, batch, 20), batch);
		}
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
