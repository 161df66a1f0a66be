package org.faceemotion.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.ZipFile;

import org.faceemotion.Cli;
import org.faceemotion.TestData;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Spark job as a lab would run it: a real standalone master and worker started on loopback
 * from target/spark-home (executors in their own JVMs), the job started with java -jar
 * target/face-emotion-spark.jar; one executor is killed while it works. The outputs must equal
 * the plain command line's, byte for byte, and the Parquet table must hold every row.
 */
class SparkClusterIT {
	static final Path TARGET = Path.of(System.getProperty("target.dir", "target")).toAbsolutePath();
	static final Path JAR = TARGET.resolve("face-emotion-spark.jar"), HOME = TARGET.resolve("spark-home");
	static final List<Process> CLUSTER = new ArrayList<>();
	static Path work;
	/** What Spark's launcher opens on Java 17 (a plain java command must say it itself). */
	static final List<String> OPENS = Stream.of("java.lang", "java.lang.invoke", "java.nio", "java.util", "sun.nio.ch", "sun.util.calendar", "java.io",
			"java.net").map(p -> "--add-opens=java.base/" + p + "=ALL-UNNAMED").collect(Collectors.toList());
	static String master;

	static int freePort() throws IOException {
		try (ServerSocket s = new ServerSocket(0)) {
			return s.getLocalPort();
		}
	}

	static String java() {
		return Path.of(System.getProperty("java.home"), "bin", "java").toString();
	}

	static Process start(List<String> command, Path log) throws IOException {
		ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
		pb.environment().put("SPARK_HOME", HOME.toString());
		pb.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
		return pb.start();
	}

	static void waitFor(Path log, String text, int seconds, Process process) throws Exception {
		for (int i = 0; i < seconds * 5; i++) {
			if (Files.exists(log) && Files.readString(log).contains(text))
				return;
			if (!process.isAlive())
				break;
			Thread.sleep(200);
		}
		throw new AssertionError("no '" + text + "' after " + seconds + " s in " + log + ":\n" + Files.readString(log));
	}

	@BeforeAll
	static void startCluster(@TempDir Path dir) throws Exception {
		assertTrue(Files.isRegularFile(JAR), JAR + " is missing: run mvn package");
		work = dir;
		int port = freePort();
		master = "spark://127.0.0.1:" + port;
		String cp = HOME.resolve("jars") + File.separator + "*";
		Path masterLog = dir.resolve("master.log"), workerLog = dir.resolve("worker.log");
		Process m = start(List.of(java(), "-Xmx512m", "-cp", cp, "org.apache.spark.deploy.master.Master", "--host", "127.0.0.1", "--port",
				String.valueOf(port), "--webui-port", String.valueOf(freePort())), masterLog);
		CLUSTER.add(m);
		waitFor(masterLog, "I have been elected leader", 60, m);
		Process w = start(List.of(java(), "-Xmx512m", "-cp", cp, "org.apache.spark.deploy.worker.Worker", "--host", "127.0.0.1", "--webui-port",
				String.valueOf(freePort()), "--cores", "2", "--memory", "3g", "--work-dir", dir.resolve("work").toString(), master), workerLog);
		CLUSTER.add(w);
		waitFor(workerLog, "Successfully registered with master", 60, w);
	}

	@AfterAll
	static void stopCluster() throws Exception {
		for (Process p : CLUSTER)
			p.destroy();
		for (Process p : CLUSTER)
			if (!p.waitFor(20, TimeUnit.SECONDS))
				p.destroyForcibly();
	}

	static List<Path> files(Path root) throws IOException {
		try (Stream<Path> s = Files.walk(root)) {
			return s.filter(Files::isRegularFile).sorted().collect(Collectors.toList());
		}
	}

	static List<String> entries(Path jar) throws IOException {
		try (ZipFile z = new ZipFile(jar.toFile())) {
			return z.stream().map(e -> e.getName()).collect(Collectors.toList());
		}
	}

	static void ffmpeg(String... args) throws Exception {
		List<String> c = new ArrayList<>(List.of("ffmpeg", "-v", "error", "-y"));
		c.addAll(List.of(args));
		Process p = new ProcessBuilder(c).inheritIO().start();
		assertEquals(0, p.waitFor(), "ffmpeg " + c);
	}

	/** Four videos (mp4, mkv, mov of the shared clip; a 4 s cut) and a folder of photos with a file that is not one. */
	static Path inputs(Path dir) throws Exception {
		Path videos = Files.createDirectories(dir.resolve("videos")), photos = Files.createDirectories(dir.resolve("photos"));
		Files.copy(TestData.video(), videos.resolve("a.mp4"));
		ffmpeg("-i", TestData.video().toString(), "-c", "copy", videos.resolve("b.mkv").toString());
		ffmpeg("-i", TestData.video().toString(), "-c", "copy", videos.resolve("c.mov").toString());
		ffmpeg("-i", TestData.video().toString(), "-t", "4", "-c:v", "libx264", "-preset", "ultrafast", videos.resolve("d.mp4").toString());
		for (String f : List.of("2008_001322.jpg", "2008_002079.jpg", "Tom_Cruise_avp_2014_4.jpg", "dogs.jpg"))
			Files.copy(TestData.faces().resolve(f), photos.resolve(f));
		Files.writeString(photos.resolve("notes.txt"), "not an image");
		return dir;
	}

	/** Runs the job's jar; returns {exit code, output}. {@code whileRunning} sees the output file as it grows. */
	static String[] job(Path log, List<String> args, java.util.function.BiConsumer<Path, Process> whileRunning) throws Exception {
		List<String> c = new ArrayList<>(List.of(java(), "-Xmx1g", "-jar", JAR.toString()));
		c.addAll(args);
		Process p = start(c, log);
		if (whileRunning != null)
			whileRunning.accept(log, p);
		boolean done = p.waitFor(8, TimeUnit.MINUTES);
		if (!done)
			p.destroyForcibly().waitFor();
		String out = Files.readString(log, StandardCharsets.UTF_8);
		assertTrue(done, "timed out:\n" + out);
		System.out.println(out.lines().filter(l -> l.startsWith("face-emotion:")).collect(Collectors.joining("\n")));
		return new String[] { String.valueOf(p.exitValue()), out };
	}

	/** Every output file of the command line is in the job's folder with the same bytes. */
	static void assertSameOutputs(Path cli, Path spark) throws IOException {
		List<Path> expected = files(cli);
		assertFalse(expected.isEmpty());
		for (Path f : expected) {
			Path g = spark.resolve(cli.relativize(f).toString());
			assertTrue(Files.isRegularFile(g), g + " missing");
			if (f.getFileName().toString().endsWith("-run.json")) {
				// provenance: the same program, model, settings and input; only the run's times differ
				java.util.function.Function<Path, List<String>> stable = p -> {
					try {
						return Files.readAllLines(p).stream().filter(l -> !l.matches("\\s*\"(started|ended|seconds)\".*")).collect(Collectors.toList());
					} catch (IOException e) {
						throw new java.io.UncheckedIOException(e);
					}
				};
				assertEquals(stable.apply(f), stable.apply(g), g + " differs from the command line's " + f);
				continue;
			}
			assertTrue(java.util.Arrays.equals(Files.readAllBytes(f), Files.readAllBytes(g)), g + " differs from the command line's " + f);
		}
	}

	/** Rows per source of the CSV files (header excluded). */
	static Map<String, Long> csvRows(Path out) throws IOException {
		Map<String, Long> rows = new TreeMap<>();
		for (Path f : files(out)) {
			String n = f.getFileName().toString();
			if (!n.endsWith(".csv") || n.endsWith("-summary.csv") || n.endsWith("-segments.csv") || n.endsWith("-events.csv")
					|| f.startsWith(out.resolve("rows.parquet")))
				continue;
			List<String> lines = Files.readAllLines(f);
			String source = lines.size() > 1 ? lines.get(1).split(",")[0] : null;
			if (source != null)
				rows.put(source, (long) lines.size() - 1);
		}
		return rows;
	}

	/** What Spark SQL reads from the Parquet table: column types and rows per source. */
	static String parquet(Path table) throws Exception {
		List<String> c = new ArrayList<>(List.of(java(), "-Xmx1g"));
		c.addAll(OPENS);
		c.addAll(List.of("-cp", JAR + File.pathSeparator + HOME.resolve("jars") + File.separator + "*",
				Path.of("src/test/spark/ParquetCheck.java").toAbsolutePath().toString(), table.toString()));
		Path log = Files.createTempFile("parquet-check", ".log");
		Process p = start(c, log);
		assertTrue(p.waitFor(3, TimeUnit.MINUTES), "parquet check timed out");
		String out = Files.readString(log);
		assertEquals(0, p.exitValue(), out);
		return out.lines().filter(l -> l.startsWith("type ") || l.startsWith("rows ") || l.startsWith("nulls ") || l.startsWith("provenance "))
				.collect(Collectors.joining("\n"));
	}

	static void assertTableMatches(Path out) throws Exception {
		String table = parquet(out.resolve("rows.parquet"));
		for (String t : List.of("type frame integer", "type time_s double", "type face_id integer", "type confidence double",
				"type emotion string", "type happy double", "type source string", "type quality string", "type yaw_deg double", "nulls 0",
				"provenance model sha256"))
			assertTrue(table.contains(t), t + " missing in\n" + table);
		Map<String, Long> expected = csvRows(out);
		assertFalse(expected.isEmpty());
		for (Map.Entry<String, Long> e : expected.entrySet())
			assertTrue(table.contains("rows " + e.getKey() + " " + e.getValue()), "rows of " + e.getKey() + " (" + e.getValue() + ") in\n" + table);
		assertEquals(expected.size(), table.lines().filter(l -> l.startsWith("rows ")).count(), table);
	}

	@Test
	void jarsHoldWhatAClusterNeeds() throws IOException {
		List<String> job = entries(JAR);
		for (String e : List.of("org/faceemotion/spark/SparkAnnotate.class", "org/faceemotion/core/pipeline/FaceEngine.class",
				"org/faceemotion/models/emotion-cnn.onnx", "nu/pattern/opencv/linux/x86_64/libopencv_java490.so",
				"nu/pattern/opencv/linux/ARMv8/libopencv_java490.so", "org/bytedeco/ffmpeg/linux-x86_64/libjniavcodec.so",
				"org/bytedeco/ffmpeg/linux-arm64/libjniavcodec.so", "org/bytedeco/javacpp/linux-arm64/libjnijavacpp.so", "ij/ImagePlus.class"))
			assertTrue(job.contains(e), "face-emotion-spark.jar lacks " + e);
		for (String prefix : List.of("org/apache/spark/", "scala/", "org/nd4j/", "org/deeplearning4j/", "org/faceemotion/train/",
				"nu/pattern/opencv/osx/", "nu/pattern/opencv/windows/"))
			assertFalse(job.stream().anyMatch(e -> e.startsWith(prefix)), "face-emotion-spark.jar holds " + prefix);
		List<String> jars = files(HOME.resolve("jars")).stream().map(p -> p.getFileName().toString()).collect(Collectors.toList());
		for (String prefix : List.of("spark-core_2.13-3.5.", "spark-sql_2.13-3.5.", "scala-library-2.13.", "parquet-hadoop-", "hadoop-client-api-",
				"slf4j-api-2.", "jackson-databind-2.15."))
			assertTrue(jars.stream().anyMatch(j -> j.startsWith(prefix)), "spark-home/jars lacks " + prefix + "*");
		// one version of each library: Spark's own, not a mix
		Map<String, String> byName = new TreeMap<>();
		for (String j : jars) {
			String name = j.replaceAll("-\\d[\\w.]*?(-[a-z_0-9]+)?\\.jar$", "");
			String before = byName.put(name + (j.contains("-linux-") || j.contains("-osx-") ? j : ""), j);
			assertEquals(null, before, "two versions of " + name + ": " + before + ", " + j);
		}
	}

	@Test
	void clusterRunEqualsTheCommandLineAndSurvivesAKilledExecutor() throws Exception {
		Path in = inputs(Files.createDirectories(work.resolve("in")));
		Path out = work.resolve("spark-out"), cliOut = work.resolve("cli-out");
		List<String> killed = new ArrayList<>();
		String[] r = job(work.resolve("job.log"), List.of("--master", master, "--conf", "spark.executor.cores=1", "--conf", "spark.executor.memory=1g",
				"--conf", "spark.driver.host=127.0.0.1", "--out", out.toString(), in.resolve("videos").toString(), in.resolve("photos").toString()),
				(log, driver) -> {
					try {
						waitFor(log, "progress: ", 300, driver); // an input is done; both executors are on the next ones
						ProcessHandle victim = ProcessHandle.allProcesses()
								.filter(h -> h.info().commandLine().map(c -> c.contains("CoarseGrainedExecutorBackend")).orElse(false)).findFirst()
								.orElseThrow();
						killed.add(victim.info().commandLine().orElse(""));
						victim.destroyForcibly();
					} catch (Exception e) {
						throw new AssertionError(e);
					}
				});
		String log = r[1];
		assertEquals("0", r[0], log);
		assertEquals(1, killed.size());
		assertTrue(log.contains("lost ("), "no task was lost with the executor:\n" + log);
		assertTrue(log.contains("progress: 8/8 inputs done"), log);
		assertTrue(log.contains("8 of 8 input(s) annotated"), log);
		assertTrue(log.contains("notes.txt: not a supported image or video file"), log);

		String[] cli = Cli.run("annotate", "--out", cliOut.toString(), in.resolve("videos").toString(), in.resolve("photos").toString());
		assertEquals("0", cli[0], cli[2]);
		assertSameOutputs(cliOut, out);
		// nothing half-written or stale is left beside the outputs: no temporaries, no locks
		List<String> hidden = files(out).stream().filter(f -> !f.startsWith(out.resolve("rows.parquet")))
				.map(f -> f.getFileName().toString()).filter(n -> n.startsWith(".")).collect(Collectors.toList());
		assertEquals(List.of(), hidden);
		assertEquals(files(cliOut).size(), files(out).stream().filter(f -> !f.startsWith(out.resolve("rows.parquet"))).count());
		assertTableMatches(out);

		// each executor JVM created its engine once (one core each: one engine) and reused it
		int engines = 0;
		for (Path stderr : files(work.resolve("work")).stream().filter(f -> f.getFileName().toString().equals("stderr")).collect(Collectors.toList())) {
			String s = Files.readString(stderr);
			engines += s.contains("engine 1 of executor") ? 1 : 0;
			assertFalse(s.contains("engine 2 of executor"), "an executor created a second engine:\n" + s);
		}
		assertTrue(engines >= 2, "engines created: " + engines);

		// --resume: nothing to redo, the table is rebuilt from the finished CSV files
		String[] again = job(work.resolve("resume.log"), List.of("--master", master, "--conf", "spark.driver.host=127.0.0.1", "--resume", "--out",
				out.toString(), in.resolve("videos").toString(), in.resolve("photos").toString()), null);
		assertEquals("0", again[0], again[1]);
		assertTrue(again[1].contains("0 input(s) to annotate") && again[1].contains("8 complete from an earlier run"), again[1]);
		assertSameOutputs(cliOut, out);
		assertTableMatches(out);
	}

	/** Where Spark is provided: SparkSubmit (what bin/spark-submit runs, with the options it adds on Java 17) loads the job's jar. */
	@Test
	void runsUnderSparkSubmit() throws Exception {
		Path dir = Files.createDirectories(work.resolve("submit"));
		Path photo = Files.copy(TestData.faces().resolve("2008_001322.jpg"), dir.resolve("2008_001322.jpg"));
		List<String> c = new ArrayList<>(List.of(java(), "-Xmx1g"));
		c.addAll(OPENS);
		c.addAll(List.of("-cp", HOME.resolve("jars") + File.separator + "*", "org.apache.spark.deploy.SparkSubmit", "--master", master, "--conf",
				"spark.driver.host=127.0.0.1", "--class", "org.faceemotion.spark.SparkAnnotate", JAR.toString(), "--out", dir.resolve("out").toString(),
				photo.toString()));
		Path log = dir.resolve("submit.log");
		Process p = start(c, log);
		assertTrue(p.waitFor(5, TimeUnit.MINUTES), "spark-submit timed out");
		String out = Files.readString(log);
		assertEquals(0, p.exitValue(), out);
		assertTrue(out.contains("1 of 1 input(s) annotated"), out);
		String[] cli = Cli.run("annotate", "--out", dir.resolve("cli").toString(), photo.toString());
		assertEquals("0", cli[0], cli[2]);
		assertSameOutputs(dir.resolve("cli"), dir.resolve("out"));
	}

	/** The jar away from target/: Spark from SPARK_HOME, or a message that says what is missing. */
	@Test
	void jarAloneFindsSparkThroughSparkHome() throws Exception {
		Path dir = Files.createDirectories(work.resolve("alone"));
		Path jar = Files.copy(JAR, dir.resolve("face-emotion-spark.jar"));
		Path photo = Files.copy(TestData.faces().resolve("Tom_Cruise_avp_2014_4.jpg"), dir.resolve("tom.jpg"));
		List<String> c = List.of(java(), "-Xmx1g", "-jar", jar.toString(), "--master", "local[1]", "--out", dir.resolve("out").toString(),
				photo.toString());
		ProcessBuilder pb = new ProcessBuilder(c).redirectErrorStream(true).redirectOutput(dir.resolve("no-home.log").toFile());
		pb.environment().remove("SPARK_HOME");
		Process p = pb.start();
		assertTrue(p.waitFor(2, TimeUnit.MINUTES));
		String out = Files.readString(dir.resolve("no-home.log"));
		assertEquals(2, p.exitValue(), out);
		assertTrue(out.contains("Spark's jars are not on the class path") && out.contains("SPARK_HOME"), out);

		p = start(c, dir.resolve("home.log")); // start() sets SPARK_HOME to target/spark-home
		assertTrue(p.waitFor(5, TimeUnit.MINUTES));
		out = Files.readString(dir.resolve("home.log"));
		assertEquals(0, p.exitValue(), out);
		assertTrue(out.contains("1 of 1 input(s) annotated"), out);
		assertTrue(Files.isDirectory(dir.resolve("out/rows.parquet")), out);
	}

	@Test
	void badFilesAreReportedAndHadoopPathsWork() throws Exception {
		Path dir = Files.createDirectories(work.resolve("bad"));
		Path photos = Files.createDirectories(dir.resolve("photos"));
		for (String f : List.of("2008_001009.jpg", "2009_004587.jpg"))
			Files.copy(TestData.faces().resolve(f), photos.resolve(f));
		Path empty = Files.createFile(dir.resolve("empty.mp4"));
		Path out = dir.resolve("out");
		// inputs and output as file:// URIs: the Hadoop path (download, local outputs, upload and rename)
		List<String> args = List.of("--master", "local[2]", "--out", out.toUri().toString(), photos.toUri().toString(), empty.toString());
		String[] r = job(dir.resolve("job.log"), args, null);
		assertEquals("1", r[0], r[1]);
		assertTrue(r[1].contains("empty.mp4") && r[1].contains("1 input(s) failed"), r[1]);
		assertTrue(r[1].contains("2 of 3 input(s) annotated"), r[1]);
		String[] cli = Cli.run("annotate", "--out", dir.resolve("cli").toString(), photos.toString());
		assertEquals("0", cli[0], cli[2]);
		assertSameOutputs(dir.resolve("cli"), out);
		assertTableMatches(out);
		// outputs are never silently replaced
		String[] again = job(dir.resolve("again.log"), List.of("--master", "local[1]", "--out", out.toString(), photos.toString()), null);
		assertEquals("1", again[0], again[1]);
		assertTrue(again[1].contains("exists; use --overwrite"), again[1]);
	}
}
