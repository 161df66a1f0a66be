package org.faceemotion.core.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

/** OpenCV's library is loaded from a per-user cache, copied once from the jar (not unpacked on every start). */
class OpenCvTest {
	@Test
	void theLibraryComesFromTheCacheAndMatchesTheJarsCopy() throws Exception {
		OpenCv.load();
		Path lib = OpenCv.loadedFrom();
		assertNotNull(lib, "loaded from the cache on this platform (Linux x86-64)");
		assertTrue(lib.startsWith(Path.of(System.getProperty("user.home"), ".cache", "face-emotion")), lib.toString());
		long inJar = nu.pattern.OpenCV.class.getResource("/nu/pattern/opencv/linux/x86_64/libopencv_java490.so").openConnection()
				.getContentLengthLong();
		assertEquals(inJar, Files.size(lib), "a complete copy");
		assertEquals(lib, OpenCv.cachedLibrary(), "the next start reuses it");
		assertEquals("4.9.0", org.opencv.core.Core.VERSION);
	}
}
