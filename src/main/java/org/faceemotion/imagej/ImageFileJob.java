package org.faceemotion.imagej;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

import javax.imageio.ImageIO;

import ij.ImagePlus;
import ij.io.FileSaver;

import org.faceemotion.core.model.FrameResult;
import org.faceemotion.core.pipeline.FaceEngine;
import org.faceemotion.core.pipeline.ResultsCsv;
import org.faceemotion.io.OutputFiles;

/**
 * One image file of a batch, opened ({@link ImageReader}) and annotated exactly as Fiji's Annotate
 * Faces does it: the same frame loop, the same ROIs. Writes {@code <stem>.csv} and the annotated
 * copy (the overlay burnt in; PNG, or TIFF for a stack), each whole or not at all: written under a
 * temporary name, flushed to the disk, renamed; a failed write (a full disk) fails the input and
 * leaves nothing under the final names.
 */
public final class ImageFileJob {
	private ImageFileJob() {
	}

	public static String run(Path file, Path csv, Path annotated, FaceEngine engine) throws IOException {
		ImagePlus imp = ImageReader.open(file);
		List<FrameResult> frames = ImageAnnotation.annotate(imp, engine, (d, t) -> {
		}, () -> false);
		int faces = frames.stream().mapToInt(r -> r.faces.size()).sum();
		ImageAnnotation.addToOverlay(imp, ImageAnnotation.rois(imp, frames));
		boolean tiff = annotated.getFileName().toString().endsWith(".tif");
		ImagePlus flat = tiff && imp.getStackSize() > 1 ? flattened(imp) : imp.flatten();
		try {
			OutputFiles.write(annotated, o -> {
				if (tiff) {
					byte[] bytes = new FileSaver(flat).serialize();
					if (bytes == null)
						throw new IOException("ImageJ could not encode the TIFF");
					o.write(bytes);
				} else if (!ImageIO.write(flat.getBufferedImage(), "png", o)) {
					throw new IOException("no PNG encoder");
				}
			});
			OutputFiles.write(csv, o -> {
				Writer w = new OutputStreamWriter(o, StandardCharsets.UTF_8);
				try (ResultsCsv table = new ResultsCsv(w)) {
					for (FrameResult r : frames)
						table.write(r);
				}
			});
		} catch (IOException e) {
			// neither output of a failed input stays: the table alone must not pass for a finished input
			java.nio.file.Files.deleteIfExists(annotated);
			throw e;
		}
		String warning = ImageReader.warning(file, imp);
		return String.format(Locale.ROOT, "%d frame(s), %d face(s) -> %s, %s", frames.size(), faces, csv.getFileName(), annotated.getFileName())
				+ (warning == null ? "" : "; warning: " + warning);
	}

	private static ImagePlus flattened(ImagePlus imp) {
		ImagePlus copy = imp.duplicate();
		copy.setOverlay(imp.getOverlay());
		copy.flattenStack();
		return copy;
	}
}
