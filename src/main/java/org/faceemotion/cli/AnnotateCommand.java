package org.faceemotion.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

import org.faceemotion.core.pipeline.EngineConfig;
import org.faceemotion.core.pipeline.FaceEngine;
import org.faceemotion.io.video.FfmpegVideoSource;
import org.faceemotion.io.video.VideoAnnotator;
import org.faceemotion.io.video.VideoFiles;
import org.faceemotion.report.AnnotateSettings;
import org.faceemotion.report.BatchRunner;
import org.faceemotion.imagej.ImageFileJob;
import org.faceemotion.report.VideoJob;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "annotate", mixinStandardHelpOptions = true,
		description = "Find faces and their emotions in images, multi-page TIFF stacks and videos (files or folders); write <name>.csv and an annotated copy (images), or <name>.csv, <name>-summary.csv and <name>-timeline.png (videos) per input.")
public final class AnnotateCommand implements Callable<Integer> {
	@Parameters(arity = "1..*", paramLabel = "INPUT", description = "Image files (png, jpg, tif), multi-page TIFF stacks, video files (mp4, mov, mkv, webm, avi, ...), or folders of them")
	List<Path> inputs;
	@Option(names = "--out", required = true, description = "Output folder")
	Path out;
	@Mixin
	AnnotateSettings options;

	@Override
	public Integer call() {
		EngineConfig config;
		try {
			config = options.check().engineConfig();
			if (Files.exists(out) && !Files.isDirectory(out))
				throw new IllegalArgumentException("--out " + out + ": is a file, not a folder");
		} catch (IllegalArgumentException e) {
			System.err.println("error: " + e.getMessage());
			return 2;
		}
		BatchRunner.Settings settings = options.batch(out);
		BatchRunner.Plan plan = BatchRunner.plan(inputs, settings);
		List<Path> files = new ArrayList<>();
		plan.items.forEach(i -> files.add(i.input));
		BatchRunner.Result r;
		// the videos are probed (FFmpeg's libraries load) while the models load
		java.util.concurrent.FutureTask<Double> seconds = new java.util.concurrent.FutureTask<>(() -> totalVideoSeconds(files));
		Thread probe = new Thread(seconds, "probe-videos");
		probe.setDaemon(true);
		probe.start();
		try (FaceEngine engine = new FaceEngine(config)) {
			if (plan.items.stream().anyMatch(i -> i.video))
				engine.readyForVideo(options.videoOptions().workers); // while the videos are probed
			ProgressBar bar = new ProgressBar(System.out, totalSeconds(seconds));
			r = BatchRunner.run(plan, settings,
					item -> item.video ? annotateVideo(engine, item.input, item.stem, bar)
							: ImageFileJob.run(item.input, item.outputs.get(0), item.outputs.get(1), engine),
					() -> false, m -> (m.startsWith("  failed: ") || m.startsWith("refused: ") ? System.err : System.out).println(m));
		} catch (IOException e) {
			System.err.println("error: " + e.getMessage());
			return 2;
		}
		int finished = r.done.size() + r.complete.size();
		System.out.printf(Locale.ROOT, "%d of %d input(s) annotated into %s%s%n", finished, finished + r.failed.size(), out,
				r.complete.isEmpty() ? "" : " (" + r.complete.size() + " complete from an earlier run)");
		if (!r.skipped.isEmpty()) {
			System.err.println(r.skipped.size() + " file(s) or folder(s) left out:");
			r.skipped.forEach(m -> System.err.println("  " + m));
		}
		if (!r.failed.isEmpty()) {
			System.err.println(r.failed.size() + " input(s) failed:");
			r.failed.forEach(m -> System.err.println("  " + m));
			return 1;
		}
		return 0;
	}

	private static double totalSeconds(java.util.concurrent.FutureTask<Double> seconds) {
		try {
			return seconds.get();
		} catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			return 0;
		} catch (java.util.concurrent.ExecutionException e) {
			return 0; // each file's problem is reported when its turn comes
		}
	}

	private static double totalVideoSeconds(List<Path> files) {
		double total = 0;
		for (Path f : files) {
			if (!VideoFiles.isVideo(f))
				continue;
			try (FfmpegVideoSource s = new FfmpegVideoSource(f, 0, Double.POSITIVE_INFINITY, 1)) {
				total += s.durationSec();
			} catch (RuntimeException e) {
				// reported when the file's turn comes
			}
		}
		return total;
	}

	private String annotateVideo(FaceEngine engine, Path file, String stem, ProgressBar bar) throws IOException {
		VideoAnnotator.Options o = options.videoOptions();
		bar.startFile(file.getFileName().toString());
		VideoAnnotator.Result r = VideoJob.run(file, out, stem, engine, o,
				(frames, t, duration) -> bar.update(frames, t - options.start, duration, false), () -> false);
		bar.update(r.frames, r.durationSec, r.durationSec, true);
		bar.finishFile(r.durationSec);
		if (r.warning != null)
			System.err.println("  warning: " + r.warning + "; the frames before it are in the outputs");
		return AnnotateSettings.describe(r);
	}
}
