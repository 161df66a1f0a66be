package org.faceemotion.imagej;

import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.faceemotion.batch.AnnotateOptions;
import org.faceemotion.batch.Item;
import org.faceemotion.batch.Logger;
import org.faceemotion.core.classify.Prior;
import org.faceemotion.core.detect.DetectorKind;
import org.scijava.app.StatusService;
import org.scijava.command.Command;
import org.scijava.command.ContextCommand;
import org.scijava.log.LogService;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.scijava.ui.UIService;

/** Fiji menu entry: annotate video files (or a folder of them) into an output folder; cancellable, keeps finished videos. */
@Plugin(type = Command.class, menuPath = "Plugins>Face Emotion>Annotate Videos...", headless = true)
public final class AnnotateVideosCommand extends ContextCommand {
	private static final AnnotateOptions DEFAULTS = new AnnotateOptions();

	@Parameter(label = "Videos (files or folders)", style = "both")
	private File[] input;
	@Parameter(label = "Output folder", style = "directory")
	private File output_folder;
	@Parameter(label = "Detector", choices = { "blazeface-full", "blazeface", "haar", "none" })
	private String detector = DEFAULTS.detector;
	@Parameter(label = "Score threshold", min = "0.05", max = "0.95", stepSize = "0.05")
	private double score_threshold = DEFAULTS.scoreThreshold;
	@Parameter(label = "Minimum face size (pixels)", min = "0")
	private double min_face_size = DEFAULTS.minFace;
	@Parameter(label = "Prior (everyday: as in everyday images; balanced: posed recordings)", choices = { "everyday", "balanced" })
	private String prior = DEFAULTS.prior;
	@Parameter(label = "Process every Nth frame", min = "1")
	private int every = DEFAULTS.every;
	@Parameter(label = "Write annotated video")
	private boolean annotated_video = DEFAULTS.annotatedVideo;
	@Parameter(label = "Resume (skip finished videos)")
	private boolean resume = true;
	@Parameter(required = false)
	private StatusService status;
	@Parameter(required = false)
	private LogService log;
	@Parameter(required = false)
	private UIService ui;


	@Override
	public void run() {
		AnnotateOptions o = new AnnotateOptions();
		o.detector = detector;
		o.scoreThreshold = score_threshold;
		o.minFace = min_face_size;
		o.prior = prior;
		o.every = every;
		o.annotatedVideo = annotated_video;
		o.resume = resume;
		try {
			List<Path> inputs = new ArrayList<>();
			for (File f : input)
				inputs.add(f.toPath());
			Path out = output_folder.toPath();
			Logger logger = Logger.of(m -> {
				if (log != null)
					log.info(m);
			}, m -> {
				if (log != null)
					log.warn(m);
			}, f -> {
				if (status != null)
					status.showProgress((int) Math.round(1000 * f), 1000);
			});
			List<Item> done = AnnotateVideos.run(inputs, out, o, () -> isCanceled() || Thread.currentThread().isInterrupted(), logger);
			boolean headless = ui == null || ui.isHeadless();
			if (!done.isEmpty() && !headless)
				AnnotateVideos.showFirst(out, done.get(0));
		} catch (java.io.IOException | IllegalArgumentException e) {
			cancel(e.getMessage());
			if (log != null)
				log.error(e.getMessage());
		}
	}
}
