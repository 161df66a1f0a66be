package org.faceemotion.imagej;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import ij.IJ;
import ij.ImagePlus;
import ij.ImageStack;
import ij.gui.Roi;
import ij.measure.ResultsTable;
import ij.process.ImageConverter;
import ij.process.ImageProcessor;

import org.faceemotion.TestData;
import org.faceemotion.core.model.FaceResult;
import org.faceemotion.core.model.FrameResult;
import org.faceemotion.core.pipeline.EngineConfig;
import org.faceemotion.core.pipeline.FaceEngine;
import org.faceemotion.core.pipeline.ResultsCsv;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.scijava.Context;
import org.scijava.command.CommandModule;
import org.scijava.command.CommandService;

class ImageAnnotationTest {
	static FaceEngine engine;
	static final String PHOTO = "2008_002506.jpg"; // three people, three boxed faces

	@BeforeAll
	static void engine() {
		engine = new FaceEngine(new EngineConfig());
	}

	@AfterAll
	static void close() {
		engine.close();
	}

	static ImagePlus photo() {
		ImagePlus imp = IJ.openImage(TestData.faces().resolve(PHOTO).toString());
		assertNotNull(imp);
		return imp;
	}

	static List<FrameResult> annotate(ImagePlus imp) {
		return ImageAnnotation.annotate(imp, engine, (d, t) -> {
		}, () -> false);
	}

	@Test
	void everyPixelTypeFindsTheSameFaces() {
		ImagePlus rgb = photo();
		List<FrameResult> ref = annotate(rgb);
		assertEquals(3, ref.get(0).faces.size());
		Map<String, java.util.function.Consumer<ImagePlus>> conversions = Map.of(
				"8-bit", imp -> new ImageConverter(imp).convertToGray8(),
				"16-bit", imp -> {
					new ImageConverter(imp).convertToGray16();
					imp.getProcessor().multiply(40); // a 16-bit range far from 0..255
					imp.resetDisplayRange();
				},
				"32-bit", imp -> {
					new ImageConverter(imp).convertToGray32();
					imp.getProcessor().multiply(0.001);
					imp.resetDisplayRange();
				});
		for (Map.Entry<String, java.util.function.Consumer<ImagePlus>> c : conversions.entrySet()) {
			ImagePlus imp = photo();
			c.getValue().accept(imp);
			List<FrameResult> r = annotate(imp);
			assertEquals(3, r.get(0).faces.size(), c.getKey());
			for (FaceResult f : ref.get(0).faces)
				assertTrue(r.get(0).faces.stream().anyMatch(g -> g.box.iou(f.box) > 0.7), c.getKey() + " finds " + f.box);
		}
	}

	@Test
	void aTimeSeriesGetsPositionedNamedRoisStableIdsAndTheTable() {
		ImagePlus photo = photo();
		ImageStack stack = new ImageStack(photo.getWidth(), photo.getHeight());
		for (int t = 0; t < 3; t++) {
			ImageProcessor ip = photo.getProcessor().duplicate();
			ip.translate(6 * t, 0); // people move right a little
			stack.addSlice(ip);
		}
		ImagePlus movie = new ImagePlus("movie", stack);
		movie.setDimensions(1, 1, 3);
		movie.setOpenAsHyperStack(true);
		movie.getCalibration().frameInterval = 0.5;
		movie.getCalibration().setTimeUnit("sec");
		List<FrameResult> frames = annotate(movie);
		assertEquals(3, frames.size());
		assertEquals(1.0, frames.get(2).timeSec, 1e-9);
		for (FrameResult fr : frames)
			assertEquals(List.of(1, 2, 3), fr.faces.stream().map(f -> f.faceId).sorted().collect(java.util.stream.Collectors.toList()));

		List<Roi> rois = ImageAnnotation.rois(movie, frames);
		ImageAnnotation.addToOverlay(movie, rois);
		assertEquals(9, movie.getOverlay().size());
		Roi first = movie.getOverlay().get(0);
		assertTrue(first.getName().matches("face [123]: (angry|disgust|fear|happy|neutral|sad|surprise) (0\\.\\d\\d|1\\.00)"), first.getName());
		assertEquals(1, first.getTPosition());
		assertEquals(3, movie.getOverlay().get(8).getTPosition());
		FaceResult f0 = frames.get(0).faces.get(0);
		assertEquals(new java.awt.Color(f0.smoothedEmotion().rgb()), first.getStrokeColor());
		// a second run replaces the face ROIs instead of piling them up
		ImageAnnotation.addToOverlay(movie, ImageAnnotation.rois(movie, frames));
		assertEquals(9, movie.getOverlay().size());

		ResultsTable rt = ImageAnnotation.table(frames);
		assertEquals(9, rt.size());
		for (String col : ResultsCsv.COLUMNS)
			assertTrue(rt.columnExists(col), "column " + col);
		assertEquals("movie", rt.getStringValue("source", 0));
		assertEquals(0.5, rt.getValue("time_s", 3), 1e-9);
		double sum = 0;
		for (String e : new String[] { "angry", "disgust", "fear", "happy", "neutral", "sad", "surprise" })
			sum += rt.getValue(e, 0);
		assertEquals(1, sum, 1e-3);
		assertTrue(ImageAnnotation.summary(frames).startsWith("3 frame(s), 9 face(s), 3.00 per frame"));
	}

	@Test
	void theSciJavaCommandRunsHeadlessThroughTheCommandService() throws Exception {
		try (Context context = new Context(CommandService.class)) {
			ImagePlus imp = photo();
			CommandModule m = context.service(CommandService.class)
					.run(AnnotateFacesCommand.class, true, "imp", imp, "detector", "blazeface-full", "score_threshold", 0.5,
							"min_face_size", 12.0, "test_time_augmentation", false, "add_to_roi_manager", false)
					.get();
			ResultsTable rt = (ResultsTable) m.getOutput("results");
			assertEquals(3, rt.size());
			assertEquals(3, imp.getOverlay().size());
			List<String> names = new ArrayList<>();
			for (Roi r : imp.getOverlay().toArray())
				names.add(r.getName());
			assertTrue(names.stream().allMatch(n -> n.startsWith("face ")), names.toString());
		}
	}
}
