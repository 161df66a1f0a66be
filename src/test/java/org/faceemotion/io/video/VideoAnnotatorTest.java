package org.faceemotion.io.video;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.bytedeco.ffmpeg.global.avcodec;
import org.faceemotion.core.image.OpenCv;
import org.faceemotion.core.model.Emotion;
import org.faceemotion.core.pipeline.EngineConfig;
import org.faceemotion.core.pipeline.FaceEngine;
import org.faceemotion.core.pipeline.ResultsCsv;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VideoAnnotatorTest {
	@BeforeAll
	static void opencv() {
		OpenCv.load();
	}

	static List<CSVRecord> read(Path csv) throws Exception {
		try (Reader r = Files.newBufferedReader(csv)) {
			return CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get().parse(r).getRecords();
		}
	}

	@Test
	void idsStayStableWhileFacesMoveAndOneLeavesAndReturns(@TempDir Path tmp) throws Exception {
		Path video = tmp.resolve("two-people.mp4");
		// 60 frames at 20 fps; face B is gone for frames 25..31 (0.35 s, shorter than the 1 s track gap)
		SyntheticVideo.write(video, avcodec.AV_CODEC_ID_MPEG4, 60, 25, 32);
		VideoAnnotator.Options o = new VideoAnnotator.Options();
		o.annotatedVideo = true;
		o.detectEvery = 1; // the tracker's own frame-exact behaviour (key frames have a test of their own below)
		VideoAnnotator.Result r;
		try (FaceEngine engine = new FaceEngine(new EngineConfig())) {
			r = VideoAnnotator.annotate(video, tmp, "two-people", engine, o, (f, t, d) -> {
			}, () -> false);
		}
		assertEquals(60, r.frames);
		List<CSVRecord> rows = read(r.csv);
		assertEquals(ResultsCsv.COLUMNS, new ArrayList<>(rows.get(0).getParser().getHeaderNames()));
		Map<Integer, TreeSet<Integer>> idsPerFrame = new HashMap<>();
		Map<Integer, Double> firstX = new HashMap<>();
		for (CSVRecord row : rows) {
			int frame = Integer.parseInt(row.get("frame")), id = Integer.parseInt(row.get("face_id"));
			idsPerFrame.computeIfAbsent(frame, k -> new TreeSet<>()).add(id);
			firstX.putIfAbsent(id, Double.parseDouble(row.get("x")));
			assertEquals(frame / SyntheticVideo.FPS, Double.parseDouble(row.get("time_s")), 0.01);
		}
		TreeSet<Integer> allIds = new TreeSet<>();
		idsPerFrame.values().forEach(allIds::addAll);
		assertEquals(2, allIds.size(), "two people, two ids: " + idsPerFrame);
		int left = firstX.get(allIds.first()) < firstX.get(allIds.last()) ? allIds.first() : allIds.last();
		int right = allIds.first() == left ? allIds.last() : allIds.first();
		assertNotEquals(left, right);
		int framesWithBoth = 0;
		for (int f = 0; f < 60; f++) {
			TreeSet<Integer> ids = idsPerFrame.getOrDefault(f, new TreeSet<>());
			if (f >= 25 && f < 32)
				assertEquals(List.of(left), new ArrayList<>(ids), "frame " + f + ": only the left face");
			else if (ids.size() == 2)
				framesWithBoth++;
		}
		assertTrue(framesWithBoth >= 45, "both faces found in most frames: " + framesWithBoth);

		// the rows kept for what is computed from the table are the table's rows
		assertEquals(rows.size(), r.rows.size());
		assertEquals(ResultsCsv.read(r.csv).size(), r.rows.size());
		// summary of every row: one row per id, fractions of the smoothed emotions sum to 1
		org.faceemotion.core.pipeline.TrackSummary.Options all = new org.faceemotion.core.pipeline.TrackSummary.Options();
		all.countAllRows = true;
		org.faceemotion.core.pipeline.TrackSummary summary = new org.faceemotion.core.pipeline.TrackSummary(all);
		r.rows.forEach(summary::add);
		assertEquals(2, summary.tracks().size());
		for (org.faceemotion.core.pipeline.TrackSummary.Track t : summary.tracks()) {
			double sum = 0;
			for (Emotion e : Emotion.values())
				sum += t.fraction(e);
			assertEquals(1.0, sum, 1e-3, "face " + t.id);
			assertTrue(t.last >= 2.9, "seen until the end");
			assertFalse(t.isShort());
		}
		assertTrue(Files.size(r.annotatedVideo) > 10_000);
		try (FfmpegVideoSource back = new FfmpegVideoSource(r.annotatedVideo, 0, Double.POSITIVE_INFINITY, 1)) {
			int n = 0;
			while (back.next() != null)
				n++;
			assertEquals(60, n, "the annotated video has every frame");
		}
		try (var files = Files.list(tmp)) {
			assertTrue(files.noneMatch(p -> p.getFileName().toString().startsWith(".")), "no temporary files left");
		}
	}

	@Test
	void keyFrameDetectionKeepsTheRowsOfPerFrameDetectionWithinBounds(@TempDir Path tmp) throws Exception {
		assertEquals(3, new VideoAnnotator.Options().detectEvery, "the default these bounds are for");
		Path video = tmp.resolve("two-people.mp4");
		// face B leaves at frame 25 and enters again at frame 32
		SyntheticVideo.write(video, avcodec.AV_CODEC_ID_MPEG4, 60, 25, 32);
		List<org.faceemotion.core.pipeline.ResultRow> every, keyed;
		try (FaceEngine engine = new FaceEngine(new EngineConfig())) {
			VideoAnnotator.Options o = new VideoAnnotator.Options();
			o.detectEvery = 1;
			every = VideoAnnotator.annotate(video, Files.createDirectories(tmp.resolve("a")), "v", engine, o, (f, t, d) -> {
			}, () -> false).rows;
			o.detectEvery = 3;
			keyed = VideoAnnotator.annotate(video, Files.createDirectories(tmp.resolve("b")), "v", engine, o, (f, t, d) -> {
			}, () -> false).rows;
		}
		// per reference row, the best-overlapping box of the same frame
		List<Double> ious = new ArrayList<>();
		int agree = 0;
		for (org.faceemotion.core.pipeline.ResultRow r : every) {
			double best = 0;
			org.faceemotion.core.pipeline.ResultRow match = null;
			for (org.faceemotion.core.pipeline.ResultRow k : keyed)
				if (k.frame == r.frame) {
					double v = new org.faceemotion.core.model.Face(r.x, r.y, r.width, r.height, 1)
							.iou(new org.faceemotion.core.model.Face(k.x, k.y, k.width, k.height, 1));
					if (v > best) {
						best = v;
						match = k;
					}
				}
			ious.add(best);
			if (match != null && match.smoothedEmotion == r.smoothedEmotion)
				agree++;
		}
		java.util.Collections.sort(ious);
		assertTrue(ious.get(ious.size() / 2) >= 0.9, "median IoU against every frame: " + ious.get(ious.size() / 2));
		assertTrue(agree >= 0.85 * every.size(), "smoothed emotion agrees on " + agree + " of " + every.size());
		// the face that enters again at frame 32 is found at the next key frame at the latest (frames 33, 36, ... are key frames)
		int back = keyed.stream().filter(k -> k.frame >= 32 && k.x > SyntheticVideo.W / 2.0).mapToInt(k -> k.frame).min().orElse(-1);
		int backEvery = every.stream().filter(k -> k.frame >= 32 && k.x > SyntheticVideo.W / 2.0).mapToInt(k -> k.frame).min().orElse(-1);
		assertTrue(backEvery >= 32 && back >= backEvery && back - backEvery <= 2, "entering face found at frame " + back + ", per-frame at " + backEvery);
		assertEquals(every.stream().mapToInt(r -> r.frame).distinct().count(), keyed.stream().mapToInt(r -> r.frame).distinct().count(),
				"the same frames have rows");
	}
}
