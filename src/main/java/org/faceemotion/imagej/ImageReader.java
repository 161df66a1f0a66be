package org.faceemotion.imagej;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Locale;

import javax.imageio.ImageIO;
import javax.imageio.stream.ImageInputStream;

import ij.ImagePlus;
import ij.io.Opener;
import ij.process.ColorProcessor;
import ij.process.ImageProcessor;

import org.faceemotion.core.image.OpenCv;
import org.faceemotion.io.ExifOrientation;
import org.opencv.core.Mat;
import org.opencv.imgcodecs.Imgcodecs;

/**
 * The one way an image file is read for annotation (command line, Fiji's batch, Spark): a whole
 * colour JPEG straight into the engine's native frame ({@link #openBgr}); ImageJ's opener where it is right (multi-page TIFFs and hyperstacks with their calibration, every format
 * ImageJ knows), turned upright by the JPEG's EXIF orientation as photo viewers show it; OpenCV's
 * decoder where ImageJ refuses the file (CMYK JPEG, compressed 16-bit colour TIFF). The memory an
 * image needs is budgeted from its header before any pixel is decoded.
 */
public final class ImageReader {
	/** Larger images are refused before decoding: a gigapixel photo would exhaust the memory of the batch. */
	public static final long MAX_PIXELS = 250_000_000L;
	/**
	 * Java-heap bytes per pixel an annotation through an ImagePlus holds at its peak: the decoder's image and the RGB
	 * pixels taken from it (the engine's frame is native memory, filled row by row; the overlay is
	 * drawn into the pixels themselves). Measured: a 12000 x 9000 JPEG runs in -Xmx1200m, not in 1000m.
	 */
	static final int PEAK_BYTES_PER_PIXEL = 5;

	private ImageReader() {
	}

	/**
	 * A whole colour JPEG as the engine's 8-bit BGR frame, decoded by OpenCV (whose libjpeg gives the
	 * same pixels as ImageIO's) and turned upright by its EXIF orientation: native memory only, 3
	 * bytes per pixel and nothing on the heap, so a 100-megapixel photo is analysed and its annotated
	 * copy drawn ({@link OverlayStrips}) without ImageJ's RGB ints beside the frame. Null for every
	 * other file (grey or CMYK JPEG, one cut off before its end, other formats): {@link #open} reads those.
	 */
	public static Mat openBgr(Path file) throws IOException {
		checkReadable(file);
		if (!jpeg(file) || truncation(file) != null)
			return null;
		long[] header = withReader(file, true, r -> {
			javax.imageio.ImageTypeSpecifier raw = r.getRawImageType(0);
			return raw == null ? null : new long[] { raw.getSampleModel().getNumBands(), r.getWidth(0), r.getHeight(0) };
		}, null);
		if (header == null || header[0] != 3)
			return null; // grey, CMYK, YCCK or a header ImageIO cannot parse
		checkPixels(file, header[1], header[2]);
		OpenCv.load();
		Mat m = Imgcodecs.imread(file.toString(), Imgcodecs.IMREAD_COLOR);
		if (m.empty() || m.type() != org.opencv.core.CvType.CV_8UC3) {
			m.release();
			return null; // ImageJ's opener and the fallbacks try, and say what is wrong
		}
		return m;
	}

	/** What is done with an ImageIO reader set on the file. */
	private interface ReaderJob<T> {
		T apply(javax.imageio.ImageReader r) throws IOException;
	}

	/**
	 * {@code job} on an ImageIO reader of {@code file} (its JPEG reader, which skips the metadata
	 * and reads forward only, when {@code jpeg}), or {@code otherwise} when ImageIO cannot read it.
	 */
	private static <T> T withReader(Path file, boolean jpeg, ReaderJob<T> job, T otherwise) {
		try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
			if (in == null)
				return otherwise;
			Iterator<javax.imageio.ImageReader> readers = jpeg ? ImageIO.getImageReadersByFormatName("jpeg") : ImageIO.getImageReaders(in);
			if (!readers.hasNext())
				return otherwise;
			javax.imageio.ImageReader r = readers.next();
			try {
				r.setInput(in, jpeg, jpeg);
				return job.apply(r);
			} finally {
				r.dispose();
			}
		} catch (IOException | RuntimeException e) {
			return otherwise; // the decoders say what is wrong
		}
	}

	private static void checkReadable(Path file) throws IOException {
		if (!Files.isReadable(file))
			throw new IOException(file + ": cannot be read (" + (Files.exists(file) ? "permission denied" : "no such file") + ")");
	}

	public static ImagePlus open(Path file) throws IOException {
		checkReadable(file);
		long[] size = headerSize(file);
		if (size != null)
			checkBudget(file, size[0], size[1]);
		ImagePlus imp = jpeg(file) ? viaImageIo(file) : null;
		String imagejProblem = null;
		try {
			if (imp == null)
				imp = new Opener().openImage(file.toString());
		} catch (RuntimeException e) {
			imagejProblem = e.getMessage();
		}
		if (imp == null || imp.getWidth() == 0) {
			imp = viaOpenCv(file);
			if (imp == null)
				throw new IllegalArgumentException(file + ": not a readable image (corrupt, cut off, or not an image"
						+ (imagejProblem == null ? "" : ": " + imagejProblem) + ")");
		} else if (imp.getStackSize() == 1) {
			upright(imp, ExifOrientation.of(file));
		}
		robustRange(imp);
		imp.setTitle(file.getFileName().toString());
		return imp;
	}

	/**
	 * A 16- or 32-bit file gets the display range ImageJ's Auto contrast would give (0.35 % of the
	 * pixels saturated), not its minimum and maximum: one hot pixel, or one +Inf in a float image,
	 * would otherwise turn the whole picture black before the faces are looked for.
	 */
	static void robustRange(ImagePlus imp) {
		int depth = imp.getBitDepth();
		if (depth != 16 && depth != 32)
			return;
		ImageProcessor ip = imp.getProcessor();
		if (depth == 32) { // infinities would stretch every range: as the largest finite value, then stretched past
			float[] px = (float[]) ip.getPixels();
			float max = -Float.MAX_VALUE, min = Float.MAX_VALUE;
			for (float v : px)
				if (Float.isFinite(v)) {
					max = Math.max(max, v);
					min = Math.min(min, v);
				}
			for (int i = 0; i < px.length; i++)
				if (px[i] == Float.POSITIVE_INFINITY)
					px[i] = max;
				else if (px[i] == Float.NEGATIVE_INFINITY)
					px[i] = min;
			ip.resetMinAndMax();
		}
		new ij.plugin.ContrastEnhancer().stretchHistogram(imp, 0.35);
	}

	/**
	 * A warning for the input's summary line: a JPEG cut off before its end (its missing rows
	 * decode grey), a multi-page file of which ImageJ opened fewer pages than it holds (pages of
	 * another size), or null.
	 */
	static String warning(Path file, ImagePlus opened) {
		String cut = truncation(file);
		if (cut != null)
			return cut;
		int pages = pages(file);
		if (pages > opened.getStackSize())
			return String.format(Locale.ROOT, "the file holds %d pages but only %d of them (those of %dx%d pixels) were annotated: "
					+ "pages of other sizes are left out; split the file to annotate them", pages, opened.getStackSize(), opened.getWidth(),
					opened.getHeight());
		return null;
	}

	/** Pages of a TIFF (ImageIO), 1 for anything else or when it cannot tell. */
	static int pages(Path file) {
		String n = file.getFileName().toString().toLowerCase(Locale.ROOT);
		if (!n.endsWith(".tif") && !n.endsWith(".tiff"))
			return 1;
		return withReader(file, false, r -> r.getNumImages(true), 1);
	}

	static String truncation(Path file) {
		try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(file)) {
			long size = ch.size();
			java.nio.ByteBuffer head = java.nio.ByteBuffer.allocate(2), tail = java.nio.ByteBuffer.allocate((int) Math.min(size, 64));
			ch.read(head, 0);
			if (size < 4 || (head.get(0) & 0xFF) != 0xFF || (head.get(1) & 0xFF) != 0xD8)
				return null;
			ch.read(tail, size - tail.capacity());
			byte[] t = tail.array();
			for (int i = t.length - 2; i >= 0; i--)
				if ((t[i] & 0xFF) == 0xFF && (t[i + 1] & 0xFF) == 0xD9)
					return null;
			return "the JPEG is cut off before its end (a partial download or copy): its missing part decodes grey";
		} catch (IOException e) {
			return null;
		}
	}

	/** Whether the file starts as a JPEG does. */
	static boolean jpeg(Path file) {
		try (java.io.InputStream in = Files.newInputStream(file)) {
			return in.read() == 0xFF && in.read() == 0xD8;
		} catch (IOException e) {
			return false;
		}
	}

	/**
	 * A YCbCr or greyscale JPEG decoded by ImageIO straight into the pixels ImageJ keeps (RGB ints,
	 * or bytes for grey), not upright yet: one copy of the image on the heap, where ImageJ's opener
	 * (the AWT decoder) holds two, and libjpeg's warnings about a damaged file come to a listener
	 * instead of the console (the summary line says it in words, {@link #warning}). Null for what
	 * ImageIO does not decode this way (CMYK, YCCK, a broken header): the other readers try.
	 */
	static ImagePlus viaImageIo(Path file) {
		return withReader(file, true, r -> {
			javax.imageio.ImageTypeSpecifier raw = r.getRawImageType(0);
			if (raw == null)
				return null;
			int bands = raw.getSampleModel().getNumBands(), w = r.getWidth(0), h = r.getHeight(0);
			if (bands != 1 && bands != 3)
				return null;
			r.addIIOReadWarningListener((source, warning) -> {
				// the truncation is reported in words by warning(); libjpeg's own lines stay off the console
			});
			java.awt.image.BufferedImage dest = new java.awt.image.BufferedImage(w, h,
					bands == 1 ? java.awt.image.BufferedImage.TYPE_BYTE_GRAY : java.awt.image.BufferedImage.TYPE_INT_RGB);
			javax.imageio.ImageReadParam param = r.getDefaultReadParam();
			param.setDestination(dest);
			r.read(0, param);
			java.awt.image.DataBuffer data = dest.getRaster().getDataBuffer();
			ImageProcessor ip = bands == 1 ? new ij.process.ByteProcessor(w, h, ((java.awt.image.DataBufferByte) data).getData())
					: new ColorProcessor(w, h, ((java.awt.image.DataBufferInt) data).getData());
			return new ImagePlus(file.getFileName().toString(), ip);
		}, null); // null: the other readers try, and say what is wrong
	}

	/** OpenCV's decoder (which turns the image upright itself), as RGB; null when it cannot read the file either. */
	static ImagePlus viaOpenCv(Path file) {
		OpenCv.load();
		Mat m = Imgcodecs.imread(file.toString(), Imgcodecs.IMREAD_COLOR);
		if (m.empty())
			return null;
		int w = m.cols(), h = m.rows();
		// row by row: the native image and the RGB ints, never a third full copy
		byte[] row = new byte[w * 3];
		int[] rgb = new int[w * h];
		for (int y = 0; y < h; y++) {
			m.get(y, 0, row);
			for (int x = 0, k = y * w; x < w; x++, k++)
				rgb[k] = (row[3 * x + 2] & 0xFF) << 16 | (row[3 * x + 1] & 0xFF) << 8 | (row[3 * x] & 0xFF);
		}
		m.release();
		return new ImagePlus(file.getFileName().toString(), new ColorProcessor(w, h, rgb));
	}

	/** Turns a single image as its EXIF orientation says (1-8). */
	static void upright(ImagePlus imp, int orientation) {
		if (orientation <= 1 || orientation > 8)
			return;
		ImageProcessor ip = imp.getProcessor();
		switch (orientation) {
		case 2: ip.flipHorizontal(); break;
		case 3: ip.flipHorizontal(); ip.flipVertical(); break;
		case 4: ip.flipVertical(); break;
		case 5: ip = ip.rotateRight(); ip.flipHorizontal(); break;
		case 6: ip = ip.rotateRight(); break;
		case 7: ip = ip.rotateLeft(); ip.flipHorizontal(); break;
		case 8: ip = ip.rotateLeft(); break;
		default: break;
		}
		imp.setProcessor(ip);
	}

	/** Width and height from the header (ImageIO), or null when ImageIO cannot tell. */
	public static long[] headerSize(Path file) {
		return withReader(file, false, r -> new long[] { r.getWidth(0), r.getHeight(0) }, null);
	}

	/** Refuses an image above {@link #MAX_PIXELS} before it is decoded. */
	static void checkPixels(Path file, long w, long h) {
		if (w * h > MAX_PIXELS)
			throw new IllegalArgumentException(String.format(Locale.ROOT,
					"%s: too large to annotate: %d x %d pixels (%.2f gigapixels; the limit is %d megapixels); cut it into tiles first", file, w, h,
					w * h / 1e9, MAX_PIXELS / 1_000_000));
	}

	/** Refuses an image above {@link #MAX_PIXELS}, or one that the memory left to this JVM cannot hold, before it is decoded. */
	static void checkBudget(Path file, long w, long h) {
		checkPixels(file, w, h);
		long need = w * h * PEAK_BYTES_PER_PIXEL;
		Runtime rt = Runtime.getRuntime();
		long free = rt.maxMemory() - (rt.totalMemory() - rt.freeMemory());
		if (need > free) {
			System.gc();
			free = rt.maxMemory() - (rt.totalMemory() - rt.freeMemory());
		}
		if (need > free)
			throw new IllegalArgumentException(String.format(Locale.ROOT,
					"%s: not enough memory for a %d x %d image (needs ~%.1f GB, %.1f GB free of -Xmx %.1f GB); give Java more memory (-Xmx)", file,
					w, h, need / 1e9, free / 1e9, rt.maxMemory() / 1e9));
	}
}
