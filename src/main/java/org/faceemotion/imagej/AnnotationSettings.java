package org.faceemotion.imagej;

import org.faceemotion.core.detect.DetectorKind;
import org.faceemotion.core.pipeline.EngineConfig;

/** The dialog and macro parameters of Annotate Faces, mapped to the engine's configuration. */
public final class AnnotationSettings {
	public final String detector;
	public final double scoreThreshold, minFaceSize;
	public final boolean tta;

	public AnnotationSettings(String detector, double scoreThreshold, double minFaceSize, boolean tta) {
		this.detector = detector;
		this.scoreThreshold = scoreThreshold;
		this.minFaceSize = minFaceSize;
		this.tta = tta;
	}

	public EngineConfig engineConfig() {
		EngineConfig c = new EngineConfig();
		c.detector = DetectorKind.parse(detector);
		c.scoreThreshold = scoreThreshold;
		c.minFaceSize = minFaceSize;
		c.testTimeAugmentation = tta;
		return c.check();
	}
}
