package org.faceemotion.io;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.StandardOpenOption;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Outputs are written under a temporary name and renamed when complete, so a crash never leaves a
 * half file under the real name; temporaries still open when the JVM exits (also on Ctrl-C) are
 * deleted. One run at a time writes the outputs of one input ({@link #lock}).
 */
public final class OutputFiles {
	private static final Set<Path> LIVE = ConcurrentHashMap.newKeySet();
	static {
		Runtime.getRuntime().addShutdownHook(new Thread(() -> {
			for (Path p : LIVE)
				try {
					Files.deleteIfExists(p);
				} catch (IOException e) {
					// exiting anyway
				}
		}, "delete-temporary-outputs"));
	}

	private OutputFiles() {
	}

	/** A temporary name for {@code target}, deleted when the JVM exits unless committed. */
	public static Path temporary(Path target) {
		Path p = temporaryName(target);
		LIVE.add(p.toAbsolutePath());
		return p;
	}

	/** The hidden name under which {@code target} is written (what a killed process may leave). */
	public static Path temporaryName(Path target) {
		String name = target.getFileName().toString();
		int dot = name.lastIndexOf('.');
		// keep the extension last: OpenCV picks the encoder from it
		String tmp = dot < 0 ? name + ".part" : name.substring(0, dot) + ".part" + name.substring(dot);
		return target.resolveSibling("." + tmp);
	}

	/** Deletes what a killed process left of {@code stem}'s outputs: temporaries of {@code targets} and a lock no one holds. */
	public static void removeLeftovers(Path outDir, String stem, java.util.List<Path> targets) throws IOException {
		for (Path t : targets)
			Files.deleteIfExists(temporaryName(t));
		try (AutoCloseable held = lock(outDir, stem)) {
			// acquired and released: the lock file goes with it
		} catch (IllegalStateException e) {
			// another run holds it: leave it
		} catch (Exception e) {
			throw new IOException(e.getMessage(), e);
		}
	}

	/** Deletes a temporary folder with everything in it (null or missing: nothing); best effort. */
	public static void deleteTree(Path dir) {
		if (dir == null || !Files.exists(dir))
			return;
		try (java.util.stream.Stream<Path> s = Files.walk(dir)) {
			s.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
		} catch (IOException e) {
			// a temporary folder: the system cleans it
		}
	}

	/** What writes a file's content. */
	public interface Content {
		void write(java.io.OutputStream out) throws IOException;
	}

	/**
	 * Writes {@code target} whole or not at all: under its temporary name, flushed to the disk
	 * (so that a full disk fails here, not later), then renamed into place. On failure the
	 * temporary is deleted, an earlier file of that name stays as it was, and the exception says
	 * which file and why.
	 */
	public static void write(Path target, Content content) throws IOException {
		Path tmp = temporary(target);
		boolean existed = Files.exists(target);
		try {
			try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE);
					java.io.OutputStream out = new java.io.BufferedOutputStream(java.nio.channels.Channels.newOutputStream(ch), 1 << 16)) {
				// the content may close what it is given: its close only flushes, so the file can still be forced to the disk
				content.write(new java.io.FilterOutputStream(out) {
					@Override
					public void write(byte[] b, int off, int len) throws IOException {
						out.write(b, off, len);
					}

					@Override
					public void close() throws IOException {
						flush();
					}
				});
				out.flush();
				ch.force(true);
			}
			commit(tmp, target);
		} catch (IOException | RuntimeException e) {
			Files.deleteIfExists(tmp);
			LIVE.remove(tmp.toAbsolutePath());
			throw new IOException(target + ": could not write (" + describe(e) + ")" + (existed ? "; the previous file is kept" : ""), e);
		}
	}

	/** Flushes a finished temporary to the disk (a full disk fails here) before it is committed. */
	public static void sync(Path tmp) throws IOException {
		try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
			ch.force(true);
		}
	}

	/** A failure's cause in words (permission denied, no space left on the device), or its message when there is none. */
	private static String describe(Throwable e) {
		String why = reason(e);
		return !why.isEmpty() ? why : e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
	}

	/** The cause of a file-system failure in words, from the exception or any of its causes; empty when none is known. */
	public static String reason(Throwable e) {
		for (Throwable t = e; t != null; t = t.getCause()) {
			String m = String.valueOf(t.getMessage()).toLowerCase(java.util.Locale.ROOT);
			if (t instanceof java.nio.file.AccessDeniedException || m.contains("permission denied"))
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

	public static void commit(Path tmp, Path target) throws IOException {
		try {
			Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
		} catch (AtomicMoveNotSupportedException e) {
			Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
		}
		LIVE.remove(tmp.toAbsolutePath());
	}

	/** Whether {@code file} is a temporary output of this tool (never an input). */
	public static boolean isTemporary(Path file) {
		String n = file.getFileName().toString();
		return n.startsWith(".") && n.contains(".part");
	}

	/**
	 * Exclusive, cross-process lock on the outputs of {@code stem} in {@code outDir}; closing it
	 * releases it. Another run (or thread) writing the same outputs gets an IllegalStateException.
	 */
	public static AutoCloseable lock(Path outDir, String stem) throws IOException {
		Path file = outDir.resolve("." + stem + ".lock");
		FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
		FileLock lock;
		try {
			lock = ch.tryLock();
		} catch (OverlappingFileLockException e) {
			lock = null;
		}
		if (lock == null) {
			ch.close();
			throw new IllegalStateException(outDir.resolve(stem) + ".*: another run is writing these outputs now");
		}
		FileLock held = lock;
		Path key = file.toAbsolutePath();
		LIVE.add(key); // killed (SIGTERM, Ctrl-C) while held: the shutdown hook removes it with the temporaries
		return () -> {
			Files.deleteIfExists(file);
			LIVE.remove(key);
			held.release();
			ch.close();
		};
	}

	/** The base name without the extension, used for output names ({@code a.b.tif} gives {@code a.b}). */
	public static String stem(Path file) {
		String n = file.getFileName().toString();
		int dot = n.lastIndexOf('.');
		return dot <= 0 ? n : n.substring(0, dot);
	}
}
