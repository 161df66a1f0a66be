package org.faceemotion.core.detect;

import java.util.Locale;

/** The face detectors on offer, by the names used in the CLI, macros and dialogs. */
public enum DetectorKind {
	/** BlazeFace full range: small and distant faces, group photos, video (the default). */
	BLAZEFACE_FULL("blazeface-full"),
	/** BlazeFace short range: one or two faces within ~2 m of a webcam; fastest. */
	BLAZEFACE("blazeface"),
	/** OpenCV Haar cascade, the original app's detector: frontal faces only. */
	HAAR("haar"),
	/** No detection: the whole image (each frame or slice) is one face, for folders of face crops. */
	NONE("none");

	public final String id;

	DetectorKind(String id) {
		this.id = id;
	}

	public static DetectorKind parse(String s) {
		for (DetectorKind k : values())
			if (k.id.equalsIgnoreCase(s.trim()) || k.name().equalsIgnoreCase(s.trim()))
				return k;
		throw new IllegalArgumentException("unknown detector '" + s + "'; choose one of " + String.join(", ", ids()));
	}

	public static String[] ids() {
		DetectorKind[] v = values();
		String[] ids = new String[v.length];
		for (int i = 0; i < v.length; i++)
			ids[i] = v[i].id;
		return ids;
	}

	public FaceDetector create(double scoreThreshold, double minFaceSize) {
		switch (this) {
		case BLAZEFACE:
			return new BlazeFaceDetector(BlazeFaceDetector.Variant.SHORT_RANGE, scoreThreshold, 0.3, minFaceSize);
		case HAAR:
			return new HaarFaceDetector(minFaceSize, 1600, 5);
		case NONE:
			return bgr -> java.util.List.of(new org.faceemotion.core.model.Face(0, 0, bgr.cols(), bgr.rows(), 1.0));
		default:
			return new BlazeFaceDetector(BlazeFaceDetector.Variant.FULL_RANGE, scoreThreshold, 0.3, minFaceSize);
		}
	}

	@Override
	public String toString() {
		return id.toLowerCase(Locale.ROOT);
	}
}
