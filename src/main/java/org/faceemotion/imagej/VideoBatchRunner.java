package org.faceemotion.imagej;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import ij.IJ;
import ij.ImagePlus;
import ij.measure.ResultsTable;

import org.faceemotion.core.pipeline.EngineConfig;
import org.faceemotion.core.pipeline.FaceEngine;
import org.faceemotion.io.OutputFiles;
import org.faceemotion.io.video.VideoAnnotator;
import org.faceemotion.io.video.VideoDecodeException;
import org.faceemotion.io.video.VideoFiles;
import org.faceemotion.report.VideoJob;

/** Annotate Videos in Fiji and ImageJ 1.x: a batch of files or a folder into an output folder, reporting and skipping bad files. */
public final class VideoBatchRunner {
	/** Progress over the whole batch: file index, fraction of that file done. */
	public interface Progress {
		void update(int file, int files, double fraction);
	}

	private VideoBatchRunner() {
	}

	public static List<Path> expand(List<Path> inputs) throws IOException {
		List<Path> out = new ArrayList<>();
		for (Path in : inputs) {
			if (Files.isDirectory(in)) {
				try (Stream<Path> s = Files.list(in)) {
					out.addAll(s.filter(Files::isRegularFile).filter(VideoFiles::isVideo).sorted().collect(Collectors.toList()));
				}
			} else {
				out.add(in);
			}
		}
		return out;
	}

	/** Runs every video; returns the finished ones (skipped-as-complete included), logging failures through {@code log}. */
	public static List<Path> run(List<Path> videos, Path outDir, EngineConfig config, VideoAnnotator.Options options,
			boolean resume, Progress progress, BooleanSupplier cancelled, Consumer<String> log) throws IOException {
		Files.createDirectories(outDir);
		List<Path> done = new ArrayList<>();
		int failed = 0;
		try (FaceEngine engine = new FaceEngine(config)) {
			for (int i = 0; i < videos.size() && !cancelled.getAsBoolean(); i++) {
				Path v = videos.get(i);
				String stem = OutputFiles.stem(v);
				List<Path> outputs = VideoJob.outputs(outDir, stem, options.annotatedVideo);
				if (resume && outputs.stream().allMatch(Files::exists)) {
					log.accept(v.getFileName() + ": complete from an earlier run; skipped");
					done.add(v);
					continue;
				}
				if (!resume && outputs.stream().anyMatch(Files::exists)) {
					log.accept(v + ": outputs exist in " + outDir + "; skipped (tick 'resume' or choose another folder)");
					failed++;
					continue;
				}
				final int index = i;
				try {
					VideoAnnotator.Result r = VideoJob.run(v, outDir, stem, engine, options,
							(frames, t, d) -> progress.update(index, videos.size(), d > 0 ? t / d : 0), cancelled);
					log.accept(String.format(Locale.ROOT, "%s: %d frames, %d faces, %d face ids, %.1f fps", v.getFileName(), r.frames,
							r.faces, r.summary.tracks().size(), r.frames / r.wallSec) + (r.warning == null ? "" : "; warning: " + r.warning));
					done.add(v);
				} catch (IOException | VideoDecodeException | IllegalArgumentException e) {
					log.accept("failed: " + e.getMessage());
					failed++;
				}
			}
		}
		if (failed > 0)
			log.accept(failed + " video(s) failed or were skipped; see above");
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
