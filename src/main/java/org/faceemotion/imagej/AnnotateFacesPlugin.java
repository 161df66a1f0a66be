package org.faceemotion.imagej;

import java.awt.GraphicsEnvironment;
import java.util.List;

import ij.IJ;
import ij.ImagePlus;
import ij.WindowManager;
import ij.gui.GenericDialog;
import ij.gui.Roi;
import ij.measure.ResultsTable;
import ij.plugin.PlugIn;

import org.faceemotion.core.detect.DetectorKind;
import org.faceemotion.core.model.FrameResult;
import org.faceemotion.core.pipeline.EngineConfig;
import org.faceemotion.core.pipeline.FaceEngine;

/**
 * ImageJ 1.x menu entry (plugins.config) for Annotate Faces: the same parameters as the SciJava
 * command, with macro keys {@code detector}, {@code score_threshold}, {@code min_face_size},
 * {@code test_time_augmentation}, {@code add_to_roi_manager}. Esc cancels a long stack and keeps
 * the frames done.
 */
public final class AnnotateFacesPlugin implements PlugIn {
	@Override
	public void run(String arg) {
		ImagePlus imp = WindowManager.getCurrentImage();
		if (imp == null) {
			IJ.error("Annotate Faces", "No image is open.");
			return;
		}
		GenericDialog gd = new GenericDialog("Annotate Faces");
		gd.addChoice("detector", DetectorKind.ids(), DetectorKind.BLAZEFACE_FULL.id);
		gd.addNumericField("score_threshold", 0.5, 2);
		gd.addNumericField("min_face_size", 12, 0, 6, "pixels");
		gd.addChoice("prior", org.faceemotion.core.classify.Prior.ids(), org.faceemotion.core.classify.Prior.EVERYDAY.id());
		gd.addCheckbox("test_time_augmentation", false);
		gd.addCheckbox("add_to_roi_manager", false);
		gd.showDialog();
		if (gd.wasCanceled())
			return;
		String detector = gd.getNextChoice();
		double score = gd.getNextNumber(), minFace = gd.getNextNumber();
		String prior = gd.getNextChoice();
		boolean tta = gd.getNextBoolean();
		boolean toManager = gd.getNextBoolean();
		List<FrameResult> frames;
		IJ.resetEscape();
		try (org.faceemotion.core.pipeline.EnginePool pool = new org.faceemotion.core.pipeline.EnginePool(EngineConfig.of(detector, score, minFace, tta, prior), 1)) {
			FaceEngine engine = pool.primary();
			IJ.log(new org.faceemotion.batch.Provenance(new org.faceemotion.batch.AnnotateOptions(), engine.config(), engine.classifierInfo(), engine.detectorRuntime()).summary());
			frames = ImageAnnotation.annotate(imp, engine, (done, total) -> IJ.showProgress(done, total), IJ::escapePressed);
		} catch (IllegalArgumentException | IllegalStateException e) {
			IJ.error("Annotate Faces", imp.getTitle() + ": " + e.getMessage());
			return;
		}
		List<Roi> rois = ImageAnnotation.rois(imp, frames);
		ImageAnnotation.addToOverlay(imp, rois);
		boolean headless = GraphicsEnvironment.isHeadless();
		if (toManager && !headless)
			RoiManagers.add(imp, rois);
		ResultsTable rt = ImageAnnotation.table(frames);
		rt.show(ImageAnnotation.TABLE_TITLE);
		if (frames.size() > 1) {
			FaceEmotionReports.summaryTable(frames, imp.getTitle()).show(FaceEmotionReports.SUMMARY_TITLE);
			if (!headless)
				FaceEmotionReports.timeline(frames, imp.getTitle()).show();
		}
		IJ.log(imp.getTitle() + ": " + ImageAnnotation.summary(frames)
				+ (IJ.escapePressed() ? " (cancelled: frames done so far are kept)" : ""));
		IJ.showStatus(imp.getTitle() + ": " + ImageAnnotation.summary(frames));
	}
}
