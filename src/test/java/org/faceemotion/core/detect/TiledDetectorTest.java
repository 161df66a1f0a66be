package org.faceemotion.core.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.faceemotion.TestData;
import org.faceemotion.bench.DetectionEvaluation;
import org.faceemotion.core.image.GrayImages;
import org.faceemotion.core.image.OpenCv;
import org.faceemotion.core.model.Face;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.opencv.core.Mat;

/** Tiles find the small faces of large group photos that the shrunk whole frame loses, without false ones. */
class TiledDetectorTest {
	@BeforeAll
	static void opencv() {
		OpenCv.load();
	}

	static TiledDetector tiled(boolean on) {
		return new TiledDetector(DetectorKind.BLAZEFACE_FULL.create(0.5, 12), () -> on);
	}

	@Test
	void theCollageOf24FacesIsFoundWithTiles() {
		Mat collage = GrayImages.read(TestData.faces().resolve("bald_guys.jpg"));
		try (TiledDetector off = tiled(false); TiledDetector on = tiled(true)) {
			List<Face> whole = off.detect(collage), all = on.detect(collage);
			assertTrue(all.size() >= 23 && all.size() <= 24, "faces with tiles: " + all.size() + " (whole frame only: " + whole.size() + ")");
			assertTrue(all.size() > whole.size(), "tiles add faces the whole frame misses");
			assertTrue(on.tilesRun() > 0);
		}
	}

	@Test
	void noDogAndPerfectPrecisionOnTheBoxedPhotos() throws Exception {
		try (TiledDetector on = tiled(true)) {
			assertEquals(List.of(), on.detect(GrayImages.read(TestData.faces().resolve("dogs.jpg"))), "no face among the dogs");
			Map<java.nio.file.Path, List<Face>> truth = DetectionEvaluation
					.readBoxes(List.of(TestData.faces().resolve("testing.xml"), TestData.faces().resolve("training.xml")));
			DetectionEvaluation e = DetectionEvaluation.run(on, truth, 0.4);
			assertEquals(1.0, e.precision(), 1e-9, "every box is a face");
			assertTrue(e.recall() >= 0.97, "recall " + e.recall());
		}
	}

	@Test
	void smallFramesAndVideoModeCostOneDetectorRun() {
		Mat photo = GrayImages.read(TestData.faces().resolve("2008_002506.jpg")); // 500 x 375: smaller than 1.25 tiles
		try (TiledDetector on = tiled(true); TiledDetector off = tiled(false)) {
			on.detect(photo);
			assertEquals(0, on.tilesRun());
			off.detect(GrayImages.read(TestData.faces().resolve("bald_guys.jpg")));
			assertEquals(0, off.tilesRun(), "off (video, live): the whole frame only");
		}
	}
}
