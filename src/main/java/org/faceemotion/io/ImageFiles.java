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
	private static final List<String> EXTENSIONS = List.of(".png", ".jpg", ".jpeg", ".tif", ".tiff", ".bmp");

	private ImageFiles() {
	}

	public static boolean isImage(Path p) {
		String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
		return EXTENSIONS.stream().anyMatch(n::endsWith);
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
