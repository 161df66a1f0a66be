package org.faceemotion.cli;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.faceemotion.core.model.FrameResult;
import org.faceemotion.core.pipeline.EngineConfig;
import org.faceemotion.core.pipeline.FaceEngine;
import org.faceemotion.core.pipeline.ResultsCsv;
import org.faceemotion.io.FrameDrawer;
import org.faceemotion.io.ImageFiles;
import org.faceemotion.io.OutputFiles;
import org.faceemotion.io.video.FfmpegVideoSource;
import org.faceemotion.io.video.VideoAnnotator;
import org.faceemotion.io.video.VideoDecodeException;
import org.faceemotion.io.video.VideoFiles;
import org.faceemotion.report.VideoJob;
import org.opencv.core.Mat;
import org.opencv.core.MatOfInt;
import org.opencv.imgcodecs.Imgcodecs;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "annotate", mixinStandardHelpOptions = true,
		description = "Find faces and their emotions in images, multi-page TIFF stacks and videos (files or folders); write <name>.csv and an annotated copy (images), or <name>.csv, <name>-summary.csv and <name>-timeline.png (videos) per input.")
public final class AnnotateCommand implements Callable<Integer> {
	@Parameters(arity = "1..*", paramLabel = "INPUT", description = "Image files (png, jpg, tif), multi-page TIFF stacks, video files (mp4, mov, mkv, webm, avi, ...), or folders of them")
	List<Path> inputs;
	@Option(names = "--out", required = true, description = "Output folder")
	Path out;
	@Option(names = "--detector", defaultValue = "blazeface-full",
			description = "blazeface-full (default; small and distant faces), blazeface (close faces, fastest), haar (the original app's)")
	String detector;
	@Option(names = "--score-threshold", defaultValue = "0.5", description = "Minimum detector score (default: ${DEFAULT-VALUE})")
	double scoreThreshold;
	@Option(names = "--min-face", defaultValue = "12", description = "Smallest face side in pixels (default: ${DEFAULT-VALUE})")
	double minFace;
	@Option(names = "--tta", description = "Average each face with its mirror image")
	boolean tta;
	@Option(names = "--overwrite", description = "Replace existing outputs (by default an input whose outputs exist is skipped and reported)")
	boolean overwrite;
	@Option(names = "--resume", description = "Skip inputs whose outputs are all complete (after a crash or kill); redo the rest")
	boolean resume;
	@Option(names = "--every", defaultValue = "1", description = "Videos: process every Nth frame (default: ${DEFAULT-VALUE})")
	int every;
	@Option(names = "--start", defaultValue = "0", description = "Videos: start at this time in seconds")
	double start;
	@Option(names = "--end", description = "Videos: stop at this time in seconds (default: the end)")
	Double end;
	@Option(names = "--annotated-video", description = "Videos: also write <name>-annotated.mp4 with boxes, ids and labels")
	boolean annotatedVideo;

	@Override
	public Integer call() {
		EngineConfig config;
		try {
			config = EngineConfig.of(detector, scoreThreshold, minFace, tta);
			if (every < 1)
				throw new IllegalArgumentException("--every must be >= 1, got " + every);
			if (start < 0 || end != null && end <= start)
				throw new IllegalArgumentException("--start/--end must satisfy 0 <= start < end");
			if (resume && overwrite)
				throw new IllegalArgumentException("--resume and --overwrite exclude each other");
			Files.createDirectories(out);
		} catch (IllegalArgumentException | IOException e) {
			System.err.println("error: " + e.getMessage());
			return 2;
		}
		List<Path> files = new ArrayList<>();
		List<String> failures = new ArrayList<>();
		for (Path in : inputs)
			expand(in, files, failures);
		Set<String> names = new HashSet<>();
		int done = 0, skipped = 0;
		ProgressBar bar = new ProgressBar(System.out, totalVideoSeconds(files));
		try (FaceEngine engine = new FaceEngine(config)) {
			for (int i = 0; i < files.size(); i++) {
				Path f = files.get(i);
				String stem = OutputFiles.stem(f);
				System.out.printf(Locale.ROOT, "[%d/%d] %s%n", i + 1, files.size(), f);
				try {
					if (!names.add(stem))
						throw new IllegalArgumentException(f + ": another input of this run has the same name; its outputs would collide");
					List<Path> outputs = VideoFiles.isVideo(f) ? videoOutputs(stem) : imageOutputs(f, stem);
					if (resume && outputs.stream().allMatch(Files::exists)) {
						System.out.println("  complete from an earlier run; skipped");
						skipped++;
						continue;
					}
					if (!overwrite && !resume)
						for (Path p : outputs)
							if (Files.exists(p))
								throw new IllegalArgumentException(f + ": output " + p + " exists; use --overwrite to replace it or --resume to skip finished inputs");
					String summary = VideoFiles.isVideo(f) ? annotateVideo(engine, f, stem, bar) : annotateImage(engine, f, stem);
					System.out.println("  " + summary);
					done++;
				} catch (IllegalArgumentException | IllegalStateException | IOException | VideoDecodeException e) {
					failures.add(e.getMessage());
					System.err.println("  failed: " + e.getMessage());
				}
			}
		}
		System.out.printf(Locale.ROOT, "%d of %d input(s) annotated into %s%s%n", done + skipped, done + skipped + failures.size(), out,
				skipped > 0 ? " (" + skipped + " complete from an earlier run)" : "");
		if (!failures.isEmpty()) {
			System.err.println(failures.size() + " input(s) failed:");
			failures.forEach(m -> System.err.println("  " + m));
			return 1;
		}
		return 0;
	}

	private void expand(Path in, List<Path> files, List<String> failures) {
		if (Files.isDirectory(in)) {
			try (Stream<Path> s = Files.walk(in)) {
				List<Path> found = s.filter(Files::isRegularFile).filter(p -> ImageFiles.isImage(p) || VideoFiles.isVideo(p))
						.filter(p -> !p.getFileName().toString().startsWith(".")).sorted().collect(Collectors.toList());
				if (found.isEmpty())
					failures.add(in + ": folder holds no image or video files");
				files.addAll(found);
			} catch (IOException e) {
				failures.add(in + ": cannot list folder (" + e.getMessage() + ")");
			}
		} else if (!Files.exists(in)) {
			failures.add(in + ": no such file or folder");
		} else if (!ImageFiles.isImage(in) && !VideoFiles.isVideo(in)) {
			failures.add(in + ": not a supported image or video file (png, jpg, tif; mp4, mov, mkv, webm, avi, ...)");
		} else {
			files.add(in);
		}
	}

	private List<Path> imageOutputs(Path file, String stem) {
		boolean tiff = ImageFiles.isTiff(file);
		// a TIFF may be a stack; its annotated copy is a TIFF, a single image's a PNG
		return List.of(out.resolve(stem + ".csv"), out.resolve(stem + "-annotated" + (tiff ? ".tif" : ".png")));
	}

	private List<Path> videoOutputs(String stem) {
		return VideoJob.outputs(out, stem, annotatedVideo);
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
		VideoAnnotator.Options o = new VideoAnnotator.Options();
		o.every = every;
		o.startSec = start;
		o.endSec = end == null ? Double.POSITIVE_INFINITY : end;
		o.annotatedVideo = annotatedVideo;
		bar.startFile(file.getFileName().toString());
		VideoAnnotator.Result r = VideoJob.run(file, out, stem, engine, o,
				(frames, t, duration) -> bar.update(frames, t - start, duration, false), () -> false);
		bar.update(r.frames, r.durationSec, r.durationSec, true);
		bar.finishFile(r.durationSec);
		if (r.warning != null)
			System.err.println("  warning: " + r.warning + "; the frames before it are in the outputs");
		return String.format(Locale.ROOT,
				"%d frames, %d faces, %d face ids in %.2f s (%.1f fps, %.1fx real time); per frame: decode %.1f ms, detect %.1f ms, classify %.1f ms, write %.1f ms",
				r.frames, r.faces, r.summary.tracks().size(), r.wallSec, r.frames / r.wallSec, r.durationSec / r.wallSec, r.decodeMs,
				r.detectMs, r.classifyMs, r.writeMs);
	}

	private String annotateImage(FaceEngine engine, Path file, String stem) throws IOException {
		Path csv = out.resolve(stem + ".csv");
		List<Mat> pages = ImageFiles.readPages(file);
		boolean stack = pages.size() > 1 || ImageFiles.isTiff(file);
		Path annotated = out.resolve(stem + "-annotated" + (stack ? ".tif" : ".png"));
		engine.resetTracking();
		List<Mat> drawn = new ArrayList<>();
		int faces = 0;
		Path csvTmp = OutputFiles.temporary(csv);
		try (Writer w = Files.newBufferedWriter(csvTmp, StandardCharsets.UTF_8); ResultsCsv table = new ResultsCsv(w)) {
			for (int i = 0; i < pages.size(); i++) {
				// no frame interval in a plain TIFF: time_s stays 0; tracking steps one second per page
				FrameResult r = engine.process(file.getFileName().toString(), i, i, pages.get(i));
				FrameResult reported = new FrameResult(r.source, r.frame, 0, r.faces);
				table.write(reported);
				faces += r.faces.size();
				Mat copy = pages.get(i).clone();
				FrameDrawer.draw(copy, reported);
				drawn.add(copy);
			}
		} catch (IOException | RuntimeException e) {
			Files.deleteIfExists(csvTmp);
			throw e;
		}
		Path imgTmp = OutputFiles.temporary(annotated);
		boolean ok = pages.size() > 1 ? Imgcodecs.imwritemulti(imgTmp.toString(), drawn, new MatOfInt())
				: Imgcodecs.imwrite(imgTmp.toString(), drawn.get(0));
		if (!ok) {
			Files.deleteIfExists(csvTmp);
			Files.deleteIfExists(imgTmp);
			throw new IOException(annotated + ": could not write the annotated image");
		}
		OutputFiles.commit(csvTmp, csv);
		OutputFiles.commit(imgTmp, annotated);
		return String.format(Locale.ROOT, "%d frame(s), %d face(s) -> %s, %s", pages.size(), faces, csv.getFileName(),
				annotated.getFileName());
	}
}
