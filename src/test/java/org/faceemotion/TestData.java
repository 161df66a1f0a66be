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

	/**
	 * The DL4J networks behind the shipped ONNX model: {@code models/emotion-cnn*.zip}, one file,
	 * or several when the ONNX model is their ensemble (mean of probabilities).
	 */
	public static java.util.List<Path> shippedDl4jModels() throws java.io.IOException {
		try (var files = Files.list(models())) {
			java.util.List<Path> zips = files.filter(f -> f.getFileName().toString().matches("emotion-cnn.*\\.zip")).sorted()
					.collect(java.util.stream.Collectors.toList());
			assertTrue(!zips.isEmpty(), "no models/emotion-cnn*.zip");
			return zips;
		}
	}
}
