package org.faceemotion.imagej;

import java.awt.Color;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.BooleanSupplier;
import java.util.function.IntFunction;
import java.util.function.ObjIntConsumer;

import ij.ImagePlus;
import ij.gui.Overlay;
import ij.gui.Roi;
import ij.measure.ResultsTable;

import org.faceemotion.core.model.Emotion;
import org.faceemotion.core.model.FaceResult;
import org.faceemotion.core.model.FrameResult;
import org.faceemotion.core.pipeline.FaceEngine;
import org.faceemotion.core.pipeline.ResultsCsv;
import org.opencv.core.Mat;

/** Runs the engine over an ImagePlus and publishes the results as ROIs and a results table; shared by the SciJava command and the IJ1 plugin. */
public final class ImageAnnotation {
	public static final String TABLE_TITLE = "Face Emotion Results";

	/** Progress callback: frames done of total. */
	public interface Progress {
		void update(int done, int total);
	}

	private ImageAnnotation() {
	}

	/** Every frame of {@code imp} through {@code engine}; stops early (keeping what is done) when {@code cancelled} says so. */
	public static List<FrameResult> annotate(ImagePlus imp, FaceEngine engine, Progress progress, BooleanSupplier cancelled) {
		ImagePlusFrames frames = new ImagePlusFrames(imp);
		return annotate(frames::bgr, frames.count(), frames.frameInterval(), imp.getTitle(), engine, progress, cancelled);
	}

	/** A single photo already decoded as the engine's BGR frame (a large JPEG, never an ImagePlus), through the same loop. */
	public static FrameResult annotate(Mat bgr, String source, FaceEngine engine) {
		return annotate(i -> bgr, 1, 0, source, engine, (d, t) -> {
		}, () -> false).get(0);
	}

	private static List<FrameResult> annotate(IntFunction<Mat> frames, int n, double interval, String source, FaceEngine engine,
			Progress progress, BooleanSupplier cancelled) {
		engine.resetTracking();
		List<FrameResult> results = new ArrayList<>();
		// a single photo is searched in tiles too (small faces in group photos); stacks and videos are not
		engine.setStillImages(n == 1);
		try {
			annotateFrames(frames, engine, source, interval, n, results, progress, cancelled);
		} finally {
			engine.setStillImages(false);
		}
		return results;
	}

	private static void annotateFrames(IntFunction<Mat> frames, FaceEngine engine, String source, double interval, int n,
			List<FrameResult> results, Progress progress, BooleanSupplier cancelled) {
		for (int i = 0; i < n; i++) {
			if (cancelled.getAsBoolean())
				break;
			// without a known interval, time_s is 0 and tracking steps one second per frame
			double trackTime = interval > 0 ? i * interval : i;
			FrameResult r = engine.process(source, i, trackTime, frames.apply(i));
			results.add(new FrameResult(source, i, interval > 0 ? i * interval : 0, r.faces));
			progress.update(i + 1, n);
		}
	}

	public static String roiName(FaceResult f) {
		return String.format(Locale.ROOT, "face %d: %s %.2f", f.faceId, f.smoothedEmotion().label(), f.smoothed[f.smoothedEmotion().ordinal()]);
	}

	public static Color color(Emotion e) {
		return new Color(e.rgb());
	}

	/** One named, coloured rectangle per face, positioned on its frame. */
	public static List<Roi> rois(ImagePlus imp, List<FrameResult> results) {
		return rois(imp.getWidth(), imp.getHeight(), new ImagePlusFrames(imp)::position, results);
	}

	/** The same ROIs for an image of {@code width x height} pixels, each placed on its frame by {@code position}. */
	public static List<Roi> rois(int width, int height, ObjIntConsumer<Roi> position, List<FrameResult> results) {
		List<Roi> rois = new ArrayList<>();
		int font = labelFont(width, height).getSize();
		for (FrameResult fr : results) {
			for (FaceResult f : fr.faces) {
				Roi roi = new FaceRoi(f.box.x, f.box.y, f.box.width, f.box.height, font);
				roi.setName(roiName(f));
				roi.setStrokeColor(color(f.smoothedEmotion()));
				roi.setStrokeWidth(Math.max(1, Math.round(Math.max(width, height) / 400.0)));
				position.accept(roi, fr.frame);
				rois.add(roi);
			}
		}
		return rois;
	}

	/** Replaces earlier face ROIs of this plugin in the image's overlay with the new ones. */
	public static void addToOverlay(ImagePlus imp, List<Roi> rois) {
		Overlay ov = imp.getOverlay() == null ? new Overlay() : imp.getOverlay();
		for (Roi r : ov.toArray())
			if (r.getName() != null && r.getName().startsWith("face "))
				ov.remove(r);
		for (Roi r : rois)
			ov.add(r);
		// each FaceRoi draws its name above its box on the emotion's colour; ImageJ's own centred labels would overlap
		ov.drawLabels(false);
		imp.setOverlay(ov);
	}

	/** A bold label font that stays readable on large images (about 1/60 of the larger side, at least 12 pixels). */
	static java.awt.Font labelFont(ImagePlus imp) {
		return labelFont(imp.getWidth(), imp.getHeight());
	}

	static java.awt.Font labelFont(int width, int height) {
		int size = (int) Math.max(12, Math.round(Math.max(width, height) / 60.0));
		return new java.awt.Font(java.awt.Font.SANS_SERIF, java.awt.Font.BOLD, size);
	}

	public static ResultsTable table(List<FrameResult> results) {
		ResultsTable rt = new ResultsTable();
		rt.showRowNumbers(false);
		for (FrameResult fr : results) {
			for (FaceResult f : fr.faces) {
				rt.incrementCounter();
				List<Object> row = ResultsCsv.row(fr, f);
				for (int c = 0; c < row.size(); c++) {
					Object v = row.get(c);
					String col = ResultsCsv.COLUMNS.get(c);
					if (v instanceof Number)
						rt.addValue(col, ((Number) v).doubleValue());
					else
						rt.addValue(col, String.valueOf(v));
				}
			}
		}
		return rt;
	}

	/** Frames, faces, faces per frame and the count of each (smoothed) emotion, in one line. */
	public static String summary(List<FrameResult> results) {
		int faces = 0;
		int[] counts = new int[Emotion.COUNT];
		for (FrameResult fr : results)
			for (FaceResult f : fr.faces) {
				faces++;
				counts[f.smoothedEmotion().ordinal()]++;
			}
		StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "%d frame(s), %d face(s), %.2f per frame", results.size(),
				faces, results.isEmpty() ? 0.0 : faces / (double) results.size()));
		for (Emotion e : Emotion.values())
			if (counts[e.ordinal()] > 0)
				sb.append(", ").append(e.label()).append(' ').append(counts[e.ordinal()]);
		return sb.toString();
	}
}
