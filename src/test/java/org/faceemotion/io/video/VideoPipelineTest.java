package org.faceemotion.io.video;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.faceemotion.TestData;
import org.faceemotion.core.classify.OnnxEmotionClassifier;
import org.faceemotion.core.detect.FaceDetector;
import org.faceemotion.core.image.OpenCv;
import org.faceemotion.core.model.Face;
import org.faceemotion.core.pipeline.EngineConfig;
import org.faceemotion.core.pipeline.EnginePool;
import org.faceemotion.core.pipeline.FaceEngine;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The video pipeline never drops, hangs on or renumbers frames: failures stop it and are reported, a busy CPU changes nothing. */
class VideoPipelineTest {
	@BeforeAll
	static void opencv() {
		OpenCv.load();
	}

	static VideoAnnotator.Result run(Path out, FaceEngine engine, VideoAnnotator.Options o) throws IOException {
		return VideoAnnotator.annotate(TestData.video(), out, "clip", engine, o, (f, t, d) -> {
		}, () -> false);
	}

	static List<String> files(Path dir) throws IOException {
		try (Stream<Path> s = Files.list(dir)) {
			return s.map(p -> p.getFileName().toString()).sorted().collect(Collectors.toList());
		}
	}

	@Test
	void aFrameThatThrowsInAnalysisStopsTheRunWithItsNumberAndLeavesNoOutputs(@TempDir Path tmp) {
		AtomicInteger calls = new AtomicInteger();
		FaceDetector failing = bgr -> {
			if (calls.incrementAndGet() == 10)
				throw new IllegalStateException("detector exploded");
			return List.<Face>of();
		};
		VideoAnnotator.Options o = new VideoAnnotator.Options();
		o.annotatedVideo = true;
		IOException e = assertTimeoutPreemptively(Duration.ofSeconds(60), () -> assertThrows(IOException.class, () -> {
			try (FaceEngine engine = new FaceEngine(new EngineConfig(), failing, OnnxEmotionClassifier.shipped())) {
				run(tmp, engine, o);
			}
		}), "one worker, one failing frame: no hang");
		// the detector's 10th call is the 10th key frame (the default detects every third frame)
		int failed = 9 * VideoAnnotator.DEFAULT_DETECT_EVERY;
		assertTrue(e.getMessage().contains("frame " + failed + " ") && e.getMessage().contains("detector exploded"), e.getMessage());
		assertTrue(calls.get() < 40, "the decoder stopped soon after the failure: " + calls.get() + " frames analysed");
		assertEquals(List.of(), assertDoesNotThrowFiles(tmp), "no partial or temporary outputs");
	}

	static List<String> assertDoesNotThrowFiles(Path dir) {
		try {
			return files(dir);
		} catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}

	@Test
	void aWriterThatFailsStopsDecoderAndWorkers(@TempDir Path tmp) {
		VideoAnnotator.Options o = new VideoAnnotator.Options();
		AtomicInteger written = new AtomicInteger();
		o.afterFrame = r -> {
			if (written.incrementAndGet() == 20)
				throw new UncheckedIOException(new IOException("No space left on device"));
		};
		RuntimeException e = assertTimeoutPreemptively(Duration.ofSeconds(60), () -> assertThrows(RuntimeException.class, () -> {
			try (EnginePool engines = new EnginePool(new EngineConfig(), 2)) {
				VideoAnnotator.annotate(TestData.video(), tmp, "clip", engines, o, (f, t, d) -> {
				}, () -> false);
			}
		}));
		assertTrue(e.getMessage().contains("No space left on device"), e.getMessage());
		assertEquals(List.of(), assertDoesNotThrowFiles(tmp));
		// nothing of the run is left running
		assertFalse(Thread.getAllStackTraces().keySet().stream().anyMatch(t -> t.getName().equals("decode-clip") && t.isAlive()),
				"the decoder thread ended");
	}

	/**
	 * Analyses that finish out of order (four workers whose detectors take from 0 to 30 ms, by the
	 * frame's content) give the rows of one worker, in frame order, none lost: the order of the
	 * output never depends on how fast a worker is, deterministically (no busy threads, no timing).
	 */
	@Test
	void workersThatFinishOutOfOrderGiveTheRowsOfOneWorker(@TempDir Path tmp) throws Exception {
		VideoAnnotator.Options o = new VideoAnnotator.Options();
		o.every = 3;
		List<FaceEngine> slow = new ArrayList<>();
		for (int i = 0; i < 4; i++)
			slow.add(new FaceEngine(new EngineConfig(), contentDetector(true), OnnxEmotionClassifier.shipped()));
		VideoAnnotator.Result one, four;
		try (FaceEngine single = new FaceEngine(new EngineConfig(), contentDetector(false), OnnxEmotionClassifier.shipped())) {
			one = run(Files.createDirectories(tmp.resolve("one")), single, o);
		}
		try (EnginePool pool = EnginePool.of(slow)) {
			four = VideoAnnotator.annotate(TestData.video(), Files.createDirectories(tmp.resolve("four")), "clip", pool, o, (f, t, d) -> {
			}, () -> false);
		}
		assertEquals(92, one.frames, "every 3rd of 275 frames");
		assertEquals(one.frames, four.frames);
		assertEquals(Files.readAllLines(one.csv), Files.readAllLines(four.csv), "identical rows, in frame order");
	}

	/** One face whose box follows the frame's mean brightness; with {@code slow}, a delay of 0-30 ms set by the same value. */
	static FaceDetector contentDetector(boolean slow) {
		return bgr -> {
			double mean = org.opencv.core.Core.mean(bgr).val[0];
			if (slow)
				try {
					Thread.sleep((long) (mean * 7919) % 31);
				} catch (InterruptedException e) {
					Thread.currentThread().interrupt();
				}
			int x = 100 + (int) mean;
			return List.of(new Face(x, 80, 160, 160, 0.9));
		};
	}

	@Test
	void frameNumbersStayTheStreamsOwnAfterStartAndNumbersAreNeverScientific(@TempDir Path tmp) throws Exception {
		Path full = Files.createDirectories(tmp.resolve("full")), late = Files.createDirectories(tmp.resolve("late"));
		VideoAnnotator.Options o = new VideoAnnotator.Options();
		o.detectEvery = 1; // every frame: the first face row falls within 0.1 s of --start (key frames may find it up to two frames later)
		VideoAnnotator.Result a, b;
		try (FaceEngine engine = new FaceEngine(new EngineConfig())) {
			a = run(full, engine, o);
			o.startSec = 3;
			b = run(late, engine, o);
		}
		List<String[]> all = Files.readAllLines(a.csv).stream().skip(1).map(l -> l.split(",")).collect(Collectors.toList());
		List<String[]> part = Files.readAllLines(b.csv).stream().skip(1).map(l -> l.split(",")).collect(Collectors.toList());
		String[] first = part.get(0);
		double t = Double.parseDouble(first[2]);
		assertTrue(t >= 3 && t < 3.1, "starts at 3 s: " + t);
		// the same frame number at the same time as in the full run
		String[] same = all.stream().filter(r -> r[2].equals(first[2])).findFirst().orElseThrow();
		assertEquals(same[1], first[1], "frame of time " + first[2]);
		assertEquals(Math.round((t - 0.852) * 29.97), Long.parseLong(first[1]), "frame index from the stream's start");
		for (String[] r : all)
			for (String v : r)
				assertFalse(v.matches(".*\\d[eE][-+]?\\d.*"), "scientific notation: " + String.join(",", r));
		assertTrue(all.stream().allMatch(r -> r[16].matches("\\d\\.\\d{4}")), "probabilities with four decimals");
	}

	@Test
	void aBatchLoadsItsEnginesOnce(@TempDir Path tmp) throws Exception {
		try (EnginePool pool = new EnginePool(new EngineConfig(), 2)) {
			List<FaceEngine> engines = pool.engines(2);
			assertEquals(2, engines.size());
			VideoAnnotator.Options o = new VideoAnnotator.Options();
			o.every = 25;
			VideoAnnotator.annotate(TestData.video(), Files.createDirectories(tmp.resolve("a")), "clip", pool, o, (f, t, d) -> {
			}, () -> false);
			VideoAnnotator.annotate(TestData.video(), Files.createDirectories(tmp.resolve("b")), "clip", pool, o, (f, t, d) -> {
			}, () -> false);
			assertEquals(engines, pool.engines(2), "the same engines for every video of the batch");
			assertEquals(0, engines.get(1).analyze(org.opencv.core.Mat.zeros(64, 64, org.opencv.core.CvType.CV_8UC3)).faces.size(),
					"and still usable");
		}
	}
}
