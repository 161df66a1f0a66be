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
	@Parameter(label = "Events (CSV: onset, duration, label; or a folder of <video>.csv)", style = "both", required = false, persist = false)
	private File events;
	@Parameter(label = "Event window for events without duration (s)", min = "0.1")
	private double event_window = DEFAULTS.eventWindow;
	@Parameter(label = "Baseline window before each event (s)", min = "0")
	private double event_baseline = DEFAULTS.eventBaseline;
	@Parameter(label = "Per-person baseline (empty, neutral, neutral:P or START-END seconds)", required = false, persist = false)
	private String person_baseline = "";
	@Parameter(label = "Quality: smallest face (px)", min = "0")
	private double quality_min_face = DEFAULTS.qualityMinFace;
	@Parameter(label = "Quality: minimum sharpness", min = "0")
	private double quality_min_sharpness = DEFAULTS.qualityMinSharpness;
	@Parameter(label = "Quality: maximum roll (degrees)", min = "1", max = "180")
	private double quality_max_roll = DEFAULTS.qualityMaxRoll;
	@Parameter(label = "Quality: maximum yaw (degrees)", min = "1", max = "90")
	private double quality_max_yaw = DEFAULTS.qualityMaxYaw;
	@Parameter(label = "Count all rows in summaries (not only quality ok)")
	private boolean count_all_rows = DEFAULTS.countAllRows;
	@Parameter(label = "Shortest track not marked short (s)", min = "0")
	private double min_track = DEFAULTS.minTrack;
	@Parameter(label = "Labels (people: what ten taggers see; fer2013: FER-2013's labels)", choices = { "people", "fer2013" })
	private String labels = DEFAULTS.labels;
	@Parameter(label = "Detect faces every Nth frame (3: the default; 1: every frame, slower)", min = "1")
	private int detection_interval = DEFAULTS.detectEvery;
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
		o.events = events == null || events.getPath().isEmpty() ? null : events.getPath();
		o.eventWindow = event_window;
		o.eventBaseline = event_baseline;
		o.baseline = person_baseline == null || person_baseline.isBlank() ? null : person_baseline;
		o.qualityMinFace = quality_min_face;
		o.qualityMinSharpness = quality_min_sharpness;
		o.qualityMaxRoll = quality_max_roll;
		o.qualityMaxYaw = quality_max_yaw;
		o.countAllRows = count_all_rows;
		o.minTrack = min_track;
		o.detectEvery = detection_interval;
		o.labels = labels;
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
