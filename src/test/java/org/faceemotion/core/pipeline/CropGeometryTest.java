package org.faceemotion.core.pipeline;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.faceemotion.Cli;
import org.faceemotion.core.detect.DetectorKind;
import org.faceemotion.core.model.Face;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The classifier's crop lies around each detector's box as measured on FER-2013. */
class CropGeometryTest {
	@Test
	void theSquareFollowsScaleAndOffsets() {
		CropGeometry g = new CropGeometry(1.2, 0.05, -0.1);
		double[] sq = g.square(new Face(100, 50, 40, 50, 0.9)); // larger side 50 -> crop side 60
		assertArrayEquals(new double[] { 120 + 0.05 * 60, 75 - 0.1 * 60, 60 }, sq, 1e-9);
		assertArrayEquals(new double[] { 120, 75, 57.5 }, CropGeometry.margin(0.15).square(new Face(100, 50, 40, 50, 0.9)), 1e-9);
	}

	@Test
	void theShippedMeasurementsAreUsedPerDetector() {
		CropGeometry fallback = CropGeometry.margin(0.15);
		CropGeometry full = CropGeometry.of(DetectorKind.BLAZEFACE_FULL, fallback), haar = CropGeometry.of(DetectorKind.HAAR, fallback);
		// BlazeFace boxes sit low in the face and are smaller than Haar's: a larger crop, moved up
		assertTrue(full.dy < -0.01 && haar.scale < full.scale, full + " / " + haar);
		assertEquals(1, CropGeometry.of(DetectorKind.NONE, fallback).scale, 0, "none: the image itself");
		try (FaceEngine engine = new FaceEngine(new EngineConfig())) {
			assertEquals(full.toString(), engine.cropGeometry().toString());
			engine.switchDetector(DetectorKind.HAAR);
			assertEquals(haar.toString(), engine.cropGeometry().toString(), "follows the detector");
		}
		EngineConfig old = new EngineConfig();
		old.measuredCrop = false;
		try (FaceEngine engine = new FaceEngine(old)) {
			assertEquals(fallback.toString(), engine.cropGeometry().toString());
		}
	}

	@Test
	void theCommandMeasuresAndWrites(@TempDir Path tmp) throws Exception {
		Path out = tmp.resolve("g.properties");
		String[] r = Cli.run("crop-geometry", "--data", org.faceemotion.TestData.fer().toString(), "--limit", "40", "--val-limit", "30",
				"--out", out.toString());
		assertEquals("0", r[0], r[1] + r[2]);
		List<String> lines = Files.readAllLines(out);
		for (String d : List.of("blazeface-full", "blazeface", "haar"))
			assertTrue(lines.stream().anyMatch(l -> l.startsWith(d + ".scale=")), d + ": " + lines);
		assertTrue(r[1].contains("end to end on val"), r[1]);
	}
}
