package org.faceemotion.core.pipeline;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
	/** Engines with fake parts whose closing is counted. */
	static List<FaceEngine> fakeEngines(int n, AtomicInteger closed) {
		List<FaceEngine> engines = new ArrayList<>();
		for (int i = 0; i < n; i++)
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
		return engines;
	}

	@Test
	void lanesShareTheEnginesWithoutOverlapAndThePoolClosesThem() {
		AtomicInteger closed = new AtomicInteger();
		List<FaceEngine> engines = fakeEngines(5, closed);
		try (EnginePool pool = EnginePool.of(engines)) {
			assertEquals(List.of(pool), pool.lanes(1));
			List<EnginePool> lanes = pool.lanes(2);
			assertEquals(2, lanes.size());
			assertEquals(engines.subList(0, 3), lanes.get(0).engines(10));
			assertEquals(engines.subList(3, 5), lanes.get(1).engines(10));
			assertEquals(engines.get(3), lanes.get(1).primary(), "each lane tracks with its own first engine");
			assertEquals(5, pool.lanes(9).size(), "never more lanes than engines");
			lanes.get(1).close();
			assertEquals(0, closed.get(), "a lane does not close its engines");
		}
		assertEquals(5, closed.get());
	}

	@Test
	void thePoolClosesEveryEngineItHolds() {
		AtomicInteger closed = new AtomicInteger();
		List<FaceEngine> engines = fakeEngines(3, closed);
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

	@Test
	void twoVideosAtOnceGiveTheRowsOfOneAfterTheOther(@TempDir Path tmp) throws Exception {
		Path in = Files.createDirectories(tmp.resolve("in"));
		Files.copy(TestData.video(), in.resolve("a.mp4"));
		Files.copy(TestData.video(), in.resolve("b.mp4"));
		String[] seq = Cli.run("annotate", in.toString(), "--every", "6", "--workers", "1", "--out", tmp.resolve("seq").toString());
		String[] par = Cli.run("annotate", in.toString(), "--every", "6", "--workers", "2", "--videos-at-once", "2", "--out",
				tmp.resolve("par").toString());
		assertEquals("0", seq[0], seq[2]);
		assertEquals("0", par[0], par[2]);
		assertTrue(par[1].contains("[1/2] a.mp4") || par[1].contains("[1/2] " + in.resolve("a.mp4")), par[1]);
		assertTrue(par[1].contains("2 of 2 input(s) annotated"), par[1]);
		for (String f : new String[] { "a.csv", "a-summary.csv", "b.csv", "b-summary.csv" })
			assertArrayEquals(Files.readAllBytes(tmp.resolve("seq").resolve(f)), Files.readAllBytes(tmp.resolve("par").resolve(f)), f);
	}
}
