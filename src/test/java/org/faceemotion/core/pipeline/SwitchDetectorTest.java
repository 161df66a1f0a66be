package org.faceemotion.core.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.List;
import java.util.stream.Collectors;

import org.faceemotion.TestData;
import org.faceemotion.core.detect.DetectorKind;
import org.faceemotion.core.image.GrayImages;
import org.faceemotion.core.image.OpenCv;
import org.faceemotion.core.model.FaceResult;
import org.faceemotion.core.model.FrameResult;
import org.junit.jupiter.api.Test;
import org.opencv.core.Mat;

/** Switching the detector mid-stream (the live window's choice) keeps face ids and smoothing going. */
class SwitchDetectorTest {
	@Test
	void tracksSurviveADetectorSwitch() {
		OpenCv.load();
		Mat photo = GrayImages.read(TestData.faces().resolve("2008_002506.jpg"));
		try (FaceEngine engine = new FaceEngine(new EngineConfig())) {
			FrameResult a = engine.process("s", 0, 0.00, photo);
			engine.process("s", 1, 0.04, photo);
			engine.switchDetector(DetectorKind.HAAR);
			assertEquals(DetectorKind.HAAR, engine.config().detector);
			FrameResult b = engine.process("s", 2, 0.08, photo);
			List<Integer> before = a.faces.stream().map(f -> f.faceId).sorted().collect(Collectors.toList());
			List<Integer> after = b.faces.stream().map(f -> f.faceId).sorted().collect(Collectors.toList());
			assertEquals(List.of(1, 2, 3), before);
			assertEquals(before, after, "the same people keep their ids after the switch");
			// smoothing went on: a continued track mixes the new (Haar-cropped) frame with the earlier ones
			boolean mixed = false;
			for (FaceResult f : b.faces)
				for (int c = 0; c < f.probabilities.length; c++)
					mixed |= Math.abs(f.smoothed[c] - f.probabilities[c]) > 1e-4;
			assertFalse(!mixed, "smoothed probabilities differ from the raw ones: the tracks were not restarted");
		}
	}
}
