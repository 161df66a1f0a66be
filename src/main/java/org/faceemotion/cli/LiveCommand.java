package org.faceemotion.cli;

import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;

import org.faceemotion.core.detect.DetectorKind;
import org.faceemotion.core.pipeline.EngineConfig;
import org.faceemotion.core.pipeline.FaceEngine;
import org.faceemotion.core.pipeline.LivePipeline;
import org.faceemotion.core.pipeline.ResultsCsv;
import org.faceemotion.imagej.FaceEmotionImageJ;
import org.faceemotion.imagej.LiveWindow;
import org.faceemotion.io.camera.CameraSource;
import org.faceemotion.io.camera.FileFrameSource;
import org.faceemotion.core.pipeline.FrameSource;
import org.faceemotion.io.camera.ImageSequenceSource;

import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "live", mixinStandardHelpOptions = true,
		description = "Live view of a camera (or a video file played as one) with emotion overlays; --headless runs without a window and prints the throughput.")
public final class LiveCommand implements Callable<Integer> {
	static final class Source {
		@Option(names = "--camera", description = "Camera index (default: the first that works of 0..3)")
		Integer camera;
		@Option(names = "--source", description = "A video file, or a folder of images, played as if it were a camera")
		Path file;
	}

	@ArgGroup(exclusive = true)
	Source source = new Source();
	@Option(names = "--detector", defaultValue = "blazeface-full", description = "blazeface-full (default), blazeface (close faces, fastest), haar")
	String detector;
	@Option(names = "--record", description = "Record the results table to this CSV (never overwritten)")
	Path record;
	@Option(names = "--width", defaultValue = "0", description = "Requested camera width")
	int width;
	@Option(names = "--height", defaultValue = "0", description = "Requested camera height")
	int height;
	@Option(names = "--fps", defaultValue = "0", description = "Requested camera frame rate; frame rate of an image folder (default 25)")
	double fps;
	@Option(names = "--loop", description = "Loop a file source")
	boolean loop;
	@Option(names = "--pace", description = "Headless: play a file source at its own frame rate (frames are then dropped when inference is slower)")
	boolean pace;
	@Option(names = "--headless", description = "No window: process frames, write the CSV, print 'fps: NN.N'")
	boolean headless;
	@Option(names = "--frames", defaultValue = "0", description = "Headless: stop after this many processed frames (0: the end of the source)")
	long frames;
	@Option(names = "--out", description = "Headless: output folder for live.csv")
	Path out;

	@Override
	public Integer call() throws Exception {
		EngineConfig config = new EngineConfig();
		FrameSource src;
		try {
			config.detector = DetectorKind.parse(detector);
			config.check();
			if (frames < 0)
				throw new IllegalArgumentException("--frames must be 0 (the whole source) or more, not " + frames);
			if (fps < 0 || Double.isNaN(fps))
				throw new IllegalArgumentException("--fps must be 0 (the camera's own) or more, not " + fps);
			Path csv = record != null ? record : out != null ? out.resolve("live.csv") : null;
			if (csv != null && Files.exists(csv))
				throw new IllegalArgumentException(csv + " exists; not overwritten");
			if (headless && csv == null)
				throw new IllegalArgumentException("--headless needs --out DIR or --record FILE.csv");
			boolean paced = !headless || pace;
			src = source.file == null ? CameraSource.open(source.camera == null ? -1 : source.camera, width, height, fps)
					: Files.isDirectory(source.file) ? new ImageSequenceSource(source.file, fps > 0 ? fps : 25, paced, loop)
					: new FileFrameSource(source.file, paced, loop);
			if (headless)
				return runHeadless(src, config, csv);
			if (java.awt.GraphicsEnvironment.isHeadless()) {
				src.close();
				throw new IllegalArgumentException("no display for the live window; use --headless, or run under xvfb-run");
			}
			FaceEmotionImageJ.open(ij.ImageJ.STANDALONE);
			LiveWindow w = new LiveWindow(src, config, csv, src.size()[0], src.size()[1]);
			w.open();
			Runtime.getRuntime().addShutdownHook(new Thread(w::stop, "live-stop-on-exit")); // Ctrl-C keeps whole rows
			while (!w.isStopped())
				Thread.sleep(200);
			return 0;
		} catch (IllegalArgumentException | IllegalStateException | org.faceemotion.io.video.VideoDecodeException e) {
			System.err.println("error: " + e.getMessage());
			return 2;
		}
	}


	private int runHeadless(FrameSource src, EngineConfig config, Path csv) throws Exception {
		if (csv.getParent() != null)
			Files.createDirectories(csv.getParent());
		AtomicLong faces = new AtomicLong();
		long t0;
		LivePipeline p;
		try (FaceEngine engine = new FaceEngine(config); Writer w = Files.newBufferedWriter(csv, StandardCharsets.UTF_8);
				ResultsCsv table = new ResultsCsv(w)) {
			p = new LivePipeline(src, engine, pace);
			p.record(table);
			p.setMaxFrames(frames);
			t0 = System.nanoTime();
			// Ctrl-C: stop and flush, so the CSV ends with whole rows
			LivePipeline running = p;
			Thread onExit = new Thread(running::stop, "live-stop-on-exit");
			Runtime.getRuntime().addShutdownHook(onExit);
			p.start(null, u -> faces.addAndGet(u.result.faces.size()));
			p.await(Long.MAX_VALUE);
			p.stop();
			try {
				Runtime.getRuntime().removeShutdownHook(onExit);
			} catch (IllegalStateException e) {
				// exiting already
			}
		}
		double sec = (System.nanoTime() - t0) / 1e9;
		System.out.printf(Locale.ROOT, "%d frames, %d faces, %d dropped, %.2f s -> %s%n", p.processed(), faces.get(), p.dropped(), sec, csv);
		if (p.error() != null)
			System.err.println("warning: " + p.error());
		System.out.printf(Locale.ROOT, "fps: %.1f%n", p.processed() / sec);
		return 0;
	}
}
