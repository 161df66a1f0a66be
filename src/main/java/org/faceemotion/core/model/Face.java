package org.faceemotion.core.model;

import java.util.Locale;

/**
 * A detected face: box in image pixels (top-left corner, size), the detector's score in 0..1 and,
 * where the detector gives them (BlazeFace), the centres of the eyes: {@code eyes} = {x, y of the
 * eye on the image's left (the person's right), x, y of the other}, or null.
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
		double[] e = eyes == null ? null : new double[] { eyes[0] + dx, eyes[1] + dy, eyes[2] + dx, eyes[3] + dy };
		return new Face(x + dx, y + dy, width, height, score, e);
	}

	/** Angle of the line from the left-hand eye to the right-hand eye in degrees (image y down; 0 = level), or NaN without eyes. */
	public double eyeAngle() {
		if (eyes == null)
			return Double.NaN;
		return Math.toDegrees(Math.atan2(eyes[3] - eyes[1], eyes[2] - eyes[0]));
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
