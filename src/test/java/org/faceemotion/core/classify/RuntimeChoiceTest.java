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

/**
 * ONNX Runtime by default, on the shipped model's 8-bit copy; its float model when asked for, with
 * the probabilities of OpenCV DNN; OpenCV DNN when asked for.
 */
class RuntimeChoiceTest {
	static List<byte[]> valFaces(int n) throws Exception {
		FerDataset val = FerDataset.load(TestData.fer(), "val", x -> {
		});
		List<byte[]> faces = new ArrayList<>();
		for (int i = 0; i < n; i++)
			faces.add(val.images[(int) ((long) i * val.size() / n)]);
		return faces;
	}

	static float[][] withProperty(String key, String value, List<byte[]> faces, String runtimeStart) {
		String before = System.getProperty(key);
		try {
			System.setProperty(key, value);
			try (OnnxEmotionClassifier c = OnnxEmotionClassifier.shipped()) {
				assertTrue(c.runtime().startsWith(runtimeStart), c.runtime());
				return c.classify(faces);
			}
		} finally {
			if (before == null)
				System.clearProperty(key);
			else
				System.setProperty(key, before);
		}
	}

	@Test
	void theEightBitCopyAgreesWithTheFloatModel() throws Exception {
		List<byte[]> faces = valFaces(600);
		float[][] int8;
		try (OnnxEmotionClassifier c = OnnxEmotionClassifier.shipped()) {
			assertTrue(c.runtime().startsWith("ONNX Runtime 1.") && c.runtime().contains("8-bit (emotion-cnn.int8.onnx sha256 "), c.runtime());
			int8 = c.classify(faces);
			// one face and a batch give the same rows (integer kernels: exactly)
			assertEquals(int8[7][3], c.classify(List.of(faces.get(7)))[0][3], 1e-6);
		}
		float[][] fp = withProperty(OnnxEmotionClassifier.PRECISION_PROPERTY, "float", faces, "ONNX Runtime 1.");
		int same = 0;
		double diff = 0;
		for (int i = 0; i < faces.size(); i++) {
			same += CalibrationTest.argmax(int8[i]) == CalibrationTest.argmax(fp[i]) ? 1 : 0;
			for (int k = 0; k < Emotion.COUNT; k++)
				diff += Math.abs(int8[i][k] - fp[i][k]) / Emotion.COUNT / faces.size();
		}
		System.out.printf(java.util.Locale.ROOT, "8-bit vs float: the same top emotion on %d of %d val faces, mean |difference| %.4f%n", same,
				faces.size(), diff);
		assertTrue(same >= 0.97 * faces.size(), "same top emotion on " + same + " of " + faces.size());
		assertTrue(diff < 0.01, "mean |difference| " + diff);
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
				() -> withProperty(OnnxEmotionClassifier.PRECISION_PROPERTY, "fp16", faces, "ONNX Runtime"));
		assertTrue(e.getMessage().contains(OnnxEmotionClassifier.PRECISION_PROPERTY) && e.getMessage().contains("fp16"), e.getMessage());
	}

	@Test
	void anEightBitCopyMadeFromAnotherModelIsNotUsed(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
		java.nio.file.Path models = TestData.models();
		java.nio.file.Files.copy(models.resolve("emotion-cnn.onnx"), dir.resolve("same.onnx"));
		java.nio.file.Files.copy(models.resolve("emotion-cnn.int8.onnx"), dir.resolve("same.int8.onnx"));
		try (OnnxEmotionClassifier c = OnnxEmotionClassifier.load(dir.resolve("same.onnx"))) {
			assertTrue(c.runtime().contains("8-bit (same.int8.onnx"), c.runtime());
		}
		// the float model changed since its copy was made (here: one more metadata entry)
		onnx.Onnx.ModelProto m = onnx.Onnx.ModelProto.parseFrom(java.nio.file.Files.readAllBytes(models.resolve("emotion-cnn.onnx")));
		java.nio.file.Files.write(dir.resolve("changed.onnx"), m.toBuilder()
				.addMetadataProps(onnx.Onnx.StringStringEntryProto.newBuilder().setKey("note").setValue("retrained")).build().toByteArray());
		java.nio.file.Files.copy(models.resolve("emotion-cnn.int8.onnx"), dir.resolve("changed.int8.onnx"));
		try (OnnxEmotionClassifier c = OnnxEmotionClassifier.load(dir.resolve("changed.onnx"))) {
			assertTrue(c.runtime().startsWith("ONNX Runtime 1.") && !c.runtime().contains("8-bit (")
					&& c.runtime().contains("8-bit copy changed.int8.onnx not used: it was made from another model"), c.runtime());
		}
	}

	@Test
	void onnxRuntimeAndOpenCvGiveTheSameProbabilitiesFromTheFloatModel() throws Exception {
		List<byte[]> faces = valFaces(40);
		float[][] ort = withProperty(OnnxEmotionClassifier.PRECISION_PROPERTY, "float", faces, "ONNX Runtime 1."), cv;
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
