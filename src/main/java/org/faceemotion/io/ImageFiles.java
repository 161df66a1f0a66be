package org.faceemotion.io;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.faceemotion.core.image.GrayImages;
import org.faceemotion.core.image.OpenCv;
import org.opencv.core.Core;
import org.opencv.core.Mat;
import org.opencv.imgcodecs.Imgcodecs;

/** Still images and multi-page TIFF stacks read through OpenCV, converted to 8-bit BGR with one display range for the whole stack. */
public final class ImageFiles {
	private static final List<String> EXTENSIONS = List.of(".png", ".jpg", ".jpeg", ".tif", ".tiff", ".bmp", ".gif", ".pgm", ".ppm", ".pbm");

	private ImageFiles() {
	}

	public static boolean isImage(Path p) {
		String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
		return EXTENSIONS.stream().anyMatch(n::endsWith);
	}

	/**
	 * Whether the file is an image by its first bytes (PNG, JPEG, GIF, BMP, TIFF, PGM/PPM/PBM),
	 * whatever its name says; false if it cannot be read.
	 */
	public static boolean looksLikeImage(Path p) {
		byte[] h = new byte[8];
		int n;
		try (java.io.InputStream in = Files.newInputStream(p)) {
			n = in.readNBytes(h, 0, h.length);
		} catch (java.io.IOException e) {
			return false;
		}
		if (n < 4)
			return false;
		int b0 = h[0] & 0xFF, b1 = h[1] & 0xFF, b2 = h[2] & 0xFF, b3 = h[3] & 0xFF;
		return b0 == 0x89 && b1 == 'P' && b2 == 'N' && b3 == 'G' // PNG
				|| b0 == 0xFF && b1 == 0xD8 && b2 == 0xFF // JPEG
				|| b0 == 'G' && b1 == 'I' && b2 == 'F' && b3 == '8' // GIF
				|| b0 == 'B' && b1 == 'M' // BMP
				|| b0 == 'I' && b1 == 'I' && b2 == 42 && b3 == 0 || b0 == 'M' && b1 == 'M' && b2 == 0 && b3 == 42 // TIFF
				|| b0 == 'P' && b1 >= '1' && b1 <= '6' && Character.isWhitespace(b2); // PBM/PGM/PPM
	}

	/** TIFF by name or content (a TIFF may be a stack; its annotated copy is a TIFF). */
	public static boolean mayHoldPages(Path p) {
		String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
		if (n.endsWith(".tif") || n.endsWith(".tiff") || n.endsWith(".gif"))
			return true;
		byte[] h = new byte[4];
		try (java.io.InputStream in = Files.newInputStream(p)) {
			if (in.readNBytes(h, 0, 4) < 4)
				return false;
		} catch (java.io.IOException e) {
			return false;
		}
		return h[0] == 'I' && h[1] == 'I' && h[2] == 42 || h[0] == 'M' && h[1] == 'M' && h[3] == 42 || h[0] == 'G' && h[1] == 'I' && h[2] == 'F';
	}

	public static boolean isTiff(Path p) {
		String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
		return n.endsWith(".tif") || n.endsWith(".tiff");
	}

	/** All pages of the file as 8-bit BGR; throws with the file named if it cannot be read. */
	public static List<Mat> readPages(Path file) {
		OpenCv.load();
		if (!Files.isRegularFile(file))
			throw new IllegalArgumentException(file + ": no such file");
		List<Mat> pages = new ArrayList<>();
		if (isTiff(file)) {
			if (!Imgcodecs.imreadmulti(file.toString(), pages, Imgcodecs.IMREAD_ANYDEPTH | Imgcodecs.IMREAD_ANYCOLOR) || pages.isEmpty())
				throw new IllegalArgumentException(file + ": not a readable TIFF (corrupt or unsupported)");
		} else {
			pages.add(GrayImages.read(file));
		}
		double min = Double.POSITIVE_INFINITY, max = Double.NEGATIVE_INFINITY;
		for (Mat m : pages) {
			Core.MinMaxLocResult r = Core.minMaxLoc(m.reshape(1));
			min = Math.min(min, r.minVal);
			max = Math.max(max, r.maxVal);
		}
		List<Mat> out = new ArrayList<>();
		for (Mat m : pages)
			out.add(GrayImages.toBgr8(GrayImages.to8Bit(m, min, max)));
		return out;
	}
}
