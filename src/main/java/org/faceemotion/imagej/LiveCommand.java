package org.faceemotion.imagej;

import java.io.File;

import org.faceemotion.core.detect.DetectorKind;
import org.faceemotion.core.pipeline.EngineConfig;
import org.faceemotion.io.camera.CameraSource;
import org.faceemotion.io.camera.FileFrameSource;
import org.faceemotion.io.camera.FrameSource;
import org.scijava.command.Command;
import org.scijava.command.ContextCommand;
import org.scijava.log.LogService;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

/** Fiji menu entry: the live camera view (or a video file played as a camera). */
@Plugin(type = Command.class, menuPath = "Plugins>Face Emotion>Live")
public final class LiveCommand extends ContextCommand {
	@Parameter(label = "Camera index (-1: first that works)", min = "-1")
	private int camera = -1;
	@Parameter(label = "Or play a video file as camera", required = false, style = "open")
	private File video_file;
	@Parameter(label = "Detector", choices = { "blazeface-full", "blazeface", "haar" })
	private String detector = "blazeface-full";
	@Parameter(required = false)
	private LogService log;

	@Override
	public void run() {
		try {
			LiveStarter.start(camera, video_file, detector);
		} catch (Exception e) {
			cancel(e.getMessage());
			if (log != null)
				log.error(e.getMessage());
		}
	}

	/** Shared by the Fiji command and the ImageJ 1.x plugin. */
	static final class LiveStarter {
		private LiveStarter() {
		}

		static LiveWindow start(int camera, File videoFile, String detector) throws Exception {
			EngineConfig c = new EngineConfig();
			c.detector = DetectorKind.parse(detector);
			FrameSource src = videoFile != null && videoFile.isFile() ? new FileFrameSource(videoFile.toPath(), true, true)
					: CameraSource.open(camera, 0, 0, 0);
			int[] size = src.size();
			LiveWindow w = new LiveWindow(src, c, null, size[0], size[1]);
			w.open();
			return w;
		}
	}
}
