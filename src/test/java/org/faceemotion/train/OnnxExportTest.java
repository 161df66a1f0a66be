package org.faceemotion.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.faceemotion.TestData;
import org.faceemotion.core.classify.EmotionClassifier;
import org.faceemotion.core.classify.EnsembleClassifier;
import org.faceemotion.core.classify.OnnxEmotionClassifier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OnnxExportTest {
	static double maxDiff(float[][] a, float[][] b) {
		double max = 0;
		for (int i = 0; i < a.length; i++)
			for (int c = 0; c < a[i].length; c++)
				max = Math.max(max, Math.abs(a[i][c] - b[i][c]));
		return max;
	}

	static List<byte[]> valFaces(int n) throws Exception {
		FerDataset val = FerDataset.load(TestData.fer(), "val", w -> {
		});
		List<byte[]> faces = new ArrayList<>();
		int step = val.size() / n;
		for (int i = 0; i < n; i++)
			faces.add(val.images[i * step]);
		return faces;
	}

	@Test
	void shippedOnnxModelMatchesTheDl4jModelOnRealFaces() throws Exception {
		List<byte[]> faces = valFaces(100);
		List<EmotionClassifier> members = new ArrayList<>();
		for (Path member : TestData.shippedDl4jModels())
			members.add(new Dl4jEmotionClassifier(Dl4jEmotionClassifier.loadNetwork(member)));
		float[][] dl4j = new EnsembleClassifier(members).classify(faces);
		// the float network itself (the 8-bit copy ONNX Runtime runs by default is checked against it in RuntimeChoiceTest)
		String precision = System.getProperty(OnnxEmotionClassifier.PRECISION_PROPERTY);
		System.setProperty(OnnxEmotionClassifier.PRECISION_PROPERTY, "float");
		OnnxEmotionClassifier shipped;
		try {
			shipped = OnnxEmotionClassifier.shipped();
		} finally {
			if (precision == null)
				System.clearProperty(OnnxEmotionClassifier.PRECISION_PROPERTY);
			else
				System.setProperty(OnnxEmotionClassifier.PRECISION_PROPERTY, precision);
		}
		assertTrue(!shipped.runtime().contains("8-bit"), shipped.runtime());
		org.faceemotion.core.classify.Calibration calibration = shipped.calibration();
		shipped.setCalibration(org.faceemotion.core.classify.Calibration.NONE); // the network itself; its calibration is checked below
		float[][] opencv = shipped.classify(faces);
		assertEquals(100, opencv.length);
		double diff = maxDiff(dl4j, opencv);
		// the shipped (calibrated) probabilities are the DL4J ones calibrated
		shipped.setCalibration(calibration);
		float[][] calibrated = shipped.classify(faces);
		for (int i = 0; i < dl4j.length; i++)
			dl4j[i] = calibration.apply(dl4j[i], org.faceemotion.core.classify.Prior.EVERYDAY);
		assertTrue(maxDiff(dl4j, calibrated) < 1e-4, "calibrated probabilities: " + maxDiff(dl4j, calibrated));
		assertTrue(diff < 1e-4, "max abs difference " + diff);
	}

	@Test
	void exportOfAFreshNetworkMatchesToo(@TempDir Path tmp) throws Exception {
		EmotionNet spec = new EmotionNet();
		spec.widths = new int[] { 8, 16, 16, 32 };
		spec.hidden = 16;
		MultiLayerNetwork net = spec.build();
		Path onnx = tmp.resolve("m.onnx");
		OnnxExporter.export(net, onnx, java.util.Map.of("note", "test"));
		List<byte[]> faces = valFaces(20);
		double diff = maxDiff(new Dl4jEmotionClassifier(net).classify(faces), OnnxEmotionClassifier.load(onnx).classify(faces));
		assertTrue(diff < 1e-4, "max abs difference " + diff);
	}

	@Test
	void anEnsembleExportsAsTheMeanOfItsMembersProbabilities(@TempDir Path tmp) throws Exception {
		List<MultiLayerNetwork> nets = new ArrayList<>();
		for (long seed : new long[] { 1, 2 }) {
			EmotionNet spec = new EmotionNet();
			spec.widths = new int[] { 8, 16, 16, 32 };
			spec.hidden = 16;
			spec.seed = seed;
			nets.add(spec.build());
		}
		Path onnx = tmp.resolve("ensemble.onnx");
		OnnxExporter.export(nets, onnx, null);
		List<byte[]> faces = valFaces(20);
		float[][] a = new Dl4jEmotionClassifier(nets.get(0)).classify(faces);
		float[][] b = new Dl4jEmotionClassifier(nets.get(1)).classify(faces);
		float[][] mean = new float[a.length][a[0].length];
		for (int i = 0; i < a.length; i++)
			for (int c = 0; c < a[i].length; c++)
				mean[i][c] = (a[i][c] + b[i][c]) / 2;
		assertTrue(maxDiff(a, b) > 1e-3, "the two members should differ");
		float[][] merged = OnnxEmotionClassifier.load(onnx).classify(faces);
		double diff = maxDiff(mean, merged);
		assertTrue(diff < 1e-4, "max abs difference to the mean " + diff);
	}

	@Test
	void notAModelIsReportedWithItsName(@TempDir Path tmp) throws Exception {
		Path bogus = tmp.resolve("bogus.onnx");
		java.nio.file.Files.write(bogus, new byte[] { 1, 2, 3, 4 });
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> OnnxEmotionClassifier.load(bogus));
		assertTrue(e.getMessage().contains("bogus.onnx"), e.getMessage());
		Path zip = tmp.resolve("bogus.zip");
		java.nio.file.Files.write(zip, new byte[] { 1, 2, 3, 4 });
		e = assertThrows(IllegalArgumentException.class, () -> Dl4jEmotionClassifier.loadNetwork(zip));
		assertTrue(e.getMessage().contains("bogus.zip") && e.getMessage().contains("not a DL4J model"), e.getMessage());
	}
}
