package org.faceemotion;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/** Paths of the shared data beside the project (../shared), as CI lays it out too. */
public final class TestData {
	private TestData() {
	}

	public static Path shared() {
		Path p = Path.of("..", "shared").toAbsolutePath().normalize();
		assertTrue(Files.isDirectory(p), "shared data folder missing: " + p);
		return p;
	}

	public static Path faces() {
		return shared().resolve("testdata/faces");
	}

	public static Path fer() {
		return shared().resolve("datasets/fer2013");
	}

	public static Path video() {
		return shared().resolve("testdata/video/short-clip-640x360.mp4");
	}

	public static Path models() {
		return Path.of("models").toAbsolutePath();
	}
}
