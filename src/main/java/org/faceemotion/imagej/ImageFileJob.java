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
import ij.gui.Roi;

import org.faceemotion.core.model.FrameResult;
import org.faceemotion.core.pipeline.FaceEngine;
import org.faceemotion.core.pipeline.ResultsCsv;
import org.faceemotion.io.OutputFiles;
import org.opencv.core.Mat;

/**
 * One image file of a batch, opened ({@link ImageReader}) and annotated exactly as Fiji's Annotate
 * Faces does it: the same frame loop, the same ROIs (a colour JPEG from a native frame, its copy
 * drawn in strips: {@link OverlayStrips}). Writes {@code <stem>.csv} and the annotated
 * copy (the overlay burnt in; PNG, or TIFF for a stack), each whole or not at all: written under a
 * temporary name, flushed to the disk, renamed; a failed write (a full disk) fails the input and
 * leaves nothing under the final names.
 */
public final class ImageFileJob {
	private ImageFileJob() {
	}

	public static String run(Path file, Path csv, Path annotated, FaceEngine engine) throws IOException {
		boolean png = annotated.getFileName().toString().endsWith(".png");
		Mat bgr = png ? ImageReader.openBgr(file) : null;
		if (bgr != null) {
			try {
				// a colour JPEG: analysed and drawn from the one native frame, never as an ImagePlus
				List<FrameResult> frames = List.of(ImageAnnotation.annotate(bgr, file.getFileName().toString(), engine));
				List<Roi> rois = ImageAnnotation.rois(bgr.cols(), bgr.rows(), (roi, frame) -> {
				}, frames);
				writeOutputs(csv, annotated, frames, o -> OverlayStrips.writePng(bgr, rois, o));
				return summary(frames, csv, annotated, null);
			} finally {
				bgr.release();
			}
		}
		ImagePlus imp = ImageReader.open(file);
		List<FrameResult> frames = ImageAnnotation.annotate(imp, engine, (d, t) -> {
		}, () -> false);
		ImageAnnotation.addToOverlay(imp, ImageAnnotation.rois(imp, frames));
		boolean tiff = annotated.getFileName().toString().endsWith(".tif");
		ImagePlus flat = tiff && imp.getStackSize() > 1 ? flattened(imp) : tiff ? imp.flatten() : drawnInPlace(imp);
		writeOutputs(csv, annotated, frames, o -> {
			if (tiff) {
				byte[] bytes = new FileSaver(flat).serialize();
				if (bytes == null)
					throw new IOException("ImageJ could not encode the TIFF");
				o.write(bytes);
			} else if (!ImageIO.write(OverlayStrips.sharing((int[]) flat.getProcessor().getPixels(), flat.getWidth(), flat.getHeight()), "png", o)) {
				throw new IOException("no PNG encoder");
			}
		});
		return summary(frames, csv, annotated, ImageReader.warning(file, imp));
	}

	private static String summary(List<FrameResult> frames, Path csv, Path annotated, String warning) {
		int faces = frames.stream().mapToInt(r -> r.faces.size()).sum();
		return String.format(Locale.ROOT, "%d frame(s), %d face(s) -> %s, %s", frames.size(), faces, csv.getFileName(), annotated.getFileName())
				+ (warning == null ? "" : "; warning: " + warning);
	}

	/** The annotated copy, then the table, each whole or not at all; when either fails, neither stays. */
	private static void writeOutputs(Path csv, Path annotated, List<FrameResult> frames, OutputFiles.Content image) throws IOException {
		try {
			OutputFiles.write(annotated, image);
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
	}

	/**
	 * A single image's overlay burnt into its own pixels (RGB; an 8/16/32-bit image is converted
	 * once): no flattened copy beside the original, which for a 100-megapixel photo is 400 MB.
	 */
	private static ImagePlus drawnInPlace(ImagePlus imp) {
		ImagePlus rgb = imp;
		if (imp.getBitDepth() != 24) {
			// as ImageJ's flatten shows it: the display range and LUT applied
			rgb = new ImagePlus(imp.getTitle(), imp.getProcessor().convertToRGB());
			imp.setProcessor(rgb.getProcessor()); // the original pixels are not needed any more
		}
		rgb.getProcessor().drawOverlay(imp.getOverlay());
		return rgb;
	}

	private static ImagePlus flattened(ImagePlus imp) {
		ImagePlus copy = imp.duplicate();
		copy.setOverlay(imp.getOverlay());
		copy.flattenStack();
		return copy;
	}
}
