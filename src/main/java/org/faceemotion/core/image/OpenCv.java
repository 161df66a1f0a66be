package org.faceemotion.core.image;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;

/**
 * Loads OpenCV's native library (bundled in the org.openpnp jar) once per JVM. The library is
 * copied once into a per-user cache and loaded from there, instead of being unpacked from the jar
 * into a new temporary folder on every start as openpnp's own loader does (about 0.6 s of a
 * command's start-up here); where that fails, openpnp's loader is used.
 */
public final class OpenCv {
	private static volatile boolean loaded;
	private static volatile Path loadedFrom;

	private OpenCv() {
	}

	public static void load() {
		if (loaded)
			return;
		synchronized (OpenCv.class) {
			if (loaded)
				return;
			try {
				Path cached = cachedLibrary();
				if (cached != null) {
					System.load(cached.toString());
					loadedFrom = cached;
				} else {
					nu.pattern.OpenCV.loadLocally();
				}
			} catch (Throwable t) {
				try {
					nu.pattern.OpenCV.loadLocally();
				} catch (Throwable t2) {
					throw new IllegalStateException("could not load OpenCV's native library: " + t2.getMessage(), t2);
				}
			}
			loaded = true;
		}
	}

	/** Where the library was loaded from when it came from the cache (null: openpnp's loader). */
	public static Path loadedFrom() {
		return loadedFrom;
	}

	/** The library's resource in the openpnp jar for this platform, copied into the cache when missing or of another size. */
	static Path cachedLibrary() throws IOException {
		String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT), arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
		String dir, name;
		boolean arm = arch.equals("aarch64") || arch.equals("arm64");
		if (os.contains("linux")) {
			dir = arm ? "linux/ARMv8" : "linux/x86_64";
			name = "libopencv_java490.so";
		} else if (os.contains("mac")) {
			dir = arm ? "osx/ARMv8" : "osx/x86_64";
			name = "libopencv_java490.dylib";
		} else if (os.contains("win")) {
			dir = "windows/x86_64";
			name = "opencv_java490.dll";
		} else {
			return null;
		}
		URL url = nu.pattern.OpenCV.class.getResource("/nu/pattern/opencv/" + dir + "/" + name);
		if (url == null)
			return null;
		long size = url.openConnection().getContentLengthLong();
		Path cache = Path.of(System.getProperty("user.home"), ".cache", "face-emotion", "opencv-4.9.0", dir.replace('/', '-'));
		Path lib = cache.resolve(name);
		if (Files.isRegularFile(lib) && (size < 0 || Files.size(lib) == size))
			return lib;
		Files.createDirectories(cache);
		Path tmp = Files.createTempFile(cache, name, ".part");
		try (InputStream in = url.openStream()) {
			Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
			Files.move(tmp, lib, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
		} finally {
			Files.deleteIfExists(tmp);
		}
		return lib;
	}
}
