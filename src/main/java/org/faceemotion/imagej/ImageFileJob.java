package org.faceemotion.imagej;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;

import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

import ij.ImagePlus;
import ij.io.FileSaver;
import ij.io.Opener;

import org.faceemotion.core.model.FrameResult;
import org.faceemotion.core.pipeline.FaceEngine;
import org.faceemotion.core.pipeline.ResultsCsv;
import org.faceemotion.io.OutputFiles;

/**
 * One image file of a batch (command line), opened and annotated exactly as Fiji's Annotate Faces
 * does it: read by ImageJ (any format it opens, recognised by content; multi-page TIFFs and
 * hyperstacks with their calibration and frame interval), the same frame loop, the same ROIs.
 * Writes {@code <stem>.csv} and the annotated copy (the overlay burnt in; PNG, or TIFF for a stack).
 */
public final class ImageFileJob {
	/** Larger images are refused before decoding: a gigapixel photo would exhaust the memory of the batch. */
	public static final long MAX_PIXELS = 250_000_000L;

	private ImageFileJob() {
	}

	public static String run(Path file, Path csv, Path annotated, FaceEngine engine) throws IOException {
		checkSize(file);
		ImagePlus imp;
		try {
			imp = new Opener().openImage(file.toString());
		} catch (RuntimeException | OutOfMemoryError e) {
			throw new IllegalArgumentException(file + ": not a readable image (" + e + ")", e);
		}
		if (imp == null || imp.getWidth() == 0)
			throw new IllegalArgumentException(file + ": not a readable image (ImageJ cannot open it: corrupt or not an image)");
		imp.setTitle(file.getFileName().toString());
		List<FrameResult> frames = ImageAnnotation.annotate(imp, engine, (d, t) -> {
		}, () -> false);
		Path csvTmp = OutputFiles.temporary(csv), imgTmp = OutputFiles.temporary(annotated);
		int faces = 0;
		try {
			try (Writer w = Files.newBufferedWriter(csvTmp, StandardCharsets.UTF_8); ResultsCsv table = new ResultsCsv(w)) {
				for (FrameResult r : frames) {
					table.write(r);
					faces += r.faces.size();
				}
			}
			ImageAnnotation.addToOverlay(imp, ImageAnnotation.rois(imp, frames));
			boolean ok;
			if (annotated.getFileName().toString().endsWith(".tif")) {
				ImagePlus flat = imp.getStackSize() > 1 ? flattened(imp) : imp.flatten();
				ok = flat.getStackSize() > 1 ? new FileSaver(flat).saveAsTiffStack(imgTmp.toString()) : new FileSaver(flat).saveAsTiff(imgTmp.toString());
			} else {
				ok = new FileSaver(imp.flatten()).saveAsPng(imgTmp.toString());
			}
			if (!ok || !Files.exists(imgTmp))
				throw new IOException(annotated + ": could not write the annotated image");
		} catch (IOException | RuntimeException e) {
			Files.deleteIfExists(csvTmp);
			Files.deleteIfExists(imgTmp);
			throw e;
		}
		OutputFiles.commit(csvTmp, csv);
		OutputFiles.commit(imgTmp, annotated);
		return String.format(Locale.ROOT, "%d frame(s), %d face(s) -> %s, %s", frames.size(), faces, csv.getFileName(), annotated.getFileName());
	}

	private static ImagePlus flattened(ImagePlus imp) {
		ImagePlus copy = imp.duplicate();
		copy.setOverlay(imp.getOverlay());
		copy.flattenStack();
		return copy;
	}

	/** Refuses images above {@link #MAX_PIXELS} from their header, before any pixel is decoded. */
	static void checkSize(Path file) throws IOException {
		try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
			if (in == null)
				return;
			Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
			if (!readers.hasNext())
				return; // not a format ImageIO knows (TIFF before Java 9, PGM): ImageJ decides
			ImageReader r = readers.next();
			try {
				r.setInput(in);
				long w = r.getWidth(0), h = r.getHeight(0);
				if (w * h > MAX_PIXELS)
					throw new IllegalArgumentException(String.format(Locale.ROOT,
							"%s: too large to annotate: %d x %d pixels (%.2f gigapixels; the limit is %d megapixels); cut it into tiles first",
							file, w, h, w * h / 1e9, MAX_PIXELS / 1_000_000));
			} catch (IOException | RuntimeException e) {
				if (e instanceof IllegalArgumentException)
					throw e;
				// a header ImageIO cannot parse: ImageJ reports what it finds
			} finally {
				r.dispose();
			}
		}
	}
}
