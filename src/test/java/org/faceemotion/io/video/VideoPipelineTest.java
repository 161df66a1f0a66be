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
		assertTrue(e.getMessage().contains("frame 9") && e.getMessage().contains("detector exploded"), e.getMessage());
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
		o.workers = 2;
		AtomicInteger written = new AtomicInteger();
		o.afterFrame = r -> {
			if (written.incrementAndGet() == 20)
				throw new UncheckedIOException(new IOException("No space left on device"));
		};
		RuntimeException e = assertTimeoutPreemptively(Duration.ofSeconds(60), () -> assertThrows(RuntimeException.class, () -> {
			try (FaceEngine engine = new FaceEngine(new EngineConfig())) {
				run(tmp, engine, o);
			}
		}));
		assertTrue(e.getMessage().contains("No space left on device"), e.getMessage());
		assertEquals(List.of(), assertDoesNotThrowFiles(tmp));
		// nothing of the run is left running
		assertFalse(Thread.getAllStackTraces().keySet().stream().anyMatch(t -> t.getName().equals("decode-clip") && t.isAlive()),
				"the decoder thread ended");
	}

	@Test
	void aStarvedCpuGivesTheSameRowsAsAnIdleOne(@TempDir Path tmp) throws Exception {
		VideoAnnotator.Options o = new VideoAnnotator.Options();
		o.workers = 2;
		o.every = 2;
		Path idle = Files.createDirectories(tmp.resolve("idle")), busy = Files.createDirectories(tmp.resolve("busy"));
		VideoAnnotator.Result a, b;
		try (FaceEngine engine = new FaceEngine(new EngineConfig())) {
			a = run(idle, engine, o);
		}
		AtomicBoolean stop = new AtomicBoolean();
		List<Thread> hogs = new ArrayList<>();
		for (int i = 0; i < 4; i++) {
			Thread t = new Thread(() -> {
				long x = 0;
				while (!stop.get())
					x += System.nanoTime() % 7;
				if (x == 42)
					System.out.print("");
			});
			t.setDaemon(true);
			t.start();
			hogs.add(t);
		}
		try (FaceEngine engine = new FaceEngine(new EngineConfig())) {
			b = run(busy, engine, o);
		} finally {
			stop.set(true);
		}
		assertEquals(138, a.frames, "every 2nd of 275 frames");
		assertEquals(a.frames, b.frames);
		assertEquals(Files.readAllLines(a.csv), Files.readAllLines(b.csv), "identical rows with four busy threads beside the run");
	}

	@Test
	void frameNumbersStayTheStreamsOwnAfterStartAndNumbersAreNeverScientific(@TempDir Path tmp) throws Exception {
		Path full = Files.createDirectories(tmp.resolve("full")), late = Files.createDirectories(tmp.resolve("late"));
		VideoAnnotator.Options o = new VideoAnnotator.Options();
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
	void aBatchLoadsItsSecondEngineOnce(@TempDir Path tmp) throws Exception {
		try (FaceEngine engine = new FaceEngine(new EngineConfig())) {
			FaceEngine worker = engine.fork();
			assertTrue(worker == engine.fork(), "the same worker engine for every video of the batch");
			VideoAnnotator.Options o = new VideoAnnotator.Options();
			o.workers = 2;
			o.every = 25;
			run(Files.createDirectories(tmp.resolve("a")), engine, o);
			run(Files.createDirectories(tmp.resolve("b")), engine, o);
			assertTrue(worker == engine.fork(), "still the same after two videos (not closed by them)");
			assertEquals(0, worker.analyze(org.opencv.core.Mat.zeros(64, 64, org.opencv.core.CvType.CV_8UC3)).faces.size(),
					"and still usable");
		}
	}
}
