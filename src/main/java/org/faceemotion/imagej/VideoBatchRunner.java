package org.faceemotion.imagej;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

import ij.IJ;
import ij.measure.ResultsTable;

import org.faceemotion.core.pipeline.EngineConfig;
import org.faceemotion.core.pipeline.FaceEngine;
import org.faceemotion.io.OutputFiles;
import org.faceemotion.io.video.VideoAnnotator;
import org.faceemotion.report.BatchRunner;
import org.faceemotion.report.VideoJob;

/** Annotate Videos in Fiji and ImageJ 1.x: a batch of files or a folder into an output folder, reporting and skipping bad files. */
public final class VideoBatchRunner {
	/** Progress over the whole batch: file index, fraction of that file done. */
	public interface Progress {
		void update(int file, int files, double fraction);
	}

	private VideoBatchRunner() {
	}

	/**
	 * Runs every video of {@code inputs} (files or folders) through the batch loop the command line
	 * uses; returns the finished ones (complete-from-earlier included), logging skipped and failed
	 * inputs through {@code log}. With {@code resume} finished videos are skipped; without it,
	 * earlier outputs are never replaced (the video is reported instead).
	 */
	public static List<Path> run(List<Path> inputs, Path outDir, EngineConfig config, VideoAnnotator.Options options,
			boolean resume, Progress progress, BooleanSupplier cancelled, Consumer<String> log) throws IOException {
		BatchRunner.Settings s = new BatchRunner.Settings();
		s.out = outDir;
		s.resume = resume;
		s.annotatedVideo = options.annotatedVideo;
		s.kinds = BatchRunner.Kinds.VIDEOS;
		BatchRunner.Plan plan = BatchRunner.plan(inputs, s);
		plan.skipped.forEach(m -> log.accept("left out: " + m));
		int[] index = { 0 };
		BatchRunner.Result r;
		try (FaceEngine engine = new FaceEngine(config)) {
			if (!plan.items.isEmpty())
				engine.readyForVideo(options.workers);
			r = BatchRunner.run(plan, s, item -> {
				int i = index[0]++;
				VideoAnnotator.Result v = VideoJob.run(item.input, outDir, item.stem, engine, options,
						(frames, t, d) -> progress.update(i, plan.items.size(), d > 0 ? (t - options.startSec) / d : 0), cancelled);
				return String.format(Locale.ROOT, "%s: %d frames, %d faces, %d face ids, %.1f fps", item.input.getFileName(), v.frames, v.faces,
						v.summary.tracks().size(), v.frames / v.wallSec) + (v.warning == null ? "" : "; warning: " + v.warning);
			}, cancelled, log);
		}
		if (!r.failed.isEmpty())
			log.accept(r.failed.size() + " video(s) failed or were refused; see above");
		List<Path> done = new ArrayList<>();
		for (BatchRunner.Item i : plan.items)
			if (r.done.contains(i) || r.complete.contains(i))
				done.add(i.input);
		return done;
	}

	/** Opens the results table and the timeline of a finished video (not in headless mode). */
	public static void showFirst(Path outDir, Path video) {
		String stem = OutputFiles.stem(video);
		try {
			ResultsTable rt = ResultsTable.open(VideoAnnotator.csvPath(outDir, stem).toString());
			rt.show(ImageAnnotation.TABLE_TITLE);
			FaceEmotionReports.timeline(rt, video.getFileName().toString()).show();
		} catch (IOException | IllegalArgumentException e) {
			IJ.log("cannot open " + VideoAnnotator.csvPath(outDir, stem) + ": " + e.getMessage());
		}
		Path summary = VideoAnnotator.summaryPath(outDir, stem);
		try {
			ResultsTable.open(summary.toString()).show(FaceEmotionReports.SUMMARY_TITLE);
		} catch (IOException e) {
			IJ.log("cannot open " + summary + ": " + e.getMessage());
		}
	}
}
