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

import org.faceemotion.core.detect.DetectorKind;
import org.faceemotion.core.model.FrameResult;
import org.faceemotion.core.pipeline.EngineConfig;
import org.faceemotion.core.pipeline.FaceEngine;
import org.faceemotion.core.pipeline.ResultsCsv;
import org.faceemotion.io.FrameDrawer;
import org.faceemotion.io.ImageFiles;
import org.faceemotion.io.OutputFiles;
import org.opencv.core.Mat;
import org.opencv.core.MatOfInt;
import org.opencv.imgcodecs.Imgcodecs;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "annotate", mixinStandardHelpOptions = true,
		description = "Find faces and their emotions in images and multi-page TIFF stacks (files or folders); write <name>.csv and an annotated copy per input.")
public final class AnnotateCommand implements Callable<Integer> {
	@Parameters(arity = "1..*", paramLabel = "INPUT", description = "Image files (png, jpg, tif), multi-page TIFF stacks, or folders of them")
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

	@Override
	public Integer call() {
		EngineConfig config = new EngineConfig();
		try {
			config.detector = DetectorKind.parse(detector);
			config.scoreThreshold = scoreThreshold;
			config.minFaceSize = minFace;
			config.testTimeAugmentation = tta;
			config.check();
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
		int done = 0;
		try (FaceEngine engine = new FaceEngine(config)) {
			for (int i = 0; i < files.size(); i++) {
				Path f = files.get(i);
				String stem = OutputFiles.stem(f);
				System.out.printf(Locale.ROOT, "[%d/%d] %s%n", i + 1, files.size(), f);
				try {
					if (!names.add(stem))
						throw new IllegalArgumentException(f + ": another input of this run has the same name; its outputs would collide");
					String summary = annotateImage(engine, f, stem);
					System.out.println("  " + summary);
					done++;
				} catch (IllegalArgumentException | IllegalStateException | IOException e) {
					failures.add(e.getMessage());
					System.err.println("  failed: " + e.getMessage());
				}
			}
		}
		System.out.printf(Locale.ROOT, "%d of %d input(s) annotated into %s%n", done, done + failures.size(), out);
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
				List<Path> found = s.filter(Files::isRegularFile).filter(ImageFiles::isImage)
						.filter(p -> !p.getFileName().toString().startsWith(".")).sorted().collect(Collectors.toList());
				if (found.isEmpty())
					failures.add(in + ": folder holds no image files");
				files.addAll(found);
			} catch (IOException e) {
				failures.add(in + ": cannot list folder (" + e.getMessage() + ")");
			}
		} else if (!Files.exists(in)) {
			failures.add(in + ": no such file or folder");
		} else if (!ImageFiles.isImage(in)) {
			failures.add(in + ": not a supported image file (png, jpg, tif)");
		} else {
			files.add(in);
		}
	}

	private String annotateImage(FaceEngine engine, Path file, String stem) throws IOException {
		Path csv = out.resolve(stem + ".csv");
		List<Mat> pages = ImageFiles.readPages(file);
		boolean stack = pages.size() > 1;
		Path annotated = out.resolve(stem + "-annotated" + (stack ? ".tif" : ".png"));
		for (Path p : List.of(csv, annotated))
			if (Files.exists(p) && !overwrite)
				throw new IllegalArgumentException(file + ": output " + p + " exists; use --overwrite to replace it");
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
		boolean ok = stack ? Imgcodecs.imwritemulti(imgTmp.toString(), drawn, new MatOfInt())
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
