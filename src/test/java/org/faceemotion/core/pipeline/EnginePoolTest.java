package org.faceemotion.core.pipeline;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.faceemotion.Cli;
import org.faceemotion.TestData;
import org.faceemotion.core.classify.EmotionClassifier;
import org.faceemotion.core.model.Emotion;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EnginePoolTest {
	@Test
	void thePoolClosesEveryEngineItHolds() {
		AtomicInteger closed = new AtomicInteger();
		List<FaceEngine> engines = new ArrayList<>();
		for (int i = 0; i < 3; i++)
			engines.add(new FaceEngine(new EngineConfig(), bgr -> List.of(), new EmotionClassifier() {
				@Override
				public float[][] classify(List<byte[]> faces) {
					return new float[faces.size()][Emotion.COUNT];
				}

				@Override
				public void close() {
					closed.incrementAndGet();
				}
			}));
		try (EnginePool pool = EnginePool.of(engines)) {
			assertEquals(3, pool.workers());
			assertEquals(engines, pool.engines(10), "never more than it holds");
			assertEquals(engines.get(0), pool.primary());
		}
		assertEquals(3, closed.get());
		assertThrows(IllegalArgumentException.class, () -> new EnginePool(new EngineConfig(), 0));
		// OpenCV's threads: one per worker while a pool of several lives, the earlier setting after it
		org.faceemotion.core.image.OpenCv.load();
		int before = org.opencv.core.Core.getNumThreads();
		try (EnginePool pool = new EnginePool(new EngineConfig(), 3)) {
			assertEquals(1, org.opencv.core.Core.getNumThreads());
		}
		assertEquals(before, org.opencv.core.Core.getNumThreads());
	}

	@Test
	void fourWorkersOnTwoCoresGiveTheRowsOfOne(@TempDir Path tmp) throws Exception {
		Path clip = Files.copy(TestData.video(), tmp.resolve("clip.mp4"));
		String[] one = Cli.run("annotate", clip.toString(), "--every", "4", "--workers", "1", "--out", tmp.resolve("one").toString());
		String[] four = Cli.run("annotate", clip.toString(), "--every", "4", "--workers", "4", "--out", tmp.resolve("four").toString());
		assertEquals("0", one[0], one[2]);
		assertEquals("0", four[0], four[2]);
		for (String f : new String[] { "clip.csv", "clip-summary.csv" })
			assertArrayEquals(Files.readAllBytes(tmp.resolve("one").resolve(f)), Files.readAllBytes(tmp.resolve("four").resolve(f)), f);
	}
}
