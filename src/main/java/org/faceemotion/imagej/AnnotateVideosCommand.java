package org.faceemotion.imagej;

import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.faceemotion.core.pipeline.EngineConfig;
import org.faceemotion.io.video.VideoAnnotator;
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
	@Parameter(label = "Videos (files or folders)", style = "both")
	private File[] input;
	@Parameter(label = "Output folder", style = "directory")
	private File output_folder;
	@Parameter(label = "Detector", choices = { "blazeface-full", "blazeface", "haar", "none" })
	private String detector = "blazeface-full";
	@Parameter(label = "Score threshold", min = "0.05", max = "0.95", stepSize = "0.05")
	private double score_threshold = 0.5;
	@Parameter(label = "Process every Nth frame", min = "1")
	private int every = 1;
	@Parameter(label = "Write annotated video")
	private boolean annotated_video = false;
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
		VideoAnnotator.Options o = new VideoAnnotator.Options();
		o.every = every;
		o.annotatedVideo = annotated_video;
		try {
			List<Path> inputs = new ArrayList<>();
			for (File f : input)
				inputs.add(f.toPath());
			Path out = output_folder.toPath();
			List<Path> done = VideoBatchRunner.run(inputs, out,
					EngineConfig.of(detector, score_threshold, 12, false), o, resume, (i, n, frac) -> {
						if (status != null)
							status.showProgress((int) Math.round(1000 * (i + frac)), 1000 * n);
					}, () -> isCanceled() || Thread.currentThread().isInterrupted(), m -> {
						if (log != null)
							log.info(m);
					});
			boolean headless = ui == null || ui.isHeadless();
			if (!done.isEmpty() && !headless)
				VideoBatchRunner.showFirst(out, done.get(0));
		} catch (java.io.IOException | IllegalArgumentException e) {
			cancel(e.getMessage());
			if (log != null)
				log.error(e.getMessage());
		}
	}
}
