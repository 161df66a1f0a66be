package org.faceemotion.imagej;

import java.util.List;

import ij.ImagePlus;
import ij.gui.Roi;
import ij.measure.ResultsTable;

import org.faceemotion.core.model.FrameResult;
import org.faceemotion.core.pipeline.EngineConfig;
import org.faceemotion.core.pipeline.FaceEngine;
import org.scijava.ItemIO;
import org.scijava.app.StatusService;
import org.scijava.command.Command;
import org.scijava.command.ContextCommand;
import org.scijava.log.LogService;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.scijava.ui.UIService;

/** Fiji menu entry: faces and emotions of the current image, stack or hyperstack as ROIs and a results table. */
@Plugin(type = Command.class, menuPath = "Plugins>Face Emotion>Annotate Faces", headless = true)
public final class AnnotateFacesCommand extends ContextCommand {
	@Parameter
	private ImagePlus imp;
	@Parameter(label = "Detector", choices = { "blazeface-full", "blazeface", "haar", "none" })
	private String detector = "blazeface-full";
	@Parameter(label = "Score threshold", min = "0.05", max = "0.95", stepSize = "0.05")
	private double score_threshold = 0.5;
	@Parameter(label = "Minimum face size (pixels)", min = "0")
	private double min_face_size = 12;
	@Parameter(label = "Prior (everyday: as in everyday images; balanced: posed recordings)", choices = { "everyday", "balanced" })
	private String prior = "everyday";
	@Parameter(label = "Mirror test-time augmentation")
	private boolean test_time_augmentation = false;
	@Parameter(label = "Add to ROI Manager")
	private boolean add_to_roi_manager = false;
	@Parameter(required = false)
	private StatusService status;
	@Parameter(required = false)
	private LogService log;
	@Parameter(required = false)
	private UIService ui;
	@Parameter(type = ItemIO.OUTPUT, label = ImageAnnotation.TABLE_TITLE)
	private ResultsTable results;
	/** Stacks and videos: one row per face id. */
	@Parameter(type = ItemIO.OUTPUT, label = FaceEmotionReports.SUMMARY_TITLE, required = false)
	private ResultsTable summary;
	/** Stacks and videos: the emotion timeline as an ImageJ plot (one lane per face id). */
	@Parameter(type = ItemIO.OUTPUT, label = FaceEmotionReports.TIMELINE_TITLE, required = false)
	private ImagePlus timeline;

	@Override
	public void run() {
		List<FrameResult> frames;
		try (org.faceemotion.core.pipeline.EnginePool pool = new org.faceemotion.core.pipeline.EnginePool(
				EngineConfig.of(detector, score_threshold, min_face_size, test_time_augmentation, prior), 1)) {
			FaceEngine engine = pool.primary();
			if (log != null)
				log.info(new org.faceemotion.batch.Provenance(new org.faceemotion.batch.AnnotateOptions(), engine.config(), engine.classifierInfo(), engine.detectorRuntime()).summary());
			frames = ImageAnnotation.annotate(imp, engine, (done, total) -> {
				if (status != null)
					status.showProgress(done, total);
			}, () -> isCanceled() || Thread.currentThread().isInterrupted());
		} catch (IllegalArgumentException | IllegalStateException e) {
			cancel(imp.getTitle() + ": " + e.getMessage());
			if (log != null)
				log.error(e.getMessage());
			return;
		}
		List<Roi> rois = ImageAnnotation.rois(imp, frames);
		ImageAnnotation.addToOverlay(imp, rois);
		boolean headless = ui == null ? java.awt.GraphicsEnvironment.isHeadless() : ui.isHeadless();
		if (add_to_roi_manager && !headless)
			RoiManagers.add(imp, rois);
		results = ImageAnnotation.table(frames);
		if (frames.size() > 1) {
			summary = FaceEmotionReports.summaryTable(frames, imp.getTitle());
			timeline = FaceEmotionReports.timeline(frames, imp.getTitle()).getImagePlus();
		}
		String line = ImageAnnotation.summary(frames);
		if (log != null)
			log.info(imp.getTitle() + ": " + line);
		if (status != null)
			status.showStatus(imp.getTitle() + ": " + line);
	}
}
