package org.faceemotion;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

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
	public static List<Path> shippedDl4jModels() throws IOException {
		try (var files = Files.list(models())) {
			List<Path> zips = files.filter(f -> f.getFileName().toString().matches("emotion-cnn.*\\.zip")).sorted()
					.collect(Collectors.toList());
			assertTrue(!zips.isEmpty(), "no models/emotion-cnn*.zip");
			return zips;
		}
	}
}
