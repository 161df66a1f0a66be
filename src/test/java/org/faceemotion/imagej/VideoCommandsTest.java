package org.faceemotion.imagej;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import ij.ImagePlus;

import org.faceemotion.TestData;
import org.faceemotion.core.model.FrameResult;
import org.faceemotion.core.pipeline.EngineConfig;
import org.faceemotion.core.pipeline.FaceEngine;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scijava.Context;
import org.scijava.command.CommandService;

class VideoCommandsTest {
	@Test
	void annotateVideosRunsHeadlessAndResumeSkipsFinishedVideos(@TempDir Path tmp) throws Exception {
		Path in = Files.createDirectories(tmp.resolve("in"));
		Files.copy(TestData.video(), in.resolve("clip.mp4"));
		Files.write(in.resolve("broken.mp4"), "not a video".getBytes());
		Path out = tmp.resolve("out");
		try (Context context = new Context(CommandService.class)) {
			CommandService cs = context.service(CommandService.class);
			cs.run(AnnotateVideosCommand.class, true, "input", new File[] { in.toFile() }, "output_folder", out.toFile(), "detector",
					"blazeface-full", "score_threshold", 0.5, "every", 5, "annotated_video", false, "resume", true).get();
			assertTrue(Files.exists(out.resolve("clip.csv")));
			assertTrue(Files.exists(out.resolve("clip-summary.csv")));
			assertTrue(Files.exists(out.resolve("clip-timeline.png")));
			assertFalse(Files.exists(out.resolve("broken.csv")), "the bad file is reported and skipped");
			long rows = Files.lines(out.resolve("clip.csv")).skip(1).map(l -> l.split(",")[1]).distinct().count();
			assertTrue(rows > 40 && rows <= 55, "every 5th of 275 frames: " + rows);
			var before = Files.getLastModifiedTime(out.resolve("clip.csv"));
			cs.run(AnnotateVideosCommand.class, true, "input", new File[] { in.resolve("clip.mp4").toFile() }, "output_folder",
					out.toFile(), "detector", "blazeface-full", "score_threshold", 0.5, "every", 5, "annotated_video", false, "resume",
					true).get();
			assertEquals(before, Files.getLastModifiedTime(out.resolve("clip.csv")));
		}
	}

	@Test
	void aVideoOpensAsAVirtualTimeSeriesThatAnnotateFacesWorksOn() {
		ImagePlus imp = VideoStacks.open(TestData.video(), 0); // force the virtual stack
		assertTrue(imp.getStack().isVirtual());
		assertEquals(275, imp.getNFrames(), 2);
		assertEquals(1 / 29.97, imp.getCalibration().frameInterval, 1e-4);
		ImagePlus inMemory = VideoStacks.open(TestData.video(), 1L << 30);
		assertFalse(inMemory.getStack().isVirtual());
		assertEquals(275, inMemory.getNFrames());
		// frames decoded on demand match the frames decoded in one pass
		int[] a = (int[]) imp.getStack().getProcessor(101).getPixels(), b = (int[]) inMemory.getStack().getProcessor(101).getPixels();
		assertEquals(a[640 * 200 + 300], b[640 * 200 + 300]);
		try (FaceEngine engine = new FaceEngine(new EngineConfig())) {
			List<FrameResult> frames = ImageAnnotation.annotate(imp, engine, (d, t) -> {
			}, () -> false);
			assertEquals(imp.getNFrames(), frames.size());
			assertEquals(100 / 29.97, frames.get(100).timeSec, 1e-6);
			assertTrue(frames.stream().mapToInt(f -> f.faces.size()).sum() > 200, "faces found across the clip");
			ImageAnnotation.addToOverlay(imp, ImageAnnotation.rois(imp, frames));
			assertTrue(imp.getOverlay().size() > 200);
		}
	}

	@Test
	void twoVideosWithOneNameAreNotTakenForEachOther(@TempDir Path tmp) throws Exception {
		Path in = Files.createDirectories(tmp.resolve("in"));
		Files.copy(TestData.video(), in.resolve("a.mp4"));
		Files.copy(TestData.video(), in.resolve("a.mov"));
		Path out = tmp.resolve("out");
		java.util.List<String> log = new java.util.ArrayList<>();
		org.faceemotion.batch.AnnotateOptions o = new org.faceemotion.batch.AnnotateOptions();
		o.every = 25;
		o.resume = true;
		for (int run = 0; run < 2; run++) {
			log.clear();
			List<org.faceemotion.batch.Item> done = AnnotateVideos.run(List.of(in), out, o, () -> false,
					org.faceemotion.batch.Logger.of(log::add, log::add, f -> {
					}));
			assertEquals(List.of(in.resolve("a.mov").toString()), done.stream().map(i -> i.input).collect(java.util.stream.Collectors.toList()),
					"a.mov (first in name order) is annotated or complete: " + log);
			assertTrue(log.stream().anyMatch(l -> l.contains("a.mp4: its output a.csv would also be written for " + in.resolve("a.mov"))),
					"a.mp4 is refused by name, never skipped as complete: " + log);
		}
		assertTrue(Files.readAllLines(out.resolve("a.csv")).get(1).startsWith("a.mov,"), "the table is a.mov's");
	}
}
