package org.faceemotion.imagej;

import java.io.File;
import java.util.ArrayList;
import java.util.List;

import ij.measure.ResultsTable;

import org.faceemotion.core.classify.Prior;
import org.faceemotion.core.detect.DetectorKind;
import org.faceemotion.core.model.FrameResult;
import org.faceemotion.core.pipeline.EngineConfig;
import org.faceemotion.core.pipeline.FrameSource;
import org.faceemotion.live.HeadlessLive;
import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.command.ContextCommand;
import org.scijava.log.LogService;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.scijava.ui.UIService;

/**
 * Fiji menu entry: the live camera view (or a video file or image folder played as a camera).
 * Without a display (headless Fiji, a macro on a server) it processes the source without a
 * window, up to {@code max_frames}, and returns the results table.
 */
@Plugin(type = Command.class, menuPath = "Plugins>Face Emotion>Live", headless = true)
public final class LiveViewCommand extends ContextCommand {
	@Parameter(label = "Camera index (-1: first that works)", min = "-1")
	private int camera = -1;
	@Parameter(label = "Or play a video file or image folder as camera", required = false, style = "open")
	private File video_file;
	@Parameter(label = "Detector", choices = { "blazeface-full", "blazeface", "haar", "none" })
	private String detector = DetectorKind.BLAZEFACE_FULL.id;
	@Parameter(label = "Prior (everyday: as in everyday images; balanced: posed recordings)", choices = { "everyday", "balanced" })
	private String prior = Prior.EVERYDAY.id();
	@Parameter(label = "Without a display: stop after N frames (0: end of the file)", min = "0", required = false)
	private long max_frames = 0;
	@Parameter(label = "Detect faces on every Nth frame (1: every frame; more: faster, see BENCHMARKS.md)", min = "1", required = false,
			persist = false)
	private int detection_interval = org.faceemotion.core.pipeline.LivePipeline.DEFAULT_DETECT_EVERY;
	@Parameter(required = false)
	private LogService log;
	@Parameter(required = false)
	private UIService ui;
	@Parameter(type = ItemIO.OUTPUT, label = ImageAnnotation.TABLE_TITLE, required = false)
	private ResultsTable results;


	@Override
	public void run() {
		try {
			boolean headless = ui != null ? ui.isHeadless() : java.awt.GraphicsEnvironment.isHeadless();
			if (headless) {
				List<FrameResult> frames = new ArrayList<>();
				String summary = runHeadless(camera, video_file, detector, prior, detection_interval, max_frames, frames);
				results = ImageAnnotation.table(frames);
				if (log != null)
					log.info(summary);
			} else {
				start(camera, video_file, detector, prior, detection_interval);
			}
		} catch (Exception e) {
			cancel(e.getMessage());
			if (log != null)
				log.error(e.getMessage());
		}
	}

	static HeadlessLive.Source source(int camera, File videoFile) {
		HeadlessLive.Source s = new HeadlessLive.Source();
		s.camera = camera;
		s.file = videoFile == null ? null : videoFile.toPath();
		return s;
	}

	static EngineConfig config(String detector, String prior) {
		EngineConfig c = new EngineConfig();
		c.detector = DetectorKind.parse(detector);
		c.prior = Prior.parse(prior);
		return c.check();
	}

	/** The live window (Fiji and ImageJ 1.x). */
	static LiveWindow start(int camera, File videoFile, String detector, String prior, int detectEvery) throws Exception {
		EngineConfig c = config(detector, prior);
		FrameSource src = source(camera, videoFile).open(true);
		int[] size = src.size();
		LiveWindow w = new LiveWindow(src, c, null, size[0], size[1]);
		w.setDetectEvery(detectEvery);
		w.open();
		return w;
	}

	/** Every frame of a file or folder (none dropped), or {@code maxFrames} of a camera, into {@code frames}; returns the Log's line. */
	static String runHeadless(int camera, File videoFile, String detector, String prior, int detectEvery, long maxFrames,
			List<FrameResult> frames) throws Exception {
		HeadlessLive.Result r = HeadlessLive.run(source(camera, videoFile), config(detector, prior), detectEvery, maxFrames, null, f -> {
			synchronized (frames) {
				frames.add(f);
			}
		});
		return "Face Emotion Live (no display): " + r.describe() + "; " + ImageAnnotation.summary(frames);
	}
}
