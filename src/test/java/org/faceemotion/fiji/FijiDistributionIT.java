package org.faceemotion.fiji;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.ZipFile;

import org.faceemotion.TestData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scijava.util.FileUtils;

/**
 * The Fiji distribution (target/fiji, written by mvn package) installed as a Fiji user would:
 * laid over a jars/ folder holding what Fiji itself ships (pom-scijava 45.0.0), checked for
 * updater-name clashes and per-platform natives, then run headless on that class path only.
 * Plain ImageJ 1.x gets the same plugin as plugins/Face_Emotion.jar.
 */
class FijiDistributionIT {
	static final Path FIJI = Path.of(System.getProperty("fiji.dir", "target/fiji")).toAbsolutePath();
	static final Path FIJI_LIKE = Path.of(System.getProperty("fiji.like", "target/fiji-like-base")).toAbsolutePath();
	static final Path IJ1 = Path.of(System.getProperty("ij1.dir", "target/imagej1")).toAbsolutePath();
	static final String VERSION = System.getProperty("face-emotion.version", "0.1.0-SNAPSHOT");
	static final long MAX_DOWNLOAD = 60L * 1024 * 1024;
	/** Platform folder -> native entries its jars must hold (OpenCV everywhere; javacpp and FFmpeg where Fiji has none). */
	static final Map<String, List<String>> NATIVES = new TreeMap<>(Map.of(
			"linux64", List.of("nu/pattern/opencv/linux/x86_64/libopencv_java490.so", "ai/onnxruntime/native/linux-x64/libonnxruntime.so"),
			"linux-arm64", List.of("nu/pattern/opencv/linux/ARMv8/libopencv_java490.so", "org/bytedeco/javacpp/linux-arm64/libjnijavacpp.so",
					"org/bytedeco/ffmpeg/linux-arm64/libjniavcodec.so", "org/bytedeco/ffmpeg/linux-arm64/libavcodec.so",
					"ai/onnxruntime/native/linux-aarch64/libonnxruntime.so"),
			"win64", List.of("nu/pattern/opencv/windows/x86_64/opencv_java490.dll", "ai/onnxruntime/native/win-x64/onnxruntime.dll"),
			"macos64", List.of("nu/pattern/opencv/osx/x86_64/libopencv_java490.dylib", "ai/onnxruntime/native/osx-x64/libonnxruntime.dylib"),
			"macos-arm64", List.of("nu/pattern/opencv/osx/ARMv8/libopencv_java490.dylib",
					"org/bytedeco/javacpp/macosx-arm64/libjnijavacpp.dylib", "org/bytedeco/ffmpeg/macosx-arm64/libjniavcodec.dylib",
					"org/bytedeco/ffmpeg/macosx-arm64/libavcodec", "ai/onnxruntime/native/osx-aarch64/libonnxruntime.dylib")));

	static List<Path> files(Path root) throws IOException {
		try (Stream<Path> s = Files.walk(root)) {
			return s.filter(Files::isRegularFile).sorted().collect(Collectors.toList());
		}
	}

	/** What the ImageJ updater takes as the file's identity: its folder and its name without version. */
	static String updaterName(Path root, Path file) {
		Path rel = root.relativize(file);
		String dir = rel.getParent() == null ? "" : rel.getParent().toString().replace(File.separatorChar, '/') + "/";
		return dir + FileUtils.stripFilenameVersion(rel.getFileName().toString());
	}

	static List<String> entries(Path jar) throws IOException {
		try (ZipFile z = new ZipFile(jar.toFile())) {
			return z.stream().map(e -> e.getName()).collect(Collectors.toList());
		}
	}

	@Test
	void noUpdaterNameClashesWithWhatFijiShips() throws IOException {
		Map<String, String> fiji = new TreeMap<>();
		for (Path f : files(FIJI_LIKE))
			fiji.put(updaterName(FIJI_LIKE, f), FIJI_LIKE.relativize(f).toString());
		Map<String, String> ours = new TreeMap<>();
		List<String> clashes = new ArrayList<>();
		for (Path f : files(FIJI)) {
			String name = updaterName(FIJI, f), rel = FIJI.relativize(f).toString();
			String before = ours.put(name, rel);
			if (before != null)
				clashes.add(rel + " and " + before + " are both " + name);
			String theirs = fiji.get(name);
			if (theirs != null && !theirs.equals(rel))
				clashes.add(rel + " replaces Fiji's " + theirs + " (updater name " + name + ")");
		}
		assertEquals(List.of(), clashes);
		assertTrue(ours.containsKey("jars/face-emotion.jar"), ours.keySet().toString());
		assertFalse(ours.containsKey("jars/opencv.jar"), "OpenCV must not be named opencv.jar (other sites' bytedeco OpenCV)");
	}

	@Test
	void thePluginJarHoldsNoTrainingCommandLineOrDl4j() throws IOException {
		Path plugin = FIJI.resolve("jars/face-emotion-" + VERSION + ".jar");
		List<String> e = entries(plugin);
		assertTrue(e.contains("META-INF/json/org.scijava.plugin.Plugin"), "SciJava annotation index");
		assertTrue(e.contains("plugins.config"), "ImageJ 1.x menu");
		assertTrue(e.contains("org/faceemotion/models/emotion-cnn.onnx"), "the model travels in the jar");
		assertTrue(e.contains("org/faceemotion/imagej/AnnotateFacesCommand.class"));
		List<String> forbidden = e.stream().filter(n -> n.startsWith("org/faceemotion/train/") || n.startsWith("org/faceemotion/cli/")
				|| n.startsWith("org/nd4j/") || n.startsWith("org/deeplearning4j/") || n.startsWith("picocli/")).collect(Collectors.toList());
		assertEquals(List.of(), forbidden);
		List<String> jars = files(FIJI).stream().map(p -> p.getFileName().toString())
				.filter(n -> n.matches("(nd4j|deeplearning4j|openblas|guava|picocli|javacpp-1\\.5\\.7|ffmpeg-5|protobuf|jackson).*"))
				.collect(Collectors.toList());
		assertEquals(List.of(), jars, "training-only or Fiji-shipped jars in target/fiji");
	}

	@Test
	void everyPlatformFolderHoldsItsNativesAndFitsTheDownloadLimit() throws IOException {
		long common = 0;
		for (Path j : Files.list(FIJI.resolve("jars")).filter(Files::isRegularFile).collect(Collectors.toList()))
			common += Files.size(j);
		StringBuilder sizes = new StringBuilder();
		for (Map.Entry<String, List<String>> p : NATIVES.entrySet()) {
			Path dir = FIJI.resolve("jars").resolve(p.getKey());
			assertTrue(Files.isDirectory(dir), "platform folder " + dir);
			List<String> all = new ArrayList<>();
			long size = common;
			for (Path j : files(dir)) {
				all.addAll(entries(j));
				size += Files.size(j);
			}
			for (String needed : p.getValue())
				assertTrue(all.stream().anyMatch(n -> n.startsWith(needed)), p.getKey() + " lacks " + needed);
			// nothing of another platform
			List<String> foreign = all.stream().filter(n -> n.matches(".*\\.(so|dylib|dll)(\\..*)?") && !p.getValue().stream()
					.anyMatch(need -> n.startsWith(need.substring(0, need.lastIndexOf('/') + 1)))).collect(Collectors.toList());
			assertEquals(List.of(), foreign, p.getKey() + " holds natives of another platform");
			sizes.append(String.format(Locale.ROOT, "%s %.1f MB; ", p.getKey(), size / 1048576.0));
			assertTrue(size <= MAX_DOWNLOAD, p.getKey() + ": download " + size + " bytes > 60 MB");
		}
		System.out.println("download per platform (jars/*.jar + its folder): " + sizes);
	}

	@Test
	void theImageJ1LayoutHasOpenCvFfmpegAndJavacppNativesForEveryPlatform() throws IOException {
		Map<String, String[]> expected = Map.of("linux64", new String[] { "linux/x86_64", "linux-x86_64" }, "linux-arm64",
				new String[] { "linux/ARMv8", "linux-arm64" }, "win64", new String[] { "windows/x86_64", "windows-x86_64" }, "macos64",
				new String[] { "osx/x86_64", "macosx-x86_64" }, "macos-arm64", new String[] { "osx/ARMv8", "macosx-arm64" });
		for (Map.Entry<String, String[]> p : expected.entrySet()) {
			List<String> all = new ArrayList<>();
			for (Path j : files(IJ1.resolve("natives").resolve(p.getKey())))
				all.addAll(entries(j));
			for (String prefix : List.of("nu/pattern/opencv/" + p.getValue()[0] + "/", "org/bytedeco/javacpp/" + p.getValue()[1] + "/",
					"org/bytedeco/ffmpeg/" + p.getValue()[1] + "/"))
				assertTrue(all.stream().anyMatch(n -> n.startsWith(prefix) && !n.endsWith("/")), p.getKey() + " lacks " + prefix);
		}
		List<String> jars = files(IJ1.resolve("plugins")).stream().map(f -> IJ1.relativize(f).toString()).collect(Collectors.toList());
		assertTrue(jars.contains("plugins/Face_Emotion.jar"), jars.toString());
		for (String prefix : List.of("javacv-", "commons-csv-", "commons-io-", "commons-codec-", "javacpp-", "ffmpeg-", "face-emotion-opencv-"))
			assertTrue(jars.stream().anyMatch(j -> j.startsWith("plugins/jars/" + prefix)), "plugins/jars lacks " + prefix + ": " + jars);
	}

	static String run(Path dir, List<String> command, int timeoutMin) throws Exception {
		Path log = Files.createTempFile("fiji-check", ".log");
		Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
		boolean done = p.waitFor(timeoutMin, TimeUnit.MINUTES);
		if (!done)
			p.destroyForcibly().waitFor();
		String out = Files.readString(log, StandardCharsets.UTF_8);
		System.out.println(out.lines().filter(l -> l.startsWith("check ") || l.startsWith("ij1 ")).collect(Collectors.joining("\n")));
		assertTrue(done, "timed out after " + timeoutMin + " min:\n" + out);
		assertEquals(0, p.exitValue(), out);
		return out;
	}

	static String java() {
		return Path.of(System.getProperty("java.home"), "bin", "java").toString();
	}

	static void copyTree(Path from, Path to) throws IOException {
		for (Path f : files(from)) {
			Path t = to.resolve(from.relativize(f).toString());
			Files.createDirectories(t.getParent());
			Files.copy(f, t, StandardCopyOption.REPLACE_EXISTING);
		}
	}

	@Test
	void runsHeadlessInAFijiLikeInstall(@TempDir Path tmp) throws Exception {
		Path app = tmp.resolve("Fiji.app");
		copyTree(FIJI_LIKE, app);
		copyTree(FIJI, app);
		String cp = String.join(File.pathSeparator, "jars/*", "jars/linux64/*");
		String out = run(app, List.of(java(), "-Djava.awt.headless=true", "-Xmx3g", "-cp", cp,
				Path.of("src/test/fiji/FijiCheck.java").toAbsolutePath().toString(), TestData.faces().resolve("2008_001322.jpg").toString(),
				TestData.video().toString(), tmp.resolve("out").toString(),
				org.faceemotion.io.video.RotatedVideoTest.rotated(Files.createDirectories(tmp.resolve("rotated"))).toString()), 8);
		assertTrue(out.contains("check all: passed"), out);
	}

	@Test
	void runsAsAPluginOfPlainImageJ1(@TempDir Path tmp) throws Exception {
		// as the README says: target/imagej1/plugins into ImageJ's folder, then the natives of this platform into plugins/jars
		Path ij = Files.createDirectories(tmp.resolve("ImageJ"));
		Files.copy(FIJI_LIKE.resolve("jars").resolve(files(FIJI_LIKE.resolve("jars")).stream().map(p -> p.getFileName().toString())
				.filter(n -> n.startsWith("ij-")).findFirst().orElseThrow()), ij.resolve("ij.jar"));
		copyTree(IJ1.resolve("plugins"), ij.resolve("plugins"));
		copyTree(IJ1.resolve("natives/linux64"), ij.resolve("plugins/jars"));
		Path photo = TestData.faces().resolve("2008_001322.jpg"), out = tmp.resolve("out");
		Path macro = tmp.resolve("check.ijm");
		Files.writeString(macro, String.join("\n",
				"open('" + photo + "');",
				"run('Annotate Faces', 'detector=blazeface-full score_threshold=0.5 min_face_size=12');",
				"print('ij1 annotate-photo: ' + Table.size('Face Emotion Results') + ' faces, overlay ' + Overlay.size);",
				"run('Annotate Videos...', 'input=[" + TestData.video() + "] output_folder=[" + out + "] detector=blazeface-full score_threshold=0.5 every=5');",
				"print('ij1 annotate-videos: ' + File.exists('" + out.resolve("short-clip-640x360.csv") + "'));",
				""));
		// ImageJ 1.x builds its menus even in batch mode, so it needs a display (xvfb-run in CI)
		assertFalse(java.awt.GraphicsEnvironment.isHeadless(), "plain ImageJ 1.x needs a display: run the tests under xvfb-run (.ci/run)");
		String log = run(ij, List.of(java(), "-Xmx3g", "-jar", "ij.jar", "-ijpath", ij.toString(), "-batch",
				macro.toString()), 6);
		java.util.regex.Matcher m = java.util.regex.Pattern.compile("ij1 annotate-photo: (\\d+) faces, overlay (\\d+)").matcher(log);
		assertTrue(m.find(), log);
		assertTrue(Integer.parseInt(m.group(1)) > 0, log);
		assertEquals(m.group(1), m.group(2), log);
		assertTrue(log.contains("ij1 annotate-videos: 1"), log);
	}
}
