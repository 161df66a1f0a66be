package org.faceemotion.train;

import java.util.Random;

import org.faceemotion.core.classify.Preprocessing;

/**
 * Training-time augmentation of 48x48 grey faces, in plain Java so that it runs on the loader
 * thread without natives: random rotation, scale and shift (one bilinear warp, borders
 * replicated), horizontal flip, gamma (brightness/contrast that survives standardisation), and
 * random erasing. The label never changes; the output is standardised like every other input.
 */
public final class Augmenter {
	public double maxRotationDeg = 10;
	public double maxScale = 0.10;
	public double maxShiftPx = 4;
	public double flipProbability = 0.5;
	public double gammaProbability = 0.5;
	public double minGamma = 0.7, maxGamma = 1.4;
	public double eraseProbability = 0.4;
	public double minEraseArea = 0.02, maxEraseArea = 0.15;

	private static final int S = Preprocessing.SIZE;

	/** Writes an augmented, standardised copy of {@code src} to {@code out[offset..offset+2304)}. */
	public void augment(byte[] src, Random rng, float[] out, int offset) {
		float[] warped = new float[Preprocessing.PIXELS];
		boolean flip = rng.nextDouble() < flipProbability;
		double angle = Math.toRadians((rng.nextDouble() * 2 - 1) * maxRotationDeg);
		double scale = 1 + (rng.nextDouble() * 2 - 1) * maxScale;
		double tx = (rng.nextDouble() * 2 - 1) * maxShiftPx;
		double ty = (rng.nextDouble() * 2 - 1) * maxShiftPx;
		warp(src, warped, angle, scale, tx, ty, flip);
		if (rng.nextDouble() < gammaProbability) {
			double gamma = minGamma * Math.pow(maxGamma / minGamma, rng.nextDouble());
			for (int i = 0; i < warped.length; i++)
				warped[i] = (float) (255 * Math.pow(Math.max(0, warped[i]) / 255.0, gamma));
		}
		Preprocessing.standardize(warped, out, offset);
		if (rng.nextDouble() < eraseProbability)
			erase(out, offset, rng);
	}

	/**
	 * Inverse-maps every output pixel through rotation {@code angle} (radians) and {@code scale}
	 * about the centre, then shift {@code (tx, ty)}; flip mirrors the output horizontally.
	 */
	static void warp(byte[] src, float[] dst, double angle, double scale, double tx, double ty, boolean flip) {
		double c = (S - 1) / 2.0;
		double cos = Math.cos(angle) / scale, sin = Math.sin(angle) / scale;
		for (int y = 0; y < S; y++) {
			for (int x = 0; x < S; x++) {
				double u = (flip ? S - 1 - x : x) - c - tx;
				double v = y - c - ty;
				double sx = cos * u + sin * v + c;
				double sy = -sin * u + cos * v + c;
				dst[y * S + x] = bilinear(src, sx, sy);
			}
		}
	}

	private static float bilinear(byte[] src, double x, double y) {
		x = Math.min(Math.max(x, 0), S - 1);
		y = Math.min(Math.max(y, 0), S - 1);
		int x0 = (int) x, y0 = (int) y;
		int x1 = Math.min(x0 + 1, S - 1), y1 = Math.min(y0 + 1, S - 1);
		double fx = x - x0, fy = y - y0;
		double a = src[y0 * S + x0] & 0xFF, b = src[y0 * S + x1] & 0xFF;
		double cc = src[y1 * S + x0] & 0xFF, d = src[y1 * S + x1] & 0xFF;
		return (float) ((a * (1 - fx) + b * fx) * (1 - fy) + (cc * (1 - fx) + d * fx) * fy);
	}

	private void erase(float[] out, int offset, Random rng) {
		double area = S * S * (minEraseArea + rng.nextDouble() * (maxEraseArea - minEraseArea));
		double aspect = Math.exp((rng.nextDouble() * 2 - 1) * Math.log(3));
		int h = (int) Math.min(S, Math.round(Math.sqrt(area * aspect)));
		int w = (int) Math.min(S, Math.round(Math.sqrt(area / aspect)));
		if (h < 1 || w < 1)
			return;
		int y0 = rng.nextInt(S - h + 1), x0 = rng.nextInt(S - w + 1);
		for (int y = y0; y < y0 + h; y++)
			for (int x = x0; x < x0 + w; x++)
				out[offset + y * S + x] = (float) rng.nextGaussian();
	}
}
