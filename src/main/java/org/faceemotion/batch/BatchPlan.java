package org.faceemotion.batch;

import org.faceemotion.io.OutputLayout;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemLoopException;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.faceemotion.io.ImageFiles;
import org.faceemotion.io.video.VideoFiles;

/**
 * What the inputs of a run expand to: the items to run, each with its outputs, and every file or
 * folder left out or refused with the reason. Local inputs are listed here (folders walked,
 * symbolic links followed with cycles guarded, unreadable folders and unsupported files
 * reported, the output folder and earlier outputs never taken as inputs); other file systems
 * list their files and hand them to {@link #add}, which applies the same rules by name. Two
 * inputs that would write one output (x.jpg in two folders, a.mp4 beside a.mov) are refused.
 */
public final class BatchPlan {
	/** Which inputs a run takes. */
	public enum Kinds {
		IMAGES_AND_VIDEOS, VIDEOS
	}

	public final List<Item> items = new ArrayList<>();
	/** Files and folders left out, with the reason (not failures: a folder holds other files too). */
	public final List<String> skipped = new ArrayList<>();
	/** Inputs refused before running (collisions, missing or unsupported files named on their own). */
	public final List<String> refused = new ArrayList<>();

	private final Kinds kinds;
	private final boolean annotatedVideo, events;
	private final Map<String, String> claimed = new HashMap<>();

	public BatchPlan(Kinds kinds, boolean annotatedVideo) {
		this(kinds, annotatedVideo, false);
	}

	/** {@code events}: the run has an events file (videos also write their event tables). */
	public BatchPlan(Kinds kinds, boolean annotatedVideo, boolean events) {
		this.kinds = kinds;
		this.annotatedVideo = annotatedVideo;
		this.events = events;
	}

	/** The plan of local inputs (files or folders) writing into {@code out}. */
	public static BatchPlan local(List<Path> inputs, Path out, Kinds kinds, boolean annotatedVideo) {
		return local(inputs, out, kinds, annotatedVideo, false);
	}

	public static BatchPlan local(List<Path> inputs, Path out, Kinds kinds, boolean annotatedVideo, boolean events) {
		return new BatchPlan(kinds, annotatedVideo, events).addLocal(inputs, out);
	}

	/** Adds local inputs (files or folders); a folder's walk never enters {@code out}. */
	public BatchPlan addLocal(List<Path> inputs, Path out) {
		Path outDir = out == null ? null : out.toAbsolutePath().normalize();
		for (Path in : inputs) {
			if (Files.isDirectory(in))
				walk(in, outDir);
			else if (!Files.exists(in))
				refused.add(in + (Files.isSymbolicLink(in) ? ": broken symbolic link (its target does not exist)" : ": no such file or folder"));
			else if (!Files.isRegularFile(in))
				refused.add(in + ": not a regular file (a FIFO, device or socket); not read");
			else
				addNamed(in.toString(), in.getFileName().toString(), in);
		}
		return this;
	}

	/** A file named on its own: refused when it is not a supported input. */
	public void addNamed(String input, String name, Path local) {
		if (!accepts(name, local)) {
			refused.add(input + ": " + unsupported());
			return;
		}
		add(input, name, local);
	}

	/** A file found in a folder or named on its own and accepted: its item, unless another input already claims one of its outputs. */
	public void add(String input, String name, Path local) {
		OutputLayout.Kind kind = kindOf(name, local);
		String stem = OutputLayout.stem(name);
		List<String> names = OutputLayout.claimed(kind, stem);
		for (String o : names)
			if (claimed.containsKey(o)) {
				refused.add(input + ": its output " + o + " would also be written for " + claimed.get(o)
						+ "; annotate one of them into another folder");
				return;
			}
		names.forEach(o -> claimed.put(o, input));
		items.add(new Item(input, stem, kind, annotatedVideo, events));
	}

	/**
	 * A file found in a folder: taken when supported, otherwise left out with the reason; the
	 * outputs of an earlier run into the input folder are never inputs. False when left out.
	 */
	public boolean found(String input, String name, Path local) {
		if (OutputLayout.producedHere(name)) {
			skipped.add(input + ": named like an output of Face Emotion (-annotated, -summary, -timeline); not an input");
			return false;
		}
		if (!accepts(name, local)) {
			skipped.add(input + ": " + unsupported());
			return false;
		}
		return true;
	}

	/** Videos by name (FFmpeg decides), images by name or, for a local file, by content (a GIF named .png is an image). */
	public boolean accepts(String name, Path local) {
		if (VideoFiles.isVideo(Path.of(name)))
			return true;
		return kinds == Kinds.IMAGES_AND_VIDEOS && (ImageFiles.isImage(Path.of(name)) || local != null && ImageFiles.looksLikeImage(local));
	}

	private String unsupported() {
		return "not a supported " + (kinds == Kinds.VIDEOS ? "video file" : "image or video file") + " ("
				+ (kinds == Kinds.VIDEOS ? "" : "images: " + String.join(", ", ImageFiles.names()) + "; ") + "videos: "
				+ String.join(", ", VideoFiles.names()) + ")";
	}

	private static OutputLayout.Kind kindOf(String name, Path local) {
		if (VideoFiles.isVideo(Path.of(name)))
			return OutputLayout.Kind.VIDEO;
		return (local != null ? ImageFiles.mayHoldPages(local) : ImageFiles.mayHoldPages(Path.of(name))) ? OutputLayout.Kind.STACK
				: OutputLayout.Kind.IMAGE;
	}

	/** A folder that holds no input is said so; the folder's files are taken in name order. */
	public void folderDone(String folder, int found) {
		if (found == 0)
			skipped.add(folder + ": folder holds no " + (kinds == Kinds.VIDEOS ? "video" : "image or video") + " files");
	}

	private void walk(Path dir, Path out) {
		List<Path> found = new ArrayList<>();
		try {
			Files.walkFileTree(dir, EnumSet.of(FileVisitOption.FOLLOW_LINKS), Integer.MAX_VALUE, new SimpleFileVisitor<Path>() {
				@Override
				public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes attrs) {
					if (!d.equals(dir) && out != null && d.toAbsolutePath().normalize().equals(out))
						return FileVisitResult.SKIP_SUBTREE; // the run's own outputs are never inputs
					return FileVisitResult.CONTINUE;
				}

				@Override
				public FileVisitResult visitFile(Path f, BasicFileAttributes attrs) {
					String name = f.getFileName().toString();
					if (name.startsWith("."))
						return FileVisitResult.CONTINUE;
					if (attrs.isSymbolicLink()) {
						skipped.add(f + ": broken symbolic link (its target does not exist)");
						return FileVisitResult.CONTINUE;
					}
					if (!attrs.isRegularFile()) {
						skipped.add(f + ": not a regular file (a FIFO, device or socket); not read");
						return FileVisitResult.CONTINUE;
					}
					if (found(f.toString(), name, f))
						found.add(f);
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
		folderDone(dir.toString(), found.size());
		for (Path f : found)
			add(f.toString(), f.getFileName().toString(), f);
	}
}
