package org.faceemotion.batch;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.faceemotion.io.OutputFiles;

/** A local output folder. */
public final class LocalStore implements OutputStore {
	public final Path dir;

	public LocalStore(Path dir) {
		this.dir = dir;
	}

	public Path path(String name) {
		return dir.resolve(name);
	}

	@Override
	public long modified(String name) throws IOException {
		Path p = path(name);
		return Files.isRegularFile(p) ? Files.getLastModifiedTime(p).toMillis() : Files.exists(p) ? 0 : -1;
	}

	@Override
	public void delete(String name) throws IOException {
		Files.deleteIfExists(path(name));
	}

	@Override
	public String where(String name) {
		return path(name).toString();
	}

	@Override
	public AutoCloseable lock(String stem) throws IOException {
		return OutputFiles.lock(dir, stem);
	}

	/** Creates the output folder, or says in words why it cannot be written. */
	public static LocalStore prepare(Path out) throws IOException {
		try {
			Files.createDirectories(out);
		} catch (IOException e) {
			throw new IOException(out + ": cannot create the output folder (" + Failures.reason(e) + ")", e);
		}
		if (!Files.isDirectory(out))
			throw new IOException(out + ": is a file, not a folder");
		if (!Files.isWritable(out))
			throw new IOException(out + ": cannot write into the output folder (permission denied)");
		return new LocalStore(out);
	}
}
