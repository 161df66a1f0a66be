package org.faceemotion.imagej;

import ij.ImagePlus;
import ij.measure.Calibration;
import ij.process.ColorProcessor;
import ij.process.ImageProcessor;

import org.faceemotion.core.image.OpenCv;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.imgproc.Imgproc;

/**
 * The frames of an ImagePlus as the engine sees them: along time where there is a time axis,
 * otherwise along the slices; 8-bit BGR converted with the image's display range (as the user
 * sees it), RGB as it is, the current channel of a multichannel image.
 */
public final class ImagePlusFrames {
	private final ImagePlus imp;
	private final boolean alongTime;
	private final double minDisplay, maxDisplay;

	public ImagePlusFrames(ImagePlus imp) {
		this.imp = imp;
		this.alongTime = imp.getNFrames() > 1;
		this.minDisplay = imp.getDisplayRangeMin();
		this.maxDisplay = imp.getDisplayRangeMax();
	}

	public int count() {
		return alongTime ? imp.getNFrames() : imp.getNSlices();
	}

	/** Seconds between frames from the calibration (0 if unknown). */
	public double frameInterval() {
		Calibration cal = imp.getCalibration();
		double f = cal.frameInterval;
		if (f <= 0)
			return 0;
		String unit = cal.getTimeUnit();
		if (unit == null)
			return f;
		switch (unit) {
		case "ms": return f / 1000;
		case "min": return f * 60;
		case "h": case "hr": return f * 3600;
		default: return f;
		}
	}

	/** 1-based stack index of frame {@code i} (0-based) at the current channel (and slice or frame). */
	public int stackIndex(int i) {
		int c = imp.getC(), z = imp.getZ(), t = imp.getT();
		return alongTime ? imp.getStackIndex(c, z, i + 1) : imp.getStackIndex(c, i + 1, t);
	}

	/** Sets an ROI's position to frame {@code i}: (all channels, slice, frame) in a hyperstack, the stack index otherwise. */
	public void position(ij.gui.Roi roi, int i) {
		if (imp.isHyperStack() || imp.getNChannels() > 1 || imp.getNFrames() > 1) {
			roi.setPosition(0, alongTime ? imp.getZ() : i + 1, alongTime ? i + 1 : imp.getT());
		} else if (imp.getStackSize() > 1) {
			roi.setPosition(stackIndex(i));
		}
	}

	/**
	 * An 8-bit image whose colour table is a palette (a GIF, a palette PNG), not a grey ramp or a
	 * smooth pseudo-colour ramp that the user chose to display grey values with.
	 */
	static boolean isPalette(ImageProcessor ip) {
		return ip.isColorLut() && !ip.isPseudoColorLut();
	}

	public Mat bgr(int i) {
		OpenCv.load();
		ImageProcessor ip = imp.getStack().getProcessor(stackIndex(i));
		int w = ip.getWidth(), h = ip.getHeight();
		if (ip.getBitDepth() == 8 && isPalette(ip))
			ip = ip.convertToRGB(); // a palette image: its pixels are indices into the colour table, not intensities
		if (ip instanceof ColorProcessor) {
			// row by row: a 100-megapixel photo needs no second full copy on the Java heap
			int[] px = (int[]) ip.getPixels();
			byte[] row = new byte[w * 3];
			Mat m = new Mat(h, w, CvType.CV_8UC3);
			for (int y = 0; y < h; y++) {
				for (int x = 0, k = y * w; x < w; x++, k++) {
					row[3 * x] = (byte) px[k];
					row[3 * x + 1] = (byte) (px[k] >> 8);
					row[3 * x + 2] = (byte) (px[k] >> 16);
				}
				m.put(y, 0, row);
			}
			return m;
		}
		byte[] gray;
		if (ip.getBitDepth() == 8) {
			gray = ((byte[]) ip.getPixels()).clone();
			if (minDisplay != 0 || maxDisplay != 255) {
				// an 8-bit image with a changed display range: apply it as ImageJ draws it
				double scale = 256.0 / Math.max(1, maxDisplay - minDisplay + 1);
				for (int k = 0; k < gray.length; k++)
					gray[k] = (byte) Math.max(0, Math.min(255, (int) (((gray[k] & 0xFF) - minDisplay) * scale)));
			}
		} else {
			ip = ip.duplicate();
			ip.setMinAndMax(minDisplay, maxDisplay);
			gray = (byte[]) ip.convertToByteProcessor(true).getPixels();
		}
		Mat g = new Mat(h, w, CvType.CV_8UC1);
		g.put(0, 0, gray);
		Mat m = new Mat();
		Imgproc.cvtColor(g, m, Imgproc.COLOR_GRAY2BGR);
		return m;
	}
}
