package org.faceemotion.io;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** Outputs are written under a temporary name and renamed when complete, so a crash never leaves a half file under the real name. */
public final class OutputFiles {
	private OutputFiles() {
	}

	public static Path temporary(Path target) {
		String name = target.getFileName().toString();
		int dot = name.lastIndexOf('.');
		// keep the extension last: OpenCV picks the encoder from it
		String tmp = dot < 0 ? name + ".part" : name.substring(0, dot) + ".part" + name.substring(dot);
		return target.resolveSibling("." + tmp);
	}

	public static void commit(Path tmp, Path target) throws IOException {
		try {
			Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
		} catch (AtomicMoveNotSupportedException e) {
			Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
		}
	}

	/** The base name without the extension, used for output names ({@code a.b.tif} gives {@code a.b}). */
	public static String stem(Path file) {
		String n = file.getFileName().toString();
		int dot = n.lastIndexOf('.');
		return dot <= 0 ? n : n.substring(0, dot);
	}
}
