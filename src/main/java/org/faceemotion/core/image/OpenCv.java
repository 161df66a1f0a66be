package org.faceemotion.core.image;

/** Loads OpenCV's native library (bundled in the org.openpnp jar) once per JVM. */
public final class OpenCv {
	private static volatile boolean loaded;

	private OpenCv() {
	}

	public static void load() {
		if (loaded)
			return;
		synchronized (OpenCv.class) {
			if (loaded)
				return;
			try {
				nu.pattern.OpenCV.loadLocally();
			} catch (Throwable t) {
				throw new IllegalStateException("could not load OpenCV's native library: " + t.getMessage(), t);
			}
			loaded = true;
		}
	}
}
