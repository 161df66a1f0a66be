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

	/** 8-bit version of {@code src} using its own min..max as display range for depths above 8 bits. */
	public static Mat to8Bit(Mat src) {
		return to8Bit(src, Double.NaN, Double.NaN);
	}

	/** 8-bit version of {@code src}; for 16/32-bit, {@code min..max} maps to 0..255 (NaN: the data's range). */
	public static Mat to8Bit(Mat src, double min, double max) {
		if (src.depth() == CvType.CV_8U)
			return src;
		if (Double.isNaN(min) || Double.isNaN(max)) {
			Mat flat = src.reshape(1);
			Core.MinMaxLocResult r = Core.minMaxLoc(flat);
			min = r.minVal;
			max = r.maxVal;
		}
		double scale = max > min ? 255.0 / (max - min) : 0;
		Mat dst = new Mat();
		src.convertTo(dst, CvType.makeType(CvType.CV_8U, src.channels()), scale, -min * scale);
		return dst;
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
