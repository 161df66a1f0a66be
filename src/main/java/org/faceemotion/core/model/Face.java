package org.faceemotion.core.model;

import java.util.Locale;

/** A detected face: box in image pixels (top-left corner, size) and the detector's score in 0..1. */
public final class Face {
	public final double x, y, width, height, score;

	public Face(double x, double y, double width, double height, double score) {
		this.x = x;
		this.y = y;
		this.width = width;
		this.height = height;
		this.score = score;
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
