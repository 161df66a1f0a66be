package org.faceemotion.core.model;

import java.util.Locale;

/**
 * A detected face: box in image pixels (top-left corner, size), the detector's score in 0..1 and,
 * where the detector gives them (BlazeFace), its key points as x, y pairs: {@code eyes} starts
 * with the centres of the eyes (the eye on the image's left, the person's right, then the other)
 * and, where the detector gives all six of BlazeFace's points (12 values), goes on with the nose
 * tip, the mouth centre and the tragion (ear) on the image's left, then the one on its right; or null.
 */
public final class Face {
	public final double x, y, width, height, score;
	public final double[] eyes;

	public Face(double x, double y, double width, double height, double score) {
		this(x, y, width, height, score, null);
	}

	public Face(double x, double y, double width, double height, double score, double[] eyes) {
		this.x = x;
		this.y = y;
		this.width = width;
		this.height = height;
		this.score = score;
		this.eyes = eyes == null ? null : eyes.clone();
	}

	/** The same face moved by (dx, dy), eyes included. */
	public Face shifted(double dx, double dy) {
		double[] e = eyes == null ? null : eyes.clone();
		if (e != null)
			for (int k = 0; k + 1 < e.length; k += 2) {
				e[k] += dx;
				e[k + 1] += dy;
			}
		return new Face(x + dx, y + dy, width, height, score, e);
	}

	/** Angle of the line from the left-hand eye to the right-hand eye in degrees (image y down; 0 = level), or NaN without eyes. */
	public double eyeAngle() {
		if (eyes == null)
			return Double.NaN;
		return Math.toDegrees(Math.atan2(eyes[3] - eyes[1], eyes[2] - eyes[0]));
	}

	/** Whether the nose and both ears are known (BlazeFace's six key points), as {@link #yawEstimate()} needs. */
	public boolean hasAllKeyPoints() {
		return eyes != null && eyes.length >= 12;
	}

	/**
	 * An estimate of the head's yaw in degrees from the key points, or NaN without them: with the
	 * points turned so the eyes are level, the nose tip's place between the two ears, {@code
	 * asin((dLeft - dRight) / (dLeft + dRight))} where d are the horizontal distances from the nose
	 * to the ear on the image's left and right. 0 = facing the camera; positive = the nose toward
	 * the image's right (the person turning to their left). A geometric estimate from 2-D points,
	 * not a measured angle: it saturates near 90 degrees and is noisy on small faces.
	 */
	public double yawEstimate() {
		if (!hasAllKeyPoints())
			return Double.NaN;
		double a = Math.toRadians(-eyeAngle()), cos = Math.cos(a), sin = Math.sin(a);
		double nose = eyes[4] * cos - eyes[5] * sin, earLeft = eyes[8] * cos - eyes[9] * sin, earRight = eyes[10] * cos - eyes[11] * sin;
		double dl = Math.abs(nose - earLeft), dr = Math.abs(earRight - nose);
		if (dl + dr <= 0)
			return Double.NaN;
		return Math.toDegrees(Math.asin(Math.max(-1, Math.min(1, (dl - dr) / (dl + dr)))));
	}

	public double centerX() {
		return x + width / 2;
	}

	public double centerY() {
		return y + height / 2;
	}

	public double area() {
		return Math.max(0, width) * Math.max(0, height);
	}

	public double iou(Face o) {
		double ix = Math.max(0, Math.min(x + width, o.x + o.width) - Math.max(x, o.x));
		double iy = Math.max(0, Math.min(y + height, o.y + o.height) - Math.max(y, o.y));
		double inter = ix * iy;
		double union = area() + o.area() - inter;
		return union <= 0 ? 0 : inter / union;
	}

	@Override
	public String toString() {
		return String.format(Locale.ROOT, "Face[%.1f,%.1f %.1fx%.1f score %.3f]", x, y, width, height, score);
	}
}
