package org.faceemotion.core.classify;

import org.faceemotion.core.image.GrayImages;
import org.opencv.core.Mat;
import org.opencv.core.Size;
import org.opencv.imgproc.Imgproc;

/**
 * The one normalisation of a 48x48 grey face used by training, evaluation and the plugin: each
 * image is standardised to zero mean and unit variance, which removes the brightness and contrast
 * differences between FER-2013 crops and camera frames.
 */
public final class Preprocessing {
	public static final int SIZE = 48;
	public static final int PIXELS = SIZE * SIZE;
	private static final float MIN_STD = 1f;

	private Preprocessing() {
	}

	/** Standardises 8-bit grey pixels (row-major, SIZE x SIZE) into {@code out} at {@code offset}. */
	public static void standardize(byte[] gray, float[] out, int offset) {
		check(gray.length);
		float[] values = new float[PIXELS];
		for (int i = 0; i < PIXELS; i++)
			values[i] = gray[i] & 0xFF;
		standardize(values, out, offset);
	}

	/** Same as {@link #standardize(byte[], float[], int)} for float pixels on the 0..255 scale. */
	public static void standardize(float[] gray, float[] out, int offset) {
		check(gray.length);
		double sum = 0, sumSq = 0;
		for (float v : gray) {
			sum += v;
			sumSq += (double) v * v;
		}
		double mean = sum / PIXELS;
		double std = Math.sqrt(Math.max(0, sumSq / PIXELS - mean * mean));
		float inv = (float) (1.0 / Math.max(std, MIN_STD));
		float m = (float) mean;
		for (int i = 0; i < PIXELS; i++)
			out[offset + i] = (gray[i] - m) * inv;
	}

	public static float[] standardize(byte[] gray) {
		float[] out = new float[PIXELS];
		standardize(gray, out, 0);
		return out;
	}

	private static void check(int length) {
		if (length != PIXELS)
			throw new IllegalArgumentException("expected " + PIXELS + " pixels (" + SIZE + "x" + SIZE + "), got " + length);
	}

	/**
	 * The classifier's input pixels from a face crop of any size: grey, resized to 48x48 with area
	 * averaging (bilinear when enlarging), row-major bytes.
	 */
	public static byte[] faceInput(Mat crop) {
		Mat gray = GrayImages.toGray8(crop);
		Mat small = gray;
		if (gray.rows() != SIZE || gray.cols() != SIZE) {
			small = new Mat();
			if (gray.rows() >= 4 * SIZE && gray.cols() >= 4 * SIZE)
				GrayImages.shrink(gray, small, SIZE, SIZE); // a large face: halved first (faster), nearly the same area means
			else
				Imgproc.resize(gray, small, new Size(SIZE, SIZE), 0, 0, gray.rows() > SIZE ? Imgproc.INTER_AREA : Imgproc.INTER_LINEAR);
		}
		if (!small.isContinuous())
			small = small.clone();
		byte[] out = new byte[PIXELS];
		small.get(0, 0, out);
		if (small != crop)
			small.release();
		if (gray != crop && gray != small)
			gray.release();
		return out;
	}
}
