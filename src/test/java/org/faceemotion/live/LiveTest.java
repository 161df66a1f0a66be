package org.faceemotion.live;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import org.faceemotion.Cli;
import org.faceemotion.TestData;
import org.faceemotion.core.pipeline.EngineConfig;
import org.faceemotion.core.pipeline.FaceEngine;
import org.faceemotion.core.pipeline.LivePipeline;
import org.faceemotion.core.pipeline.ResultsCsv;
import org.faceemotion.io.source.VideoFileSource;
import org.faceemotion.core.pipeline.FrameSource;
import org.faceemotion.core.model.VideoFrame;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LiveTest {
	@Test
	void headlessRunOverTheSharedClipWritesRowsAndTheFpsLine(@TempDir Path tmp) throws Exception {
		String[] r = Cli.run("live", "--source", TestData.video().toString(), "--headless", "--frames", "120", "--out",
				tmp.toString());
		assertEquals("0", r[0], r[2]);
		String last = r[1].trim().substring(r[1].trim().lastIndexOf('\n') + 1);
		assertTrue(last.matches("fps: \\d+\\.\\d"), last);
		assertTrue(Double.parseDouble(last.substring(5)) > 1);
		List<String> rows = Files.readAllLines(tmp.resolve("live.csv"));
		assertEquals(String.join(",", ResultsCsv.COLUMNS), rows.get(0));
		List<Integer> frames = rows.stream().skip(1).map(l -> Integer.parseInt(l.split(",")[1])).distinct().collect(Collectors.toList());
		assertTrue(frames.size() > 30, "frames with faces: " + frames.size());
		assertTrue(frames.stream().allMatch(f -> f <= 120));
		assertTrue(rows.stream().skip(1).allMatch(l -> Integer.parseInt(l.split(",")[3]) >= 1), "every row has a face id");
		// an existing recording is never overwritten
		r = Cli.run("live", "--source", TestData.video().toString(), "--headless", "--frames", "5", "--out", tmp.toString());
		assertEquals("2", r[0]);
		assertTrue(r[2].contains("live.csv exists"), r[2]);
	}

	@Test
	void aFolderOfImagesPlaysAsACamera(@TempDir Path tmp) throws Exception {
		Path seq = Files.createDirectories(tmp.resolve("seq"));
		for (String n : new String[] { "2008_002506.jpg", "2008_004176.jpg", "Tom_Cruise_avp_2014_4.jpg" })
			Files.copy(TestData.faces().resolve(n), seq.resolve(n));
		String[] r = Cli.run("live", "--source", seq.toString(), "--headless", "--fps", "10", "--out", tmp.resolve("out").toString());
		assertEquals("0", r[0], r[2]);
		List<String> rows = Files.readAllLines(tmp.resolve("out/live.csv"));
		assertEquals(List.of("0.0000", "0.1000", "0.2000"), rows.stream().skip(1).map(l -> l.split(",")[2]).distinct().collect(Collectors.toList()));
		assertTrue(rows.size() - 1 >= 3 + 6, "faces of the three photos: " + (rows.size() - 1));

		// a bad file in the folder is skipped and reported; the images after it still play
		Files.write(seq.resolve("2008_003000.jpg"), new byte[] { (byte) 0xFF, (byte) 0xD8, 1, 2, 3 });
		r = Cli.run("live", "--source", seq.toString(), "--headless", "--fps", "10", "--out", tmp.resolve("out2").toString());
		assertEquals("0", r[0], r[2]);
		assertTrue(r[1].contains("1 unreadable file(s) skipped") && r[1].contains("2008_003000.jpg"), r[1]);
		assertEquals(3, Files.readAllLines(tmp.resolve("out2/live.csv")).stream().skip(1).map(l -> l.split(",")[2]).distinct().count(),
				"the three good images, the one after the bad file included");

		// a GIF (OpenCV 4.9 has no GIF decoder: Java's reads it) gives the faces of the same photo
		Path gifs = Files.createDirectories(tmp.resolve("gif"));
		java.awt.image.BufferedImage photo = javax.imageio.ImageIO.read(TestData.faces().resolve("2008_002506.jpg").toFile());
		assertTrue(javax.imageio.ImageIO.write(photo, "gif", gifs.resolve("photo.gif").toFile()));
		r = Cli.run("live", "--source", gifs.toString(), "--headless", "--fps", "10", "--out", tmp.resolve("out3").toString());
		assertEquals("0", r[0], r[2]);
		assertFalse(r[1].contains("skipped"), r[1]);
		assertEquals(3, Files.readAllLines(tmp.resolve("out3/live.csv")).size() - 1, "the three faces of the photo, from its GIF");

		// a 16-bit PNG with one hot pixel is shown as annotate shows it (Auto contrast), not black: the same three faces
		Path deep = Files.createDirectories(tmp.resolve("deep"));
		org.faceemotion.core.image.OpenCv.load();
		org.opencv.core.Mat m = org.opencv.imgcodecs.Imgcodecs.imread(TestData.faces().resolve("2008_002506.jpg").toString()), m16 = new org.opencv.core.Mat();
		m.convertTo(m16, org.opencv.core.CvType.CV_16UC3, 4, 1000); // 1000..2020: the hot pixel is 32 times brighter
		m16.put(3, 3, new short[] { (short) 65535, (short) 65535, (short) 65535 });
		assertTrue(org.opencv.imgcodecs.Imgcodecs.imwrite(deep.resolve("deep.png").toString(), m16));
		r = Cli.run("live", "--source", deep.toString(), "--headless", "--fps", "10", "--out", tmp.resolve("out4").toString());
		assertEquals("0", r[0], r[2]);
		assertEquals(3, Files.readAllLines(tmp.resolve("out4/live.csv")).size() - 1, "the three faces of the 16-bit photo with a hot pixel");
	}

	@Test
	void noCameraGivesAClearMessageNamingTheIndexTried(@TempDir Path tmp) {
		String[] r = Cli.run("live", "--camera", "7", "--headless", "--frames", "5", "--out", tmp.toString());
		assertEquals("2", r[0]);
		assertTrue(r[2].contains("no camera could be opened") && r[2].contains("[7]"), r[2]);
	}

	/** A camera that is unplugged after 40 frames: the pipeline ends by itself, releases it, and keeps what was recorded. */
	@Test
	void anUnpluggedCameraEndsTheRunAndKeepsTheRecording() throws Exception {
		AtomicBoolean closed = new AtomicBoolean();
		VideoFileSource file = new VideoFileSource(TestData.video(), false, false);
		AtomicInteger n = new AtomicInteger();
		FrameSource unplugged = new FrameSource() {
			@Override
			public VideoFrame read() {
				return n.incrementAndGet() > 40 ? null : file.read();
			}

			@Override
			public String describe() {
				return "camera 0";
			}

			@Override
			public int[] size() {
				return file.size();
			}

			@Override
			public double frameRate() {
				return 30;
			}

			@Override
			public void close() {
				closed.set(true);
				file.close();
			}
		};
		StringWriter csv = new StringWriter();
		try (FaceEngine engine = new FaceEngine(new EngineConfig()); ResultsCsv table = new ResultsCsv(csv)) {
			LivePipeline p = new LivePipeline(unplugged, engine, true);
			p.record(table);
			p.start(null, null);
			assertTrue(p.await(20_000), "ends by itself");
			p.stop();
			assertTrue(closed.get(), "source released");
			assertFalse(p.isRunning());
			assertTrue(p.processed() > 0 && p.processed() <= 40);
		}
		assertTrue(csv.toString().split("\n").length > 1, "recorded rows kept");
		assertTrue(csv.toString().contains("camera 0,"));
		assertTrue(Thread.getAllStackTraces().keySet().stream().noneMatch(t -> t.getName().startsWith("live-") && t.isAlive()),
				"threads ended");
		String.format(Locale.ROOT, "%d", n.get());
	}

	/** Key frames in live: the detector runs on every third processed frame, every frame still gets its faces classified. */
	@Test
	void keyFrameDetectionDetectsEveryNthFrameAndKeepsTheFaces() throws Exception {
		int[] detections = new int[2];
		long[] rows = new long[2];
		for (int k = 0; k < 2; k++) {
			int every = k == 0 ? 1 : 3, slot = k;
			org.faceemotion.core.detect.FaceDetector real = org.faceemotion.core.detect.DetectorKind.BLAZEFACE_FULL.create(0.5, 12);
			org.faceemotion.core.detect.FaceDetector counting = new org.faceemotion.core.detect.FaceDetector() {
				@Override
				public List<org.faceemotion.core.model.Face> detect(org.opencv.core.Mat bgr) {
					detections[slot]++;
					return real.detect(bgr);
				}

				@Override
				public void close() {
					real.close();
				}
			};
			StringWriter csv = new StringWriter();
			try (FaceEngine engine = new FaceEngine(new EngineConfig(), counting, org.faceemotion.core.classify.OnnxEmotionClassifier.shipped());
					ResultsCsv table = new ResultsCsv(csv)) {
				LivePipeline p = new LivePipeline(new VideoFileSource(TestData.video(), false, false), engine, false);
				p.record(table);
				p.setMaxFrames(60);
				p.setDetectEvery(every);
				p.start(null, null);
				assertTrue(p.await(60_000), "ends by itself");
				p.stop();
				assertEquals(60, p.processed());
			}
			rows[k] = csv.toString().lines().count() - 1;
		}
		assertEquals(60, detections[0]);
		assertEquals(20, detections[1], "frames 0, 3, 6, ...");
		assertTrue(Math.abs(rows[1] - rows[0]) <= rows[0] / 10, "faces per frame kept: " + rows[0] + " rows, " + rows[1] + " with key frames");
	}
}
