package org.faceemotion.report;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.faceemotion.core.model.FrameResult;
import org.faceemotion.core.pipeline.FaceEngine;
import org.faceemotion.core.pipeline.ResultsCsv;
import org.faceemotion.io.FrameDrawer;
import org.faceemotion.io.ImageFiles;
import org.faceemotion.io.OutputFiles;
import org.opencv.core.Mat;
import org.opencv.core.MatOfInt;
import org.opencv.imgcodecs.Imgcodecs;

/** One image's or multi-page TIFF's outputs: {@code <stem>.csv} and an annotated copy (PNG, or TIFF for a TIFF). */
public final class ImageJob {
	private ImageJob() {
	}

	public static List<Path> outputs(Path outDir, Path file, String stem) {
		return List.of(outDir.resolve(stem + ".csv"), outDir.resolve(stem + "-annotated" + (ImageFiles.isTiff(file) ? ".tif" : ".png")));
	}

	/** Annotates {@code file} into {@code outDir}; returns a one-line summary. */
	public static String run(Path file, Path outDir, String stem, FaceEngine engine) throws IOException {
		List<Path> outputs = outputs(outDir, file, stem);
		Path csv = outputs.get(0), annotated = outputs.get(1);
		List<Mat> pages = ImageFiles.readPages(file);
		engine.resetTracking();
		List<Mat> drawn = new ArrayList<>();
		int faces = 0;
		Path csvTmp = OutputFiles.temporary(csv), imgTmp = OutputFiles.temporary(annotated);
		try {
			try (Writer w = Files.newBufferedWriter(csvTmp, StandardCharsets.UTF_8); ResultsCsv table = new ResultsCsv(w)) {
				for (int i = 0; i < pages.size(); i++) {
					// no frame interval in a plain TIFF: time_s stays 0; tracking steps one second per page
					FrameResult r = engine.process(file.getFileName().toString(), i, i, pages.get(i));
					FrameResult reported = new FrameResult(r.source, r.frame, 0, r.faces);
					table.write(reported);
					faces += r.faces.size();
					Mat copy = pages.get(i).clone();
					FrameDrawer.draw(copy, reported);
					drawn.add(copy);
				}
			}
			boolean ok = pages.size() > 1 ? Imgcodecs.imwritemulti(imgTmp.toString(), drawn, new MatOfInt())
					: Imgcodecs.imwrite(imgTmp.toString(), drawn.get(0));
			if (!ok)
				throw new IOException(annotated + ": could not write the annotated image");
		} catch (IOException | RuntimeException e) {
			Files.deleteIfExists(csvTmp);
			Files.deleteIfExists(imgTmp);
			throw e;
		} finally {
			pages.forEach(Mat::release);
			drawn.forEach(Mat::release);
		}
		OutputFiles.commit(csvTmp, csv);
		OutputFiles.commit(imgTmp, annotated);
		return String.format(Locale.ROOT, "%d frame(s), %d face(s) -> %s, %s", pages.size(), faces, csv.getFileName(), annotated.getFileName());
	}
}
