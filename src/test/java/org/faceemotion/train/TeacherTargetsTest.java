package org.faceemotion.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import org.faceemotion.TestData;
import org.faceemotion.core.classify.OnnxEmotionClassifier;
import org.faceemotion.core.model.Emotion;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.dataset.DataSet;

class TeacherTargetsTest {
	@Test
	void targetsAreTheTeachersMeanWithTheMirrorAndAreBlendedIntoTheLabels(@TempDir Path tmp) throws Exception {
		FerDataset val = FerDataset.load(TestData.fer(), "val", w -> {
		});
		FerDataset small = val.subset(Arrays.copyOf(Batches.epochOrder(val.size(), 5, 0), 40));
		Path teacher = TestData.models().resolve("emotion-cnn.onnx");
		// the same teacher twice: the mean equals one teacher's probabilities
		float[] t = TeacherTargets.compute(List.of(teacher, teacher), small);
		assertEquals(40 * Emotion.COUNT, t.length);
		try (OnnxEmotionClassifier c = OnnxEmotionClassifier.load(teacher)) {
			float[][] direct = c.classifyWithFlip(List.of(small.images[0], small.images[39]));
			for (int k = 0; k < Emotion.COUNT; k++) {
				assertEquals(direct[0][k], t[k], 1e-5);
				assertEquals(direct[1][k], t[39 * Emotion.COUNT + k], 1e-5);
			}
		}
		for (int i = 0; i < 40; i++) {
			double sum = 0;
			for (int k = 0; k < Emotion.COUNT; k++)
				sum += t[i * Emotion.COUNT + k];
			assertEquals(1, sum, 1e-4, "row " + i + " is a distribution");
		}
		// the shipped network agrees with most human labels of val
		assertTrue(TeacherTargets.agreement(t, small.labels) > 0.5);

		// cached: the second call reads the file back; another training set does not match it
		ByteArrayOutputStream log = new ByteArrayOutputStream();
		PrintStream ps = new PrintStream(log, true, StandardCharsets.UTF_8);
		float[] a = TeacherTargets.loadOrCompute(tmp, List.of(teacher), small, ps);
		float[] b = TeacherTargets.loadOrCompute(tmp, List.of(teacher), small, ps);
		assertTrue(Arrays.equals(a, b));
		assertTrue(log.toString(StandardCharsets.UTF_8).contains("read from"), log.toString(StandardCharsets.UTF_8));
		FerDataset other = val.subset(Arrays.copyOf(Batches.epochOrder(val.size(), 6, 0), 40));
		assertNotEquals(TeacherTargets.key(List.of(teacher), small), TeacherTargets.key(List.of(teacher), other));
		Files.write(tmp.resolve(TeacherTargets.CACHE), new byte[] { 1, 2, 3 }); // damaged: computed again
		assertTrue(Arrays.equals(a, TeacherTargets.loadOrCompute(tmp, List.of(teacher), small, ps)));

		// the blend: (1 - w) one-hot + w teacher, with no smoothing and no mixup
		Augmenter plain = new Augmenter();
		try (Batches.AugmentedEpoch epoch = new Batches.AugmentedEpoch(small, 40, 1, 1, plain, null, a, 0.7)) {
			DataSet ds = epoch.next();
			float[][] targets = ds.getLabels().toFloatMatrix();
			int[] order = Batches.epochOrder(40, 1, 1);
			for (int i = 0; i < 40; i++)
				for (int k = 0; k < Emotion.COUNT; k++)
					assertEquals(0.3 * (small.labels[order[i]] == k ? 1 : 0) + 0.7 * a[order[i] * Emotion.COUNT + k], targets[i][k], 1e-6);
		}
	}
}
