package org.faceemotion.core.model;

import java.util.Locale;


/**
 * How far one face's row can be trusted: its size, the sharpness of the crop the model saw, the
 * head's roll (eye line) and an estimate of its yaw (BlazeFace's key points), and one label that
 * names the first rule it breaks, in this order: {@code partial} (the box touches the frame's
 * border, so part of the face may be cut off), {@code small}, {@code turned}, {@code blurred};
 * {@code ok} when it breaks none. Roll and yaw are NaN where the detector gives no key points
 * (Haar); then only size, border and sharpness decide.
 */
public final class FaceQuality {
	public enum Label {
		OK, SMALL, BLURRED, TURNED, PARTIAL;

		public String id() {
			return name().toLowerCase(Locale.ROOT);
		}

		public static Label parse(String id) {
			for (Label l : values())
				if (l.id().equals(id))
					return l;
			throw new IllegalArgumentException("unknown quality '" + id + "' (ok, small, blurred, turned or partial)");
		}
	}

	/** The thresholds of the label; options of every front door. */
	public static final class Rules {
		/** Faces whose shorter box side is below this (pixels) are {@code small}: the model's input is 48 px. */
		public double minFacePx = 40;
		/**
		 * Crops below this {@link #sharpness(byte[]) sharpness} are {@code blurred}. Measured on
		 * FER-2013's 3,589 val faces ({@code quality-thresholds}, BENCHMARKS.md "Quality"): 0.1 % of
		 * them fall below 0.35 as they are (1st percentile 0.46), 47 % after a Gaussian blur of
		 * sigma 0.75 px at 48 px, 93 % after sigma 1 px and all after 1.5 px.
		 */
		public double minSharpness = 0.35;
		/** Heads whose eye line is tilted more than this (degrees) are {@code turned}. */
		public double maxRollDeg = 35;
		/** Heads whose yaw estimate exceeds this (degrees, either way) are {@code turned}. */
		public double maxYawDeg = 45;
		/** A box this close (pixels) to the frame's border is {@code partial}. */
		public double borderPx = 1;

		public Rules check() {
			req(minFacePx >= 0, "minimum face size for quality must be >= 0 px, got " + minFacePx);
			req(minSharpness >= 0, "minimum sharpness must be >= 0, got " + minSharpness);
			req(maxRollDeg > 0 && maxRollDeg <= 180, "maximum roll must be in (0, 180] degrees, got " + maxRollDeg);
			req(maxYawDeg > 0 && maxYawDeg <= 90, "maximum yaw must be in (0, 90] degrees, got " + maxYawDeg);
			req(borderPx >= 0, "border margin must be >= 0 px, got " + borderPx);
			return this;
		}

		public Rules copy() {
			Rules r = new Rules();
			r.minFacePx = minFacePx;
			r.minSharpness = minSharpness;
			r.maxRollDeg = maxRollDeg;
			r.maxYawDeg = maxYawDeg;
			r.borderPx = borderPx;
			return r;
		}

		@Override
		public String toString() {
			return String.format(Locale.ROOT, "small < %.0f px, blurred < %.2f, turned > %.0f deg roll or %.0f deg yaw, partial within %.0f px of the border",
					minFacePx, minSharpness, maxRollDeg, maxYawDeg, borderPx);
		}

		private static void req(boolean ok, String message) {
			if (!ok)
				throw new IllegalArgumentException(message);
		}
	}

	/** Shorter side of the box in pixels. */
	public final double facePx;
	/** {@link #sharpness(byte[])} of the model's input crop. */
	public final double sharpness;
	/** Tilt of the eye line in degrees (positive: clockwise on screen), NaN without eyes. */
	public final double rollDeg;
	/** {@link Face#yawEstimate()}, NaN without key points. */
	public final double yawDeg;
	public final Label label;

	public FaceQuality(double facePx, double sharpness, double rollDeg, double yawDeg, Label label) {
		this.facePx = facePx;
		this.sharpness = sharpness;
		this.rollDeg = rollDeg;
		this.yawDeg = yawDeg;
		this.label = label;
	}

	/** The quality of {@code face} in a frame of {@code frameWidth} x {@code frameHeight} whose crop had {@code sharpness}. */
	public static FaceQuality of(Face face, double sharpness, int frameWidth, int frameHeight, Rules rules) {
		double px = Math.min(face.width, face.height), roll = face.eyeAngle(), yaw = face.yawEstimate();
		Label label;
		if (frameWidth > 0 && frameHeight > 0 && (face.x <= rules.borderPx || face.y <= rules.borderPx
				|| face.x + face.width >= frameWidth - rules.borderPx || face.y + face.height >= frameHeight - rules.borderPx))
			label = Label.PARTIAL;
		else if (px < rules.minFacePx)
			label = Label.SMALL;
		else if (Math.abs(roll) > rules.maxRollDeg || Math.abs(yaw) > rules.maxYawDeg) // NaN compares false
			label = Label.TURNED;
		else if (sharpness < rules.minSharpness)
			label = Label.BLURRED;
		else
			label = Label.OK;
		return new FaceQuality(px, sharpness, roll, yaw, label);
	}

	/**
	 * Sharpness of a square grey crop (the model's 48 x 48 input): the root mean square of its 4-neighbour
	 * Laplacian over the inner pixels, divided by the crop's standard deviation, so that it measures
	 * fine detail relative to contrast (the same face darker or paler scores the same), and does not
	 * depend on the face's size in the frame. Higher is sharper; a flat crop scores 0.
	 */
	public static double sharpness(byte[] gray) {
		int n = (int) Math.round(Math.sqrt(gray.length));
		if (gray.length != n * n || n < 3)
			throw new IllegalArgumentException("sharpness needs a square crop of at least 3x3, got " + gray.length + " pixels");
		double sum = 0, sum2 = 0;
		for (byte b : gray) {
			int v = b & 0xff;
			sum += v;
			sum2 += (double) v * v;
		}
		double var = sum2 / gray.length - (sum / gray.length) * (sum / gray.length);
		if (var < 1e-6)
			return 0;
		double lap2 = 0;
		for (int y = 1; y < n - 1; y++)
			for (int x = 1; x < n - 1; x++) {
				int i = y * n + x;
				int l = 4 * (gray[i] & 0xff) - (gray[i - 1] & 0xff) - (gray[i + 1] & 0xff) - (gray[i - n] & 0xff) - (gray[i + n] & 0xff);
				lap2 += (double) l * l;
			}
		return Math.sqrt(lap2 / ((n - 2) * (n - 2))) / Math.sqrt(var);
	}
}
