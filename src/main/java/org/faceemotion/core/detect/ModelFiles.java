package org.faceemotion.core.detect;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * The model files shipped in the jar (copied there from the project's {@code models/} folder).
 * OpenCV reads files by path, so a resource is copied once to a temporary file.
 */
public final class ModelFiles {
	public static final String RESOURCE_DIR = "/org/faceemotion/models/";

	private ModelFiles() {
	}

	/** Whether the jar holds {@code name}. */
	public static boolean exists(String name) {
		return ModelFiles.class.getResource(RESOURCE_DIR + name) != null;
	}

	public static byte[] bytes(String name) {
		try (InputStream in = ModelFiles.class.getResourceAsStream(RESOURCE_DIR + name)) {
			if (in == null)
				throw new IllegalStateException("model file " + name + " is missing from the jar (" + RESOURCE_DIR + name + ")");
			return in.readAllBytes();
		} catch (IOException e) {
			throw new IllegalStateException("cannot read model file " + name + " from the jar: " + e.getMessage(), e);
		}
	}

	public static synchronized Path file(String name) {
		try {
			Path dir = Path.of(System.getProperty("java.io.tmpdir"), "face-emotion-models-" + ProcessHandle.current().pid());
			Path f = dir.resolve(name);
			if (!Files.exists(f)) {
				Files.createDirectories(dir);
				dir.toFile().deleteOnExit();
				Path tmp = Files.createTempFile(dir, name, ".part");
				Files.write(tmp, bytes(name));
				Files.move(tmp, f, StandardCopyOption.REPLACE_EXISTING);
				f.toFile().deleteOnExit();
			}
			return f;
		} catch (IOException e) {
			throw new IllegalStateException("cannot unpack model file " + name + ": " + e.getMessage(), e);
		}
	}
}
