package org.faceemotion.core.pipeline;

import org.faceemotion.core.classify.Prior;
import org.faceemotion.core.detect.DetectorKind;
import org.faceemotion.core.model.FaceQuality;

/** Settings of the engine, validated by {@link #check()}; the same for images, stacks, videos and live. */
public final class EngineConfig {
	public DetectorKind detector = DetectorKind.BLAZEFACE_FULL;
	/** Minimum detector score (BlazeFace) in 0..1. */
	public double scoreThreshold = 0.5;
	/** Smallest face side in pixels that is reported. */
	public double minFaceSize = 12;
	/** Extra border around the detector's box for the classifier's square crop, as a fraction of the box side. */
	public double cropMargin = 0.15;
	/** Crop around each box as measured for the detector on FER-2013 (CropGeometry); false: the square with cropMargin. */
	public boolean measuredCrop = true;
	/** Turn each crop so the eyes are level, where the detector gives the eyes (BlazeFace). */
	public boolean alignEyes = true;
	/** Eye lines tilted less than this (degrees) are left alone: BlazeFace's eye points are about 8 degrees noisy on small faces (model card). */
	public double alignMinDegrees = 12;
	/** Average each face with its mirror image (twice the classification time). */
	public boolean testTimeAugmentation;
	/** How the emotions are weighed in the probabilities (the taggers' everyday prior, or balanced). */
	public Prior prior = Prior.EVERYDAY;
	/** Whose reading the probabilities state: people's (default) or FER-2013's labels. */
	public org.faceemotion.core.classify.Labels labels = org.faceemotion.core.classify.Labels.PEOPLE;
	/** Tracking: minimum IoU (or centre distance in box sizes, whichever matches) to continue a track. */
	public double trackIou = 0.2;
	public double trackMaxCenterDistance = 1.0;
	/** Tracking: seconds a track survives without detection. */
	public double trackMaxGapSec = 1.0;
	/** Smoothing time constant (seconds) of the exponential moving average of probabilities. */
	public double smoothingTauSec = 0.5;
	/** Thresholds of each row's quality label. */
	public FaceQuality.Rules quality = new FaceQuality.Rules();

	/** The settings every front door offers (dialog, macro, command line), validated. */
	public static EngineConfig of(String detectorId, double scoreThreshold, double minFaceSize, boolean testTimeAugmentation) {
		EngineConfig c = new EngineConfig();
		c.detector = DetectorKind.parse(detectorId);
		c.scoreThreshold = scoreThreshold;
		c.minFaceSize = minFaceSize;
		c.testTimeAugmentation = testTimeAugmentation;
		return c.check();
	}

	/** The same with the prior ({@link Prior#id()}). */
	public static EngineConfig of(String detectorId, double scoreThreshold, double minFaceSize, boolean testTimeAugmentation, String priorId) {
		EngineConfig c = of(detectorId, scoreThreshold, minFaceSize, testTimeAugmentation);
		c.prior = Prior.parse(priorId);
		return c;
	}

	public EngineConfig check() {
		require(scoreThreshold > 0 && scoreThreshold < 1, "score threshold must be between 0 and 1, got " + scoreThreshold);
		require(minFaceSize >= 0, "minimum face size must be >= 0, got " + minFaceSize);
		require(cropMargin >= 0 && cropMargin <= 1, "crop margin must be in 0..1, got " + cropMargin);
		require(trackIou >= 0 && trackIou <= 1, "track IoU must be in 0..1, got " + trackIou);
		require(trackMaxCenterDistance >= 0, "track centre distance must be >= 0");
		require(trackMaxGapSec >= 0, "track gap must be >= 0 s, got " + trackMaxGapSec);
		require(prior != null, "a prior is needed (everyday or balanced)");
		require(labels != null, "labels are needed (people or fer2013)");
		require(!(labels == org.faceemotion.core.classify.Labels.FER2013 && prior == Prior.BALANCED),
				"--prior balanced weighs the people's reading; with --labels fer2013 use --prior everyday");
		require(smoothingTauSec >= 0, "smoothing time constant must be >= 0 s, got " + smoothingTauSec);
		require(quality != null, "quality rules are needed");
		quality.check();
		return this;
	}

	private static void require(boolean ok, String message) {
		if (!ok)
			throw new IllegalArgumentException(message);
	}

	public EngineConfig copy() {
		EngineConfig c = new EngineConfig();
		c.detector = detector;
		c.scoreThreshold = scoreThreshold;
		c.minFaceSize = minFaceSize;
		c.cropMargin = cropMargin;
		c.measuredCrop = measuredCrop;
		c.alignEyes = alignEyes;
		c.alignMinDegrees = alignMinDegrees;
		c.testTimeAugmentation = testTimeAugmentation;
		c.prior = prior;
		c.labels = labels;
		c.trackIou = trackIou;
		c.trackMaxCenterDistance = trackMaxCenterDistance;
		c.trackMaxGapSec = trackMaxGapSec;
		c.smoothingTauSec = smoothingTauSec;
		c.quality = quality.copy();
		return c;
	}
}
