package org.faceemotion.cli;

import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

import org.faceemotion.core.detect.DetectorKind;
import org.faceemotion.core.pipeline.EngineConfig;
import org.faceemotion.core.pipeline.ResultsCsv;
import org.faceemotion.imagej.FaceEmotionImageJ;
import org.faceemotion.imagej.LiveWindow;
import org.faceemotion.core.classify.Prior;
import org.faceemotion.core.pipeline.FrameSource;
import org.faceemotion.live.HeadlessLive;

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
	@Option(names = "--prior", paramLabel = "everyday|balanced", description = "How the seven emotions are weighed (see annotate --help; default: everyday)")
	String prior = "everyday";
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
	@Option(names = "--detect-every", defaultValue = "" + org.faceemotion.core.pipeline.LivePipeline.DEFAULT_DETECT_EVERY,
			description = "Detect faces on every Nth processed frame only and classify the frames between at those boxes, as annotate "
					+ "--detect-every; 1: every frame; photos of an image folder are each detected (default: ${DEFAULT-VALUE}; BENCHMARKS.md)")
	int detectEvery;

	@Override
	public Integer call() throws Exception {
		EngineConfig config = new EngineConfig();
		HeadlessLive.Source src = new HeadlessLive.Source();
		try {
			config.detector = DetectorKind.parse(detector);
			config.prior = Prior.parse(prior);
			config.check();
			org.faceemotion.core.pipeline.LivePipeline.checkDetectEvery(detectEvery);
			if (frames < 0)
				throw new IllegalArgumentException("--frames must be 0 (the whole source) or more, not " + frames);
			if (fps < 0 || Double.isNaN(fps))
				throw new IllegalArgumentException("--fps must be 0 (the camera's own) or more, not " + fps);
			Path csv = record != null ? record : out != null ? out.resolve("live.csv") : null;
			if (csv != null && Files.exists(csv))
				throw new IllegalArgumentException(csv + " exists; not overwritten");
			if (headless && csv == null)
				throw new IllegalArgumentException("--headless needs --out DIR or --record FILE.csv");
			src.camera = source.camera == null ? -1 : source.camera;
			src.file = source.file;
			src.width = width;
			src.height = height;
			src.fps = fps;
			src.loop = loop;
			src.pace = pace;
			if (headless)
				return runHeadless(src, config, csv);
			if (java.awt.GraphicsEnvironment.isHeadless())
				throw new IllegalArgumentException("no display for the live window; use --headless, or run under xvfb-run");
			FrameSource frames = src.open(true);
			FaceEmotionImageJ.open(ij.ImageJ.STANDALONE);
			LiveWindow w = new LiveWindow(frames, config, csv, frames.size()[0], frames.size()[1]);
			w.setDetectEvery(detectEvery);
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

	private int runHeadless(HeadlessLive.Source src, EngineConfig config, Path csv) throws Exception {
		try {
			if (csv.getParent() != null)
				Files.createDirectories(csv.getParent());
		} catch (java.io.IOException e) {
			throw new IllegalArgumentException(csv.getParent() + ": cannot create the output folder (" + org.faceemotion.batch.Failures.reason(e) + ")");
		}
		HeadlessLive.Result r;
		try (Writer w = Files.newBufferedWriter(csv, StandardCharsets.UTF_8); ResultsCsv table = new ResultsCsv(w)) {
			r = HeadlessLive.run(src, config, detectEvery, frames, table, f -> {
			});
		} catch (java.nio.file.AccessDeniedException e) {
			throw new IllegalArgumentException(csv + ": cannot write (permission denied)");
		}
		System.out.println(r.describe() + " -> " + csv);
		if (r.error != null)
			System.err.println("warning: " + r.error);
		System.out.printf(Locale.ROOT, "fps: %.1f%n", r.fps());
		return 0;
	}
}
