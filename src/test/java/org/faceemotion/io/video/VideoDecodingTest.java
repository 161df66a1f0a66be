package org.faceemotion.io.video;

import org.faceemotion.core.model.VideoFrame;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import org.bytedeco.ffmpeg.global.avcodec;
import org.faceemotion.TestData;
import org.faceemotion.core.image.OpenCv;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class VideoDecodingTest {
	@BeforeAll
	static void opencv() {
		OpenCv.load();
	}

	@Test
	void theSharedH264ClipDecodesWithContainerTimestamps() {
		try (FfmpegVideoSource s = new FfmpegVideoSource(TestData.video(), 0, Double.POSITIVE_INFINITY, 1)) {
			assertEquals(640, s.width());
			assertEquals(360, s.height());
			assertEquals("h264", s.codec());
			assertEquals(29.97, s.frameRate(), 0.01);
			int n = 0;
			double last = -1;
			for (VideoFrame f; (f = s.next()) != null; n++) {
				assertTrue(f.timeSec > last, "timestamps increase");
				assertEquals(n, f.index);
				assertEquals(360, f.bgr.rows());
				last = f.timeSec;
			}
			assertEquals(275, n);
			assertNull(s.truncation());
		}
	}

	@Test
	void everyStartAndEndSelectFrames() {
		try (FfmpegVideoSource s = new FfmpegVideoSource(TestData.video(), 2.0, 4.0, 3)) {
			VideoFrame first = s.next();
			assertNotNull(first);
			assertTrue(first.timeSec >= 1.95 && first.timeSec < 2.2, "starts near 2 s: " + first.timeSec);
			int n = 1;
			VideoFrame last = first;
			for (VideoFrame f; (f = s.next()) != null; n++) {
				assertEquals(0, (f.index - first.index) % 3);
				last = f;
			}
			assertTrue(last.timeSec <= 4.0);
			assertEquals(20, n, 1, "2 s at 29.97 fps, every 3rd frame");
		}
	}

	@ParameterizedTest(name = "{0} / {1}")
	@CsvSource({ "clip.mp4, MPEG4", "clip.mov, H264", "clip.mkv, H264", "clip.avi, MJPEG", "clip.webm, VP8" })
	void containersMadeWithFfmpegDecode(String name, String codecName, @TempDir Path tmp) throws Exception {
		int codec = Arrays.asList("MPEG4", "H264", "MJPEG", "VP8").indexOf(codecName);
		int[] ids = { avcodec.AV_CODEC_ID_MPEG4, avcodec.AV_CODEC_ID_H264, avcodec.AV_CODEC_ID_MJPEG, avcodec.AV_CODEC_ID_VP8 };
		Path file = tmp.resolve(name);
		SyntheticVideo.write(file, ids[codec], 30, 30, 30);
		try (FfmpegVideoSource s = new FfmpegVideoSource(file, 0, Double.POSITIVE_INFINITY, 1)) {
			int n = 0;
			VideoFrame f, last = null;
			while ((f = s.next()) != null) {
				n++;
				last = f;
			}
			assertEquals(30, n, name);
			assertEquals(29 / SyntheticVideo.FPS, last.timeSec, 0.06, name);
			assertEquals(SyntheticVideo.W, last.bgr.cols());
		}
	}

	@Test
	void variableFrameRateKeepsTheContainersTimestamps(@TempDir Path tmp) throws Exception {
		double[] times = { 0, 0.05, 0.30, 0.35, 0.90, 1.00, 1.70 };
		Path file = tmp.resolve("vfr.mkv");
		try (AnnotatedVideoWriter w = new AnnotatedVideoWriter(file, 160, 120, 20, avcodec.AV_CODEC_ID_MJPEG)) {
			for (double t : times)
				w.write(new org.opencv.core.Mat(120, 160, org.opencv.core.CvType.CV_8UC3, new org.opencv.core.Scalar(t * 100, 50, 50)), t);
		}
		try (FfmpegVideoSource s = new FfmpegVideoSource(file, 0, Double.POSITIVE_INFINITY, 1)) {
			for (double t : times) {
				VideoFrame f = s.next();
				assertNotNull(f, "frame at " + t);
				assertEquals(t, f.timeSec, 0.011, "timestamp");
			}
			assertNull(s.next());
		}
	}

	@Test
	void aTruncatedFileGivesItsFramesAndSaysWhereItEnded(@TempDir Path tmp) throws Exception {
		Path full = tmp.resolve("full.mkv");
		SyntheticVideo.write(full, avcodec.AV_CODEC_ID_MJPEG, 100, 100, 100);
		byte[] bytes = Files.readAllBytes(full);
		Path cut = tmp.resolve("cut.mkv");
		Files.write(cut, Arrays.copyOf(bytes, bytes.length / 2));
		try (FfmpegVideoSource s = new FfmpegVideoSource(cut, 0, Double.POSITIVE_INFINITY, 1)) {
			int n = 0;
			while (s.next() != null)
				n++;
			assertTrue(n > 20 && n < 100, "frames before the cut: " + n);
			String w = s.truncation();
			assertNotNull(w, "a warning for the missing half");
			assertTrue(w.contains("cut.mkv") && w.contains("truncated"), w);
		}
	}

	@Test
	void aNonVideoFileGetsAClearMessage(@TempDir Path tmp) throws Exception {
		Path fake = Files.write(tmp.resolve("notes.mp4"), "just some text, not a video".getBytes());
		VideoDecodeException e = assertThrows(VideoDecodeException.class,
				() -> new FfmpegVideoSource(fake, 0, Double.POSITIVE_INFINITY, 1));
		assertTrue(e.getMessage().startsWith(fake + ": not a video"), e.getMessage());
		e = assertThrows(VideoDecodeException.class, () -> new FfmpegVideoSource(tmp.resolve("none.mp4"), 0, 1, 1));
		assertTrue(e.getMessage().contains("no such file"), e.getMessage());
	}

	@Test
	void anEmptyFileAndAnMp4CutBeforeItsIndexAreNamedInPlainWords(@TempDir Path tmp) throws Exception {
		Path empty = Files.write(tmp.resolve("empty.mp4"), new byte[0]);
		VideoDecodeException e = assertThrows(VideoDecodeException.class, () -> new FfmpegVideoSource(empty, 0, Double.POSITIVE_INFINITY, 1));
		assertEquals(empty + ": the file is empty (0 bytes)", e.getMessage());
		// the shared clip keeps its index (moov) at the end: cut in half, FFmpeg finds no index
		byte[] clip = Files.readAllBytes(org.faceemotion.TestData.video());
		Path cut = Files.write(tmp.resolve("no-index.mp4"), Arrays.copyOf(clip, clip.length / 2));
		e = assertThrows(VideoDecodeException.class, () -> new FfmpegVideoSource(cut, 0, Double.POSITIVE_INFINITY, 1));
		assertTrue(e.getMessage().startsWith(cut + ": not a video FFmpeg can read: damaged, cut off before its index was written"), e.getMessage());
	}
}
