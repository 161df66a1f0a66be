package org.faceemotion.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.faceemotion.TestData;
import org.faceemotion.core.classify.Calibration;
import org.faceemotion.core.classify.Labels;
import org.faceemotion.core.classify.LinearHead;
import org.faceemotion.core.classify.OnnxEmotionClassifier;
import org.faceemotion.core.classify.Prior;
import org.faceemotion.core.model.Emotion;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The FER-2013 head reads the ONNX network's hidden layer: a head equal to the network's own output layer gives its softmax. */
class Fer2013HeadTest {
	@Test
	void aHeadCopiedFromTheOutputLayerReproducesTheNetworkThroughOpenCv(@TempDir Path tmp) throws Exception {
		MultiLayerNetwork net = Dl4jEmotionClassifier.loadNetwork(TestData.models().resolve("emotion-cnn.zip"));
		int out = -1;
		for (int i = 0; i < net.getnLayers(); i++)
			if (net.getLayerWiseConfigurations().getConf(i).getLayer() instanceof OutputLayer)
				out = i;
		float[][] w = net.getLayer(out).getParam("W").toFloatMatrix(); // [hidden][7]
		float[] b = net.getLayer(out).getParam("b").toFloatVector();
		double[][] hw = new double[Emotion.COUNT][w.length];
		double[] hb = new double[Emotion.COUNT];
		for (int c = 0; c < Emotion.COUNT; c++) {
			hb[c] = b[c];
			for (int j = 0; j < w.length; j++)
				hw[c][j] = w[j][c];
		}
		LinearHead head = LinearHead.read(new LinearHead(hw, hb, 1).write(), "copy");
		Path onnx = Files.copy(TestData.models().resolve("emotion-cnn.onnx"), tmp.resolve("m.onnx"));
		Files.writeString(tmp.resolve("m" + OnnxEmotionClassifier.HEAD_SUFFIX), head.write());
		OnnxEmotionClassifier c = OnnxEmotionClassifier.load(onnx);
		c.setCalibration(Calibration.NONE);
		List<byte[]> faces = new ArrayList<>();
		org.faceemotion.train.FerDataset val = org.faceemotion.train.FerDataset.load(TestData.fer(), "val", x -> {
		});
		for (int i = 0; i < 16; i++)
			faces.add(val.images[i * 200]);
		float[][] people = c.classify(faces);
		c.setLabels(Labels.FER2013);
		float[][] fer = c.classify(faces);
		for (int i = 0; i < faces.size(); i++)
			for (int k = 0; k < Emotion.COUNT; k++)
				assertEquals(people[i][k], fer[i][k], 2e-3, "face " + i + ", " + Emotion.values()[k]);
		// the head's features are what DL4J computes at the output layer's input
		float[][] feats = Fer2013Head.features(net, faces.toArray(new byte[0][]), false);
		assertEquals(w.length, feats[0].length);
		float[] p = head.probabilities(feats[3], 0);
		for (int k = 0; k < Emotion.COUNT; k++)
			assertEquals(people[3][k], p[k], 2e-3);
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> c.setPrior(Prior.BALANCED));
		assertTrue(e.getMessage().contains("--labels fer2013"), e.getMessage());
		// a model without a head refuses the FER-2013 labels by name
		OnnxEmotionClassifier plain = OnnxEmotionClassifier.load(Files.copy(onnx, tmp.resolve("plain.onnx")));
		e = assertThrows(IllegalArgumentException.class, () -> plain.setLabels(Labels.FER2013));
		assertTrue(e.getMessage().contains("no FER-2013 head"), e.getMessage());
	}

	@Test
	void theFitSeparatesClassesItCanSee() {
		// two features, three informative directions: a softmax regression must reach near-perfect accuracy
		java.util.Random rnd = new java.util.Random(3);
		int n = 700;
		float[][] x = new float[n][4];
		int[] y = new int[n];
		for (int i = 0; i < n; i++) {
			y[i] = i % Emotion.COUNT;
			for (int j = 0; j < 4; j++)
				x[i][j] = (float) (rnd.nextGaussian() * 0.3);
			x[i][y[i] % 4] += y[i] < 4 ? 3 : -3;
		}
		LinearHead h = Fer2013Head.fit(x, y, 300, 0.05, 1e-4, s -> {
		});
		assertTrue(Fer2013Head.accuracy(h, x, y) > 0.95, "accuracy " + Fer2013Head.accuracy(h, x, y));
		LinearHead t = Fer2013Head.calibrate(h, x, y);
		assertTrue(Fer2013Head.nll(t, x, y) <= Fer2013Head.nll(h, x, y) + 1e-9);
	}
}
