package org.faceemotion.core.pipeline;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.faceemotion.TestData;
import org.faceemotion.core.classify.OnnxEmotionClassifier;
import org.faceemotion.core.model.Emotion;
import org.faceemotion.core.model.FrameResult;
import org.faceemotion.train.FerDataset;
import org.junit.jupiter.api.Test;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.Rect;
import org.opencv.core.Scalar;
import org.opencv.core.Size;
import org.opencv.imgproc.Imgproc;

/**
 * Known faces through the whole engine: FER-2013 validation faces with their human labels, which
 * the shipped classifier gets right with confidence on the original crop, are placed enlarged in
 * a larger frame; detection, cropping and classification must give back the known label. This
 * checks that the engine's crop and conversion match what the model was trained on.
 */
class KnownFacesTest {
	@Test
	void knownFacesPlacedInAFrameKeepTheirLabel() throws Exception {
		FerDataset val = FerDataset.load(TestData.fer(), "val", w -> {
		});
		int candidates = 0, detected = 0, agree = 0;
		try (OnnxEmotionClassifier direct = OnnxEmotionClassifier.shipped(); FaceEngine engine = new FaceEngine(new EngineConfig())) {
			for (int i = 0; i < val.size() && candidates < 60; i += 5) {
				float[] p = direct.classify(List.of(val.images[i]))[0];
				Emotion e = Emotion.argmax(p);
				if (e.ordinal() != val.labels[i] || p[e.ordinal()] < 0.6)
					continue;
				candidates++;
				Mat face = new Mat(48, 48, CvType.CV_8UC1);
				face.put(0, 0, val.images[i]);
				Mat big = new Mat();
				Imgproc.resize(face, big, new Size(160, 160), 0, 0, Imgproc.INTER_CUBIC);
				Mat frame = new Mat(360, 480, CvType.CV_8UC1, new Scalar(128));
				big.copyTo(frame.submat(new Rect(160, 100, 160, 160)));
				engine.resetTracking();
				FrameResult r = engine.process("known", 0, 0, frame);
				if (r.faces.size() != 1)
					continue;
				detected++;
				if (r.faces.get(0).emotion() == e)
					agree++;
			}
		}
		assertTrue(detected >= 5, "faces found in the frames: " + detected + " of " + candidates);
		assertTrue(agree >= 0.85 * detected, "known label kept for " + agree + " of " + detected);
	}
}
