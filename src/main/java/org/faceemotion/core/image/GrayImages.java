package org.faceemotion.core.image;

import java.nio.file.Path;

import org.opencv.core.Core;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.Size;
import org.opencv.imgcodecs.Imgcodecs;
import org.opencv.imgproc.Imgproc;

/**
 * Conversions of any frame (grey or colour, 8-bit, 16-bit or 32-bit) to what the detectors and the
 * classifier take. Higher bit depths are scaled linearly from a display range to 0..255, as ImageJ
 * shows them; without a given range, the image's own minimum and maximum are used (ImageJ's default).
 */
public final class GrayImages {
	private GrayImages() {
	}

	/** Reads an image file as it is stored (any depth, grey or colour); throws with the file named if it cannot. */
	public static Mat read(Path file) {
		OpenCv.load();
		if (!java.nio.file.Files.isRegularFile(file))
			throw new IllegalArgumentException(file + ": no such file");
		Mat m = Imgcodecs.imread(file.toString(), Imgcodecs.IMREAD_ANYDEPTH | Imgcodecs.IMREAD_ANYCOLOR);
		if (m.empty()) {
			// OpenCV 4.9 has no GIF decoder: Java's own reads GIF (its first frame) and the formats it shares with OpenCV
			Mat viaJava = readWithImageIo(file);
			if (viaJava != null)
				return viaJava;
			throw new IllegalArgumentException(file + ": not a readable image (corrupt, or a format OpenCV cannot decode)");
		}
		return m;
	}

	/** The image as 8-bit BGR through javax.imageio, or null when it cannot decode it. */
	static Mat readWithImageIo(Path file) {
		java.awt.image.BufferedImage img;
		try {
			img = javax.imageio.ImageIO.read(file.toFile());
		} catch (java.io.IOException | RuntimeException e) {
			return null;
		}
		if (img == null)
			return null;
		java.awt.image.BufferedImage bgr = new java.awt.image.BufferedImage(img.getWidth(), img.getHeight(), java.awt.image.BufferedImage.TYPE_3BYTE_BGR);
		java.awt.Graphics2D g = bgr.createGraphics();
		g.drawImage(img, 0, 0, java.awt.Color.WHITE, null); // transparent pixels on white, as viewers show them
		g.dispose();
		byte[] px = ((java.awt.image.DataBufferByte) bgr.getRaster().getDataBuffer()).getData();
		Mat m = new Mat(img.getHeight(), img.getWidth(), CvType.CV_8UC3);
		m.put(0, 0, px);
		return m;
	}

	/**
	 * {@code src} shrunk to {@code w x h} by area averaging, first halved (exact 2x2 means,
	 * OpenCV's fast path) while half is still at least the target, then {@code INTER_AREA} for
	 * the rest: a 1280x720 frame to BlazeFace's 192x108 in 0.6 ms instead of 2.9 on one core
	 * here. The windows averaged differ a little from one {@code INTER_AREA} resize (ShrinkTest
	 * bounds it); BlazeFace's recall and precision on the benchmark photos are unchanged
	 * (BENCHMARKS.md). {@code dst} receives the result.
	 */
	public static void shrink(Mat src, Mat dst, int w, int h) {
		Mat cur = src;
		while (cur.cols() / 2 >= w && cur.rows() / 2 >= h) {
			Mat half = new Mat();
			Imgproc.resize(cur, half, new Size(cur.cols() / 2, cur.rows() / 2), 0, 0, Imgproc.INTER_AREA);
			if (cur != src)
				cur.release();
			cur = half;
		}
		Imgproc.resize(cur, dst, new Size(w, h), 0, 0, Imgproc.INTER_AREA);
		if (cur != src)
			cur.release();
	}

	/**
	 * 8-bit version of {@code src}; above 8 bits with the range ImageJ's Auto contrast gives
	 * ({@link #autoRange}), as {@code annotate}'s reader does: one hot pixel or one +Inf does not
	 * turn the picture black.
	 */
	public static Mat to8Bit(Mat src) {
		return to8Bit(src, Double.NaN, Double.NaN);
	}

	/** 8-bit version of {@code src}; for 16/32-bit, {@code min..max} maps to 0..255 (NaN: {@link #autoRange}). */
	public static Mat to8Bit(Mat src, double min, double max) {
		if (src.depth() == CvType.CV_8U)
			return src;
		if (Double.isNaN(min) || Double.isNaN(max)) {
			double[] r = autoRange(src);
			min = r[0];
			max = r[1];
		}
		double scale = max > min ? 255.0 / (max - min) : 0;
		Mat dst = new Mat();
		src.convertTo(dst, CvType.makeType(CvType.CV_8U, src.channels()), scale, -min * scale);
		return dst;
	}

	/**
	 * The display range ImageJ's Auto contrast sets: 0.35 % of the values saturated, half at each
	 * end, counted over the finite values only (NaN and infinities ignored), in 4,096 bins between
	 * the finite minimum and maximum. {min, max}; both 0 when there is no finite value.
	 */
	public static double[] autoRange(Mat src) {
		Mat f = new Mat();
		src.convertTo(f, CvType.makeType(CvType.CV_32F, src.channels()));
		float[] v = new float[(int) (f.total() * f.channels())];
		f.reshape(1, 1).get(0, 0, v);
		f.release();
		double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
		long n = 0;
		for (float x : v)
			if (Float.isFinite(x)) {
				lo = Math.min(lo, x);
				hi = Math.max(hi, x);
				n++;
			}
		if (n == 0)
			return new double[] { 0, 0 };
		if (!(hi > lo))
			return new double[] { lo, hi };
		int bins = 4096;
		long[] hist = new long[bins];
		double width = (hi - lo) / bins;
		for (float x : v)
			if (Float.isFinite(x))
				hist[Math.min(bins - 1, (int) ((x - lo) / width))]++;
		long cut = (long) (n * 0.0035 / 2);
		int a = 0, b = bins - 1;
		for (long seen = 0; a < bins - 1 && (seen += hist[a]) <= cut; a++)
			;
		for (long seen = 0; b > a && (seen += hist[b]) <= cut; b--)
			;
		return new double[] { lo + a * width, lo + (b + 1) * width };
	}

	/** 8-bit single-channel version; colour is converted with the luminance weights 0.299, 0.587, 0.114. */
	public static Mat toGray8(Mat src) {
		Mat m8 = to8Bit(src);
		if (m8.channels() == 1)
			return m8;
		Mat gray = new Mat();
		Imgproc.cvtColor(m8, gray, m8.channels() == 4 ? Imgproc.COLOR_BGRA2GRAY : Imgproc.COLOR_BGR2GRAY);
		return gray;
	}

	/** 8-bit three-channel BGR version (grey is replicated). */
	public static Mat toBgr8(Mat src) {
		Mat m8 = to8Bit(src);
		if (m8.channels() == 3)
			return m8;
		Mat bgr = new Mat();
		Imgproc.cvtColor(m8, bgr, m8.channels() == 4 ? Imgproc.COLOR_BGRA2BGR : Imgproc.COLOR_GRAY2BGR);
		return bgr;
	}
}
