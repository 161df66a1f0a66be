package org.faceemotion.core.classify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.faceemotion.TestData;
import org.faceemotion.core.model.Emotion;
import org.faceemotion.train.FerDataset;
import org.junit.jupiter.api.Test;

/** ONNX Runtime by default, OpenCV DNN when asked for: the same calibrated probabilities from the shipped model. */
class RuntimeChoiceTest {
	@Test
	void onnxRuntimeAndOpenCvGiveTheSameProbabilities() throws Exception {
		FerDataset val = FerDataset.load(TestData.fer(), "val", x -> {
		});
		List<byte[]> faces = new ArrayList<>();
		for (int i = 0; i < 40; i++)
			faces.add(val.images[i * 83]);
		float[][] ort, cv;
		try (OnnxEmotionClassifier c = OnnxEmotionClassifier.shipped()) {
			assertTrue(c.runtime().startsWith("ONNX Runtime 1."), c.runtime());
			ort = c.classify(faces);
			// one face and a batch give the same rows
			assertEquals(ort[7][3], c.classify(List.of(faces.get(7)))[0][3], 1e-6);
		}
		String before = System.getProperty(OnnxEmotionClassifier.RUNTIME_PROPERTY);
		try {
			System.setProperty(OnnxEmotionClassifier.RUNTIME_PROPERTY, "opencv");
			try (OnnxEmotionClassifier c = OnnxEmotionClassifier.shipped()) {
				assertEquals("OpenCV DNN", c.runtime());
				cv = c.classify(faces);
			}
			System.setProperty(OnnxEmotionClassifier.RUNTIME_PROPERTY, "tensorflow");
			IllegalArgumentException e = assertThrows(IllegalArgumentException.class, OnnxEmotionClassifier::shipped);
			assertTrue(e.getMessage().contains(OnnxEmotionClassifier.RUNTIME_PROPERTY) && e.getMessage().contains("tensorflow"), e.getMessage());
		} finally {
			if (before == null)
				System.clearProperty(OnnxEmotionClassifier.RUNTIME_PROPERTY);
			else
				System.setProperty(OnnxEmotionClassifier.RUNTIME_PROPERTY, before);
		}
		for (int i = 0; i < faces.size(); i++)
			for (int k = 0; k < Emotion.COUNT; k++)
				assertEquals(cv[i][k], ort[i][k], 1e-5, "face " + i + ", " + Emotion.values()[k]);
	}
}
