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
	/** Probability of a Gaussian blur (sigma up to {@link #maxBlurSigma} px), as from focus or motion of a camera. */
	public double blurProbability = 0;
	public double maxBlurSigma = 1.2;
	/** Probability of additive Gaussian sensor noise (sigma up to {@link #maxNoise} grey levels). */
	public double noiseProbability = 0;
	public double maxNoise = 10;
	/** Probability of a JPEG round trip at a quality between {@link #minJpegQuality} and 95 (compression of cameras and web photos). */
	public double jpegProbability = 0;
	public int minJpegQuality = 20;
	/** Batch level: targets (1 - e) one-hot + e / 7 (label smoothing); 0 = hard labels. */
	public double labelSmoothing = 0;
	/** Batch level: mixup with weights drawn from Beta(alpha, alpha), applied to a batch with probability {@link #mixupProbability}; 0 = off. */
	public double mixupAlpha = 0;
	public double mixupProbability = 0.5;

	/** Sets the camera-like augmentations (blur, noise) on with typical strengths. */
	public Augmenter withCameraEffects() {
		blurProbability = 0.2;
		noiseProbability = 0.2;
		return this;
	}

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
		if (blurProbability > 0 && rng.nextDouble() < blurProbability)
			blur(warped, 0.5 + rng.nextDouble() * Math.max(0, maxBlurSigma - 0.5));
		if (noiseProbability > 0 && rng.nextDouble() < noiseProbability) {
			double sigma = rng.nextDouble() * maxNoise;
			for (int i = 0; i < warped.length; i++)
				warped[i] = (float) Math.min(255, Math.max(0, warped[i] + sigma * rng.nextGaussian()));
		}
		if (jpegProbability > 0 && rng.nextDouble() < jpegProbability)
			jpeg(warped, minJpegQuality + rng.nextInt(Math.max(1, 96 - minJpegQuality)));
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

	/** Encodes the grey pixels as a JPEG of {@code quality} (1-100) and decodes them again, in place. */
	static void jpeg(float[] img, int quality) {
		java.awt.image.BufferedImage bi = new java.awt.image.BufferedImage(S, S, java.awt.image.BufferedImage.TYPE_BYTE_GRAY);
		byte[] px = ((java.awt.image.DataBufferByte) bi.getRaster().getDataBuffer()).getData();
		for (int i = 0; i < px.length; i++)
			px[i] = (byte) Math.round(Math.min(255, Math.max(0, img[i])));
		try {
			javax.imageio.ImageWriter w = javax.imageio.ImageIO.getImageWritersByFormatName("jpeg").next();
			javax.imageio.ImageWriteParam p = w.getDefaultWriteParam();
			p.setCompressionMode(javax.imageio.ImageWriteParam.MODE_EXPLICIT);
			p.setCompressionQuality(quality / 100f);
			java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
			try (javax.imageio.stream.ImageOutputStream out = javax.imageio.ImageIO.createImageOutputStream(bytes)) {
				w.setOutput(out);
				w.write(null, new javax.imageio.IIOImage(bi, null, null), p);
			} finally {
				w.dispose();
			}
			java.awt.image.BufferedImage back = javax.imageio.ImageIO.read(new java.io.ByteArrayInputStream(bytes.toByteArray()));
			byte[] q = ((java.awt.image.DataBufferByte) back.getRaster().getDataBuffer()).getData();
			for (int i = 0; i < q.length && i < img.length; i++)
				img[i] = q[i] & 0xFF;
		} catch (java.io.IOException e) {
			throw new java.io.UncheckedIOException("JPEG augmentation: " + e.getMessage(), e);
		}
	}

	/** Separable Gaussian blur in place, borders replicated. */
	static void blur(float[] img, double sigma) {
		int r = Math.max(1, (int) Math.ceil(2 * sigma));
		double[] k = new double[2 * r + 1];
		double sum = 0;
		for (int i = -r; i <= r; i++)
			sum += k[i + r] = Math.exp(-i * i / (2 * sigma * sigma));
		for (int i = 0; i < k.length; i++)
			k[i] /= sum;
		float[] tmp = new float[img.length];
		for (int y = 0; y < S; y++)
			for (int x = 0; x < S; x++) {
				double v = 0;
				for (int i = -r; i <= r; i++)
					v += k[i + r] * img[y * S + Math.min(S - 1, Math.max(0, x + i))];
				tmp[y * S + x] = (float) v;
			}
		for (int y = 0; y < S; y++)
			for (int x = 0; x < S; x++) {
				double v = 0;
				for (int i = -r; i <= r; i++)
					v += k[i + r] * tmp[Math.min(S - 1, Math.max(0, y + i)) * S + x];
				img[y * S + x] = (float) v;
			}
	}

	/**
	 * Batch-level label smoothing and mixup on standardised features {@code f} (n x 2304) and
	 * one-hot targets {@code t} (n x 7), in place. Mixup pairs each image with another of the batch
	 * (a random permutation) and mixes both pixels and targets with one weight per batch.
	 */
	public void mixBatch(float[] f, float[] t, int n, Random rng) {
		int k = t.length / Math.max(1, n);
		if (labelSmoothing > 0)
			for (int i = 0; i < t.length; i++)
				t[i] = (float) (t[i] * (1 - labelSmoothing) + labelSmoothing / k);
		if (mixupAlpha <= 0 || n < 2 || rng.nextDouble() >= mixupProbability)
			return;
		double g1 = gamma(mixupAlpha, rng), g2 = gamma(mixupAlpha, rng);
		double lam = g1 / (g1 + g2);
		lam = Math.max(lam, 1 - lam); // the first image stays the main one
		int[] perm = Batches.epochOrder(n, rng.nextLong(), 0);
		float[] f0 = f.clone(), t0 = t.clone();
		int p = Preprocessing.PIXELS;
		for (int i = 0; i < n; i++) {
			int j = perm[i];
			for (int q = 0; q < p; q++)
				f[i * p + q] = (float) (lam * f0[i * p + q] + (1 - lam) * f0[j * p + q]);
			for (int c = 0; c < k; c++)
				t[i * k + c] = (float) (lam * t0[i * k + c] + (1 - lam) * t0[j * k + c]);
		}
	}

	/** A Gamma(shape, 1) draw (Marsaglia-Tsang; shape below 1 through the boost U^(1/shape)). */
	static double gamma(double shape, Random rng) {
		if (shape < 1)
			return gamma(shape + 1, rng) * Math.pow(rng.nextDouble(), 1 / shape);
		double d = shape - 1 / 3.0, c = 1 / Math.sqrt(9 * d);
		while (true) {
			double x = rng.nextGaussian(), v = 1 + c * x;
			if (v <= 0)
				continue;
			v = v * v * v;
			double u = rng.nextDouble();
			if (Math.log(u) < 0.5 * x * x + d - d * v + d * Math.log(v))
				return d * v;
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
