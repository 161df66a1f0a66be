package org.faceemotion.imagej;

import java.io.File;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import ij.measure.ResultsTable;

import org.faceemotion.core.detect.DetectorKind;
import org.faceemotion.core.model.FrameResult;
import org.faceemotion.core.pipeline.EngineConfig;
import org.faceemotion.core.pipeline.FaceEngine;
import org.faceemotion.core.pipeline.LivePipeline;
import org.faceemotion.io.camera.CameraSource;
import org.faceemotion.io.camera.FileFrameSource;
import org.faceemotion.core.pipeline.FrameSource;
import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.command.ContextCommand;
import org.scijava.log.LogService;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.scijava.ui.UIService;

/**
 * Fiji menu entry: the live camera view (or a video file played as a camera). Without a display
 * (headless Fiji, a macro on a server) it processes the source without a window, up to
 * {@code max_frames}, and returns the results table.
 */
@Plugin(type = Command.class, menuPath = "Plugins>Face Emotion>Live", headless = true)
public final class LiveCommand extends ContextCommand {
	@Parameter(label = "Camera index (-1: first that works)", min = "-1")
	private int camera = -1;
	@Parameter(label = "Or play a video file as camera", required = false, style = "open")
	private File video_file;
	@Parameter(label = "Detector", choices = { "blazeface-full", "blazeface", "haar", "none" })
	private String detector = "blazeface-full";
	@Parameter(label = "Without a display: stop after N frames (0: end of the file)", min = "0", required = false)
	private long max_frames = 0;
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
				Headless h = LiveStarter.runHeadless(camera, video_file, detector, max_frames);
				results = ImageAnnotation.table(h.frames);
				if (log != null)
					log.info(h.summary());
			} else {
				LiveStarter.start(camera, video_file, detector);
			}
		} catch (Exception e) {
			cancel(e.getMessage());
			if (log != null)
				log.error(e.getMessage());
		}
	}

	/** What a run without a window processed. */
	static final class Headless {
		final List<FrameResult> frames = new ArrayList<>();
		long dropped;
		double seconds;
		String error;

		String summary() {
			return String.format(Locale.ROOT, "Face Emotion Live (no display): %d frames in %.2f s (%.1f fps), %d dropped%s; %s",
					frames.size(), seconds, frames.size() / Math.max(1e-9, seconds), dropped, error == null ? "" : ", stopped: " + error,
					ImageAnnotation.summary(frames));
		}
	}

	/** Shared by the Fiji command and the ImageJ 1.x plugin. */
	static final class LiveStarter {
		private LiveStarter() {
		}

		static FrameSource open(int camera, File videoFile, boolean paced) throws Exception {
			if (videoFile != null && !videoFile.isFile())
				throw new IllegalArgumentException(videoFile + ": no such video file");
			return videoFile != null ? new FileFrameSource(videoFile.toPath(), paced, paced) : CameraSource.open(camera, 0, 0, 0);
		}

		static LiveWindow start(int camera, File videoFile, String detector) throws Exception {
			EngineConfig c = new EngineConfig();
			c.detector = DetectorKind.parse(detector);
			FrameSource src = open(camera, videoFile, true);
			int[] size = src.size();
			LiveWindow w = new LiveWindow(src, c, null, size[0], size[1]);
			w.open();
			return w;
		}

		/** Every frame of the source (a file is read as fast as inference goes, none dropped) up to {@code maxFrames}. */
		static Headless runHeadless(int camera, File videoFile, String detector, long maxFrames) throws Exception {
			if (videoFile == null && maxFrames <= 0)
				throw new IllegalArgumentException("without a display, a camera needs a number of frames to stop after (max_frames)");
			EngineConfig c = new EngineConfig();
			c.detector = DetectorKind.parse(detector);
			Headless h = new Headless();
			FrameSource src = open(camera, videoFile, false);
			long t0 = System.nanoTime();
			try (FaceEngine engine = new FaceEngine(c); LivePipeline p = new LivePipeline(src, engine, videoFile == null)) {
				p.setMaxFrames(maxFrames);
				p.start(null, u -> {
					synchronized (h.frames) {
						h.frames.add(u.result);
					}
				});
				p.await(Long.MAX_VALUE);
				p.stop();
				h.dropped = p.dropped();
				h.error = p.error();
			}
			h.seconds = (System.nanoTime() - t0) / 1e9;
			return h;
		}
	}
}
