package org.faceemotion.core.pipeline;

import org.faceemotion.core.classify.Preprocessing;
import org.faceemotion.core.image.GrayImages;
import org.opencv.core.Core;
import org.opencv.core.Mat;
import org.opencv.core.Point;
import org.opencv.core.Rect;
import org.opencv.core.Size;
import org.opencv.imgproc.Imgproc;

/**
 * The classifier's input for one face: the square around it, turned upright when the eyes are
 * tilted, in grey at 48x48 ({@link Preprocessing#faceInput}). The engine, {@code crop-geometry}
 * and {@code alignment} all take it from here.
 *
 * <p>A large face (a square of {@value #LARGE} pixels or more) is reduced by exact halvings, which
 * OpenCV's area resize does about 50 times faster than a halving of an odd size: its side is
 * rounded to the nearest multiple of 2<sup>k</sup> for the k halvings it gets (at most 1 % of the
 * side, the centre kept), the grey conversion comes before the halvings, and a turned face is rotated
 * after all but the last halving, on about a sixteenth of the pixels. A 660-pixel face costs about
 * 0.3 ms here instead of 1.2 ms upright and 4 ms turned (BENCHMARKS.md, session 16). Smaller faces
 * are cropped at full resolution as before.
 */
public final class FaceCrop {
	/** Squares at least this large take the halving path. */
	static final int LARGE = 4 * Preprocessing.SIZE;

	private FaceCrop() {
	}

	/**
	 * The 48x48 grey input for the square of side {@code sideD} centred at ({@code cx}, {@code cy})
	 * of an 8-bit frame, turned by {@code angleDeg} (counter-clockwise on screen; 0 or NaN: upright)
	 * about its centre; parts outside the frame replicate its edge.
	 */
	public static byte[] input(Mat bgr8, double cx, double cy, double sideD, double angleDeg) {
		boolean turned = !Double.isNaN(angleDeg) && angleDeg != 0;
		int side = (int) Math.max(1, Math.round(sideD));
		if (side < LARGE)
			return inputOf(turned ? alignedCrop(bgr8, cx, cy, side, angleDeg) : squareCrop(bgr8, cx, cy, side));
		int k = halvings(side);
		side = Math.round(side / (float) (1 << k)) << k; // the nearest multiple
		return turned ? turnedLarge(bgr8, cx, cy, side, k, angleDeg) : uprightLarge(bgr8, cx, cy, side);
	}

	/** How many halvings a square of this side gets before its last resize to 48 (the same count as {@link GrayImages#shrink}). */
	static int halvings(int side) {
		int k = 0;
		for (int s = side; s / 2 >= Preprocessing.SIZE; s /= 2)
			k++;
		return k;
	}

	private static byte[] uprightLarge(Mat bgr8, double cx, double cy, int side) {
		Mat crop = squareCrop(bgr8, cx, cy, side);
		Mat gray = GrayImages.toGray8(crop);
		try {
			return Preprocessing.faceInput(gray); // side is a multiple of 2^k: every halving is exact
		} finally {
			if (gray != crop)
				gray.release();
			crop.release();
		}
	}

	/**
	 * A turned large face: the grey region holding the turned square, halved k - 1 times, turned
	 * there (a square of 96 to 191 pixels), then area-resized to 48.
	 */
	private static byte[] turnedLarge(Mat bgr8, double cx, double cy, int side, int k, double angleDeg) {
		int f = 1 << (k - 1);
		double a = Math.toRadians(angleDeg);
		double extent = side / 2.0 * (Math.abs(Math.cos(a)) + Math.abs(Math.sin(a))) + f;
		int[] xs = span(cx, extent, f, bgr8.cols()), ys = span(cy, extent, f, bgr8.rows());
		if (xs == null || ys == null) // a frame smaller than one halving step
			return inputOf(alignedCrop(bgr8, cx, cy, side, angleDeg));
		Mat region = bgr8.submat(new Rect(xs[0], ys[0], xs[1], ys[1]));
		Mat small = GrayImages.toGray8(region);
		for (int i = 0; i < k - 1; i++) {
			Mat half = new Mat();
			Imgproc.resize(small, half, new Size(small.cols() / 2, small.rows() / 2), 0, 0, Imgproc.INTER_AREA);
			small.release();
			small = half;
		}
		// full-resolution point p = f * u + (f - 1) / 2 + origin for a pixel u of the halved region,
		// and the turned square's pixel v = (d + 1/2) / f - 1/2 for its full-resolution point d
		// = R (p - c) + side / 2; so v = R u + t with t below
		// R is getRotationMatrix2D's turn: [cos a, sin a; -sin a, cos a]
		double cos = Math.cos(a), sin = Math.sin(a);
		double ox = (f - 1) / 2.0 + xs[0] - cx, oy = (f - 1) / 2.0 + ys[0] - cy;
		Mat m = new Mat(2, 3, org.opencv.core.CvType.CV_64F);
		m.put(0, 0, cos, sin, (cos * ox + sin * oy + side / 2.0 + 0.5) / f - 0.5, -sin, cos, (-sin * ox + cos * oy + side / 2.0 + 0.5) / f - 0.5);
		Mat turnedSquare = new Mat();
		Imgproc.warpAffine(small, turnedSquare, m, new Size(side / f, side / f), Imgproc.INTER_LINEAR, Core.BORDER_REPLICATE);
		m.release();
		small.release();
		region.release();
		return inputOf(turnedSquare);
	}

	/** The 48x48 input of a crop, which is released. */
	private static byte[] inputOf(Mat crop) {
		try {
			return Preprocessing.faceInput(crop);
		} finally {
			crop.release();
		}
	}

	/**
	 * Offset and length along one axis of the region [c - extent, c + extent] inside [0, size),
	 * the length a multiple of {@code f} (grown inside the frame where it can, else cut); null when
	 * the frame is shorter than {@code f}.
	 */
	private static int[] span(double c, double extent, int f, int size) {
		int lo = Math.max(0, (int) Math.floor(c - extent)), hi = Math.min(size, (int) Math.ceil(c + extent) + 1);
		if (size < f)
			return null;
		if (hi <= lo) { // the region lies outside the frame: its nearest edge, replicated
			lo = Math.min(lo, size - 1);
			hi = lo + 1;
		}
		int len = (hi - lo + f - 1) / f * f;
		if (len > size)
			len = size / f * f;
		lo = Math.max(0, Math.min(lo, size - len));
		return new int[] { lo, len };
	}

	/**
	 * Square of side {@code sideD} centred at ({@code cx}, {@code cy}), turned by {@code angleDeg}
	 * (counter-clockwise on screen) about its centre so that a face tilted by that angle comes out
	 * upright; parts outside the frame replicate its edge.
	 */
	public static Mat alignedCrop(Mat image, double cx, double cy, double sideD, double angleDeg) {
		int side = (int) Math.max(1, Math.round(sideD));
		Mat m = Imgproc.getRotationMatrix2D(new Point(cx, cy), angleDeg, 1.0);
		// then move the square's top-left corner to the origin
		m.put(0, 2, m.get(0, 2)[0] - (cx - side / 2.0));
		m.put(1, 2, m.get(1, 2)[0] - (cy - side / 2.0));
		Mat out = new Mat();
		Imgproc.warpAffine(image, out, m, new Size(side, side), Imgproc.INTER_LINEAR, Core.BORDER_REPLICATE);
		m.release();
		return out;
	}

	/** Square of side {@code sideD} centred at ({@code cx}, {@code cy}); parts outside the frame replicate its edge. */
	public static Mat squareCrop(Mat image, double cx, double cy, double sideD) {
		int side = (int) Math.max(1, Math.round(sideD));
		int x0 = (int) Math.round(cx - side / 2.0), y0 = (int) Math.round(cy - side / 2.0);
		int cx0 = Math.max(0, x0), cy0 = Math.max(0, y0);
		int cx1 = Math.min(image.cols(), x0 + side), cy1 = Math.min(image.rows(), y0 + side);
		if (cx1 <= cx0 || cy1 <= cy0)
			throw new IllegalArgumentException("face crop at " + Math.round(cx) + "," + Math.round(cy) + " lies outside the " + image.cols() + "x"
					+ image.rows() + " frame");
		Mat inside = image.submat(new Rect(cx0, cy0, cx1 - cx0, cy1 - cy0));
		if (cx1 - cx0 == side && cy1 - cy0 == side)
			return inside;
		Mat padded = new Mat();
		Core.copyMakeBorder(inside, padded, cy0 - y0, y0 + side - cy1, cx0 - x0, x0 + side - cx1, Core.BORDER_REPLICATE);
		inside.release();
		return padded;
	}
}
