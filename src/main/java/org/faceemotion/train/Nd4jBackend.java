package org.faceemotion.train;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * Chooses the ND4J native build before ND4J loads: the oneDNN + AVX2 build of nd4j-native when
 * it is on the class path and the CPU has AVX2, with DL4J's oneDNN layer helpers switched on.
 * Training runs about four times faster that way than with the default build (BENCHMARKS.md).
 * Settings given with {@code -D} on the command line win.
 * <p>
 * When to call {@link #init()} (idempotent): javacpp reads its {@code platform.*} properties once,
 * at the first native library it loads in the JVM, whichever that is (FFmpeg, OpenBLAS or nd4j).
 * So the command line calls it first thing ({@code Main.execute}; not for the commands that never load
 * DL4J); the DL4J entry classes
 * ({@link EmotionNet}, {@link Dl4jEmotionClassifier}, {@link Trainer}) call it in their static
 * initialisers for library use, where it works when DL4J is the first native user.
 */
public final class Nd4jBackend {
	public static final String EXTENSION = "org.bytedeco.javacpp.platform.extension";
	public static final String HELPERS_DISABLE = "org.eclipse.deeplearning4j.helpers.disable";
	static final String ONEDNN_AVX2 = "-onednn-avx2";
	private static final String ONEDNN_LIBRARY = "org/nd4j/linalg/cpu/nativecpu/bindings/linux-x86_64" + ONEDNN_AVX2 + "/libjnind4jcpu.so";

	private Nd4jBackend() {
	}

	public static synchronized void init() {
		if (System.getProperty(EXTENSION) == null && Nd4jBackend.class.getClassLoader().getResource(ONEDNN_LIBRARY) != null
				&& cpuHasAvx2(Paths.get("/proc/cpuinfo")))
			System.setProperty(EXTENSION, ONEDNN_AVX2);
		if (System.getProperty(HELPERS_DISABLE) == null)
			System.setProperty(HELPERS_DISABLE, "false");
	}

	/** Whether a Linux {@code /proc/cpuinfo} lists the avx2 flag (false when it cannot be read). */
	static boolean cpuHasAvx2(Path cpuinfo) {
		try {
			for (String line : Files.readAllLines(cpuinfo, StandardCharsets.UTF_8))
				if (line.startsWith("flags") && (" " + line.substring(line.indexOf(':') + 1) + " ").contains(" avx2 "))
					return true;
			return false;
		} catch (IOException | RuntimeException e) {
			return false;
		}
	}
}
