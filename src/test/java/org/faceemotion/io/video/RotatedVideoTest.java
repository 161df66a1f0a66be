package org.faceemotion.io.video;

import org.faceemotion.core.model.VideoFrame;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

import org.faceemotion.TestData;
import org.faceemotion.core.image.OpenCv;
import org.faceemotion.core.pipeline.EngineConfig;
import org.faceemotion.core.pipeline.FaceEngine;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opencv.core.Core;
import org.opencv.core.Mat;

/** A phone video stored sideways with a rotation tag is decoded, analysed and written in display orientation. */
public class RotatedVideoTest {
	@BeforeAll
	static void opencv() {
		OpenCv.load();
	}

	/**
	 * What a phone records: the shared clip's first 3 s stored sideways (pixels turned clockwise)
	 * with the rotation tag that turns them upright again on display (Debian's ffmpeg, as .ci/test installs).
	 */
	public static Path rotated(Path dir) throws Exception {
		Path sideways = dir.resolve("stored-sideways.mp4"), out = dir.resolve("sideways.mp4");
		ffmpeg("-i", TestData.video().toString(), "-t", "3", "-an", "-vf", "transpose=clock", "-c:v", "mpeg4", "-q:v", "2", sideways.toString());
		// the tag survives only a stream copy
		ffmpeg("-i", sideways.toString(), "-c", "copy", "-metadata:s:v:0", "rotate=90", out.toString());
		return out;
	}

	static void ffmpeg(String... args) throws Exception {
		List<String> cmd = new java.util.ArrayList<>(List.of("ffmpeg", "-y", "-loglevel", "error"));
		cmd.addAll(List.of(args));
		Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
		String log = new String(p.getInputStream().readAllBytes());
		assertEquals(0, p.waitFor(), "ffmpeg (apt-get install ffmpeg; bash .ci/test installs it): " + log);
	}

	@Test
	void framesComeUprightAsPlayersShowThem(@TempDir Path tmp) throws Exception {
		Path video = rotated(tmp);
		try (FfmpegVideoSource src = new FfmpegVideoSource(video, 0, Double.POSITIVE_INFINITY, 1);
				FfmpegVideoSource plain = new FfmpegVideoSource(TestData.video(), 0, Double.POSITIVE_INFINITY, 1)) {
			assertEquals(0, plain.rotation());
			assertTrue(src.rotation() == 90 || src.rotation() == 270, "rotation " + src.rotation());
			assertEquals(640, src.width(), "stored 360 wide, shown 640 wide");
			assertEquals(360, src.height());
			VideoFrame f = src.next(), g = plain.next();
			assertEquals(360, f.bgr.rows());
			assertEquals(640, f.bgr.cols());
			Mat diff = new Mat();
			Core.absdiff(f.bgr, g.bgr, diff);
			assertTrue(Core.mean(diff).val[0] < 8, "upright like the original, up to the re-encoding (mean diff " + Core.mean(diff).val[0] + ")");
		}
		// and as ffmpeg itself shows it (autorotation)
		Path png = tmp.resolve("shown.png");
		Process p = new ProcessBuilder("ffmpeg", "-y", "-loglevel", "error", "-i", video.toString(), "-frames:v", "1", png.toString()).start();
		assertEquals(0, p.waitFor());
		Mat shown = org.opencv.imgcodecs.Imgcodecs.imread(png.toString());
		try (FfmpegVideoSource src = new FfmpegVideoSource(video, 0, Double.POSITIVE_INFINITY, 1)) {
			Mat ours = src.next().bgr, diff = new Mat();
			Core.absdiff(ours, shown, diff);
			assertTrue(Core.mean(diff).val[0] < 3, "same orientation as ffmpeg's autorotation (mean diff " + Core.mean(diff).val[0] + ")");
		}
	}

	@Test
	void facesAreFoundAndBoxedInDisplayCoordinates(@TempDir Path tmp) throws Exception {
		Path video = rotated(tmp);
		VideoAnnotator.Options o = new VideoAnnotator.Options();
		o.annotatedVideo = true;
		VideoAnnotator.Result r;
		try (FaceEngine engine = new FaceEngine(new EngineConfig())) {
			r = VideoAnnotator.annotate(video, tmp, "sideways", engine, o, (f, t, d) -> {
			}, () -> false);
		}
		List<String[]> rows = Files.readAllLines(r.csv).stream().skip(1).map(l -> l.split(",")).collect(Collectors.toList());
		// the same stretch of the stored-upright clip
		VideoAnnotator.Options same = new VideoAnnotator.Options();
		same.endSec = Double.parseDouble(rows.get(rows.size() - 1)[2]) + 0.01;
		VideoAnnotator.Result upright;
		Path dir = Files.createDirectories(tmp.resolve("upright"));
		try (FaceEngine engine = new FaceEngine(new EngineConfig())) {
			upright = VideoAnnotator.annotate(TestData.video(), dir, "upright", engine, same, (f, t, d) -> {
			}, () -> false);
		}
		assertTrue(rows.size() >= 0.7 * upright.faces && upright.faces > 10,
				"faces found in the sideways-stored video: " + rows.size() + ", in the same frames stored upright: " + upright.faces);
		for (String[] row : rows) {
			double x = Double.parseDouble(row[4]), w = Double.parseDouble(row[6]);
			double y = Double.parseDouble(row[5]), h = Double.parseDouble(row[7]);
			assertTrue(y + h <= 360 + 1, "box inside the 360-pixel-high display frame: " + String.join(",", row));
		}
		try (FfmpegVideoSource annotated = new FfmpegVideoSource(r.annotatedVideo, 0, Double.POSITIVE_INFINITY, 1)) {
			assertEquals(0, annotated.rotation());
			assertEquals(640, annotated.width(), "the annotated copy is written upright");
		}
	}
}
