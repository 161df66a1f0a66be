package org.faceemotion.report;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemLoopException;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

import org.faceemotion.io.ImageFiles;
import org.faceemotion.io.OutputFiles;
import org.faceemotion.io.video.VideoAnnotator;
import org.faceemotion.io.video.VideoFiles;

/**
 * The one batch loop of the command line and Fiji: lists the inputs (folders walked, symbolic
 * links followed with cycles guarded, unreadable folders and unsupported files reported, the
 * output folder never taken as input), gives every input its complete set of output files and
 * refuses an input whose outputs another input of the run would also write, applies resume and
 * overwrite, holds a lock on each input's outputs while it runs, goes on past a failing input and
 * reports every skipped or failed one.
 */
public final class BatchRunner {
	public enum Kinds {
		IMAGES_AND_VIDEOS, VIDEOS
	}

	public static final class Settings {
		public Path out;
		public boolean resume, overwrite, annotatedVideo;
		public Kinds kinds = Kinds.IMAGES_AND_VIDEOS;
	}

	/** An input with the files it will write. */
	public static final class Item {
		public final Path input;
		public final String stem;
		public final boolean video;
		public final List<Path> outputs;

		public Item(Path input, String stem, boolean video, List<Path> outputs) {
			this.input = input;
			this.stem = stem;
			this.video = video;
			this.outputs = outputs;
		}
	}

	/** What the inputs expand to: the items to run, and every file or folder left out with the reason. */
	public static final class Plan {
		public final List<Item> items = new ArrayList<>();
		public final List<String> skipped = new ArrayList<>();
		/** Inputs refused before running (collisions, missing files). */
		public final List<String> refused = new ArrayList<>();
	}

	/** Runs one input; returns a one-line summary. */
	public interface Job {
		String run(Item item) throws IOException;
	}

	public static final class Result {
		public final List<Item> done = new ArrayList<>(), complete = new ArrayList<>();
		public final List<String> failed = new ArrayList<>();
		public List<String> skipped;

		public boolean ok() {
			return failed.isEmpty();
		}
	}

	private BatchRunner() {
	}

	public static Plan plan(List<Path> inputs, Settings s) {
		Plan plan = new Plan();
		Path out = s.out.toAbsolutePath().normalize();
		List<Path> files = new ArrayList<>();
		for (Path in : inputs) {
			if (Files.isDirectory(in))
				walk(in, out, s, files, plan.skipped);
			else if (!Files.exists(in))
				plan.refused.add(in + ": no such file or folder");
			else if (!accepted(in, s))
				plan.refused.add(in + ": not a supported " + (s.kinds == Kinds.VIDEOS ? "video file" : "image or video file")
						+ " (images: png, jpg, tif, bmp; videos: mp4, mov, mkv, webm, avi, ...)");
			else
				files.add(in);
		}
		Map<Path, Path> claimed = new HashMap<>();
		for (Path f : files) {
			String stem = OutputFiles.stem(f);
			boolean video = VideoFiles.isVideo(f);
			List<Path> outputs = video ? VideoJob.outputs(s.out, stem, true) : imageOutputs(s.out, f, stem);
			Path clash = outputs.stream().filter(claimed::containsKey).findFirst().orElse(null);
			if (clash != null) {
				plan.refused.add(f + ": its output " + clash.getFileName() + " would also be written for " + claimed.get(clash)
						+ "; annotate one of them into another folder");
				continue;
			}
			outputs.forEach(o -> claimed.put(o, f));
			if (video && !s.annotatedVideo)
				outputs = VideoJob.outputs(s.out, stem, false);
			plan.items.add(new Item(f, stem, video, outputs));
		}
		return plan;
	}

	/** An image's outputs: the table and the annotated copy (a TIFF for files that may hold several pages). */
	public static List<Path> imageOutputs(Path outDir, Path file, String stem) {
		return List.of(outDir.resolve(stem + ".csv"), outDir.resolve(stem + "-annotated" + (ImageFiles.mayHoldPages(file) ? ".tif" : ".png")));
	}

	/** Videos by name (FFmpeg decides), images by name or by content (a GIF named .png is an image). */
	private static boolean accepted(Path f, Settings s) {
		if (VideoFiles.isVideo(f))
			return true;
		return s.kinds == Kinds.IMAGES_AND_VIDEOS && (ImageFiles.isImage(f) || ImageFiles.looksLikeImage(f));
	}

	private static void walk(Path dir, Path out, Settings s, List<Path> files, List<String> skipped) {
		List<Path> found = new ArrayList<>();
		try {
			Files.walkFileTree(dir, EnumSet.of(FileVisitOption.FOLLOW_LINKS), Integer.MAX_VALUE, new SimpleFileVisitor<Path>() {
				@Override
				public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes attrs) {
					if (!d.equals(dir) && d.toAbsolutePath().normalize().equals(out))
						return FileVisitResult.SKIP_SUBTREE; // the run's own outputs are never inputs
					return FileVisitResult.CONTINUE;
				}

				@Override
				public FileVisitResult visitFile(Path f, BasicFileAttributes attrs) {
					String name = f.getFileName().toString();
					if (name.startsWith(".") || !attrs.isRegularFile())
						return FileVisitResult.CONTINUE;
					if (producedHere(name)) { // outputs of an earlier run into the input folder
						skipped.add(f + ": named like an output of Face Emotion (-annotated, -summary, -timeline); not an input");
						return FileVisitResult.CONTINUE;
					}
					if (accepted(f, s))
						found.add(f);
					else
						skipped.add(f + ": not a supported " + (s.kinds == Kinds.VIDEOS ? "video file" : "image or video file"));
					return FileVisitResult.CONTINUE;
				}

				@Override
				public FileVisitResult visitFileFailed(Path f, IOException e) {
					if (e instanceof FileSystemLoopException)
						skipped.add(f + ": symbolic link back into a folder already listed (a cycle); not followed");
					else if (e instanceof AccessDeniedException)
						skipped.add(f + ": cannot be read (permission denied)");
					else
						skipped.add(f + ": cannot be read (" + e.getMessage() + ")");
					return FileVisitResult.CONTINUE;
				}
			});
		} catch (IOException e) {
			skipped.add(dir + ": cannot list folder (" + e.getMessage() + ")");
		}
		found.sort(null);
		if (found.isEmpty())
			skipped.add(dir + ": folder holds no " + (s.kinds == Kinds.VIDEOS ? "video" : "image or video") + " files");
		files.addAll(found);
	}

	/** Names this tool writes (outputs of an earlier run into the same folder). */
	public static boolean producedHere(String name) {
		return name.matches(".*-annotated\\.(png|tif|mp4)") || name.endsWith("-summary.csv") || name.endsWith("-timeline.png");
	}

	/**
	 * Outputs of an earlier run that are all there and belong together: each file is renamed into
	 * place only when complete, and all of one run within moments of each other, so an annotated
	 * video older than its CSV is from another run (stale) and makes the set incomplete.
	 */
	public static boolean complete(Item item) {
		try {
			for (Path p : item.outputs)
				if (!Files.isRegularFile(p))
					return false;
			FileTime csv = Files.getLastModifiedTime(item.outputs.get(0));
			for (Path p : item.outputs)
				if (Files.getLastModifiedTime(p).toMillis() < csv.toMillis() - 120_000)
					return false;
			return true;
		} catch (IOException e) {
			return false;
		}
	}

	/** Creates the output folder, or says in words why it cannot be written. */
	public static void prepareOut(Path out) throws IOException {
		try {
			Files.createDirectories(out);
		} catch (IOException e) {
			throw new IOException(out + ": cannot create the output folder (" + reason(e) + ")", e);
		}
		if (!Files.isDirectory(out))
			throw new IOException(out + ": is a file, not a folder");
		if (!Files.isWritable(out))
			throw new IOException(out + ": cannot write into the output folder (permission denied)");
	}

	public static Result run(Plan plan, Settings s, Job job, BooleanSupplier cancelled, Consumer<String> log) throws IOException {
		prepareOut(s.out);
		Result res = new Result();
		res.skipped = plan.skipped;
		res.failed.addAll(plan.refused);
		plan.refused.forEach(m -> log.accept("refused: " + m));
		for (int i = 0; i < plan.items.size() && !cancelled.getAsBoolean(); i++) {
			Item item = plan.items.get(i);
			log.accept(String.format(Locale.ROOT, "[%d/%d] %s", i + 1, plan.items.size(), item.input));
			try (AutoCloseable lock = OutputFiles.lock(s.out, item.stem)) {
				if (s.resume && complete(item)) {
					log.accept("  complete from an earlier run; skipped");
					res.complete.add(item);
					continue;
				}
				refuseExisting(item, s);
				removeStale(item, s);
				log.accept("  " + job.run(item));
				res.done.add(item);
			} catch (Exception e) {
				String m = message(item.input, e);
				res.failed.add(m);
				log.accept("  failed: " + m);
			}
		}
		return res;
	}

	/** Outputs of an earlier run are replaced only with --overwrite (or redone with --resume); otherwise the input is refused. */
	public static void refuseExisting(Item item, Settings s) {
		if (s.overwrite || s.resume)
			return;
		for (Path p : all(item, s))
			if (Files.exists(p))
				throw new IllegalArgumentException(item.input + ": output " + p
						+ " exists; use --overwrite to replace it or --resume to skip finished inputs");
	}

	/** A stale annotated video of an earlier run must not pass for this run's. */
	public static void removeStale(Item item, Settings s) throws IOException {
		if (item.video && !s.annotatedVideo)
			Files.deleteIfExists(VideoAnnotator.videoPath(s.out, item.stem));
	}

	/** Every file the input may have left: its outputs, and an annotated video even when not asked for now. */
	private static List<Path> all(Item item, Settings s) {
		List<Path> p = new ArrayList<>(item.outputs);
		if (item.video && !s.annotatedVideo)
			p.add(VideoAnnotator.videoPath(s.out, item.stem));
		return p;
	}

	/** The input named, with what happened in words (permission denied, no space left), never only a path or a class name. */
	public static String message(Path input, Throwable e) {
		String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
		String why = reason(e);
		if (!m.contains(input.toString()) && !m.contains(input.getFileName().toString()))
			m = input + ": " + m;
		return why.isEmpty() || m.contains(why) ? m : m + " (" + why + ")";
	}

	static String reason(Throwable e) {
		for (Throwable t = e; t != null; t = t.getCause()) {
			String m = String.valueOf(t.getMessage()).toLowerCase(Locale.ROOT);
			if (t instanceof AccessDeniedException || m.contains("permission denied"))
				return "permission denied";
			if (m.contains("no space left"))
				return "no space left on the device";
			if (t instanceof java.nio.file.NoSuchFileException)
				return "no such file or folder";
			if (t instanceof java.nio.file.FileSystemException && ((java.nio.file.FileSystemException) t).getReason() != null)
				return ((java.nio.file.FileSystemException) t).getReason();
		}
		return "";
	}
}
