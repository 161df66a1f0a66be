package org.faceemotion.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

import org.faceemotion.core.pipeline.EngineConfig;
import org.faceemotion.core.pipeline.EnginePool;
import org.faceemotion.core.pipeline.FaceEngine;
import org.faceemotion.core.model.VideoFrame;
import org.faceemotion.io.video.FfmpegVideoSource;
import org.faceemotion.io.video.VideoAnnotator;
import org.opencv.core.Core;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * The video pipeline against its bound: each stage alone on one thread (OpenCV on one thread,
 * frames decoded beforehand, a warm-up pass first), the bound that gives on all cores, and the
 * real pipeline of {@code annotate} on the same video, as a fraction of that bound.
 */
@Command(name = "bench-video", mixinStandardHelpOptions = true,
		description = "Print the one-thread stage costs of a video (detection, classification; the networks' forward passes alone), the bound they give on all cores, and the pipeline's frames/s as a fraction of it.")
public final class BenchVideoCommand implements Callable<Integer> {
	@Parameters(arity = "0..1", paramLabel = "VIDEO", defaultValue = "../shared/testdata/video/short-clip-640x360.mp4",
			description = "Video file (default: the shared clip)")
	Path video;
	@Option(names = "--workers", description = "Analysis workers, one engine each (default: the cores the JVM sees)")
	int workers = Runtime.getRuntime().availableProcessors();
	@Option(names = "--frames", defaultValue = "300", description = "Frames decoded for the stage measurement (default: ${DEFAULT-VALUE})")
	int maxFrames;
	@Option(names = "--repeat", defaultValue = "3", description = "Pipeline runs (default: ${DEFAULT-VALUE})")
	int repeat;
	@Option(names = "--detector", defaultValue = "blazeface-full")
	String detector;
	@Option(names = "--cold", defaultValue = "0", description = "Also run the whole annotate command this many times, each in a fresh JVM "
			+ "(what a user waits for), each followed by the stage bound measured again, and print the ratios and their median (default: ${DEFAULT-VALUE})")
	int cold;

	@Override
	public Integer call() throws Exception {
		video = Models.projectDefault(video, "../shared/testdata/video/short-clip-640x360.mp4");
		if (!Files.isRegularFile(video)) {
			System.err.println("error: " + video + ": no such video file");
			return 2;
		}
		if (maxFrames < 1 || repeat < 0 || cold < 0) {
			System.err.println("error: --frames must be at least 1, --repeat and --cold at least 0");
			return 2;
		}
		int cores = Runtime.getRuntime().availableProcessors();
		// the bound is for the pipeline's analysis workers, each on a core
		EngineConfig config = EngineConfig.of(detector, 0.5, 12, false);
		try (EnginePool pool = new EnginePool(config, workers)) {
			FaceEngine engine = pool.primary();
			int threadsBefore = Core.getNumThreads();
			List<VideoFrame> frames = new ArrayList<>();
			try (FfmpegVideoSource src = new FfmpegVideoSource(video, 0, Double.POSITIVE_INFINITY, 1)) {
				for (VideoFrame f; frames.size() < maxFrames && (f = src.next()) != null;)
					frames.add(f);
			}
			Core.setNumThreads(1);
			for (VideoFrame f : frames) // warm-up: JIT, the networks' first passes
				engine.analyze(f.bgr);
			engine.stageStats();
			long[] before = engine.forwardNanos();
			long t0 = System.nanoTime();
			for (VideoFrame f : frames)
				engine.analyze(f.bgr);
			double wall = (System.nanoTime() - t0) / 1e6 / frames.size();
			long[] after = engine.forwardNanos();
			double[] st = engine.stageStats();
			double n = frames.size(), facesPerFrame = st[3] / n;
			double detFwd = (after[0] - before[0]) / 1e6 / n, clsFwd = (after[1] - before[1]) / 1e6 / Math.max(1, st[3]);
			// the workers alone, as many as the pipeline has, on the decoded frames, nothing else running
			List<FaceEngine> engines = pool.engines(workers);
			java.util.concurrent.atomic.AtomicInteger next = new java.util.concurrent.atomic.AtomicInteger();
			List<Thread> threads = new ArrayList<>();
			for (FaceEngine e : engines)
				threads.add(new Thread(() -> {
					for (int i; (i = next.getAndIncrement()) < 2 * frames.size();)
						e.analyze(frames.get(i % frames.size()).bgr);
				}));
			for (FaceEngine e : engines.subList(1, engines.size())) // warm the other engines too
				for (VideoFrame f : frames.subList(0, Math.min(30, frames.size())))
					e.analyze(f.bgr);
			long w0 = System.nanoTime();
			threads.forEach(Thread::start);
			for (Thread t : threads)
				t.join();
			double workersOnly = 2 * frames.size() / ((System.nanoTime() - w0) / 1e9);
			engines.forEach(FaceEngine::stageStats); // the pipeline's stage times start from zero
			Core.setNumThreads(threadsBefore);
			double bound = workers * 1000 / (st[0] + st[1]), forwardBound = workers * 1000 / (detFwd + facesPerFrame * clsFwd);
			System.out.printf(Locale.ROOT, "%s: %d frames, %.2f faces per frame; %d cores, java %s%n", video.getFileName(), (int) n,
					facesPerFrame, cores, System.getProperty("java.version"));
			System.out.printf(Locale.ROOT, "one thread, each stage alone (second pass):%n");
			System.out.printf(Locale.ROOT, "  detection       %6.2f ms per frame (forward pass %.2f ms)%n", st[0], detFwd);
			System.out.printf(Locale.ROOT, "  classification  %6.2f ms per frame = %.2f ms per face (forward pass %.2f ms; crop and alignment the rest)%n",
					st[1], st[1] / Math.max(1e-9, facesPerFrame), clsFwd);
			System.out.printf(Locale.ROOT, "  analysis        %6.2f ms per frame in all%n", wall);
			System.out.printf(Locale.ROOT, "bound on %d cores (one per analysis worker): %.1f frames/s from the stages, %.1f from the forward passes alone%n",
					workers, bound, forwardBound);
			System.out.printf(Locale.ROOT, "%d workers alone on the decoded frames (no decoder, no writer): %.1f frames/s = %.0f %% of the stage bound%n",
					engines.size(), workersOnly, 100 * workersOnly / bound);
			Path out = Files.createTempDirectory("bench-video");
			try {
				for (int r = 1; r <= repeat; r++) {
					VideoAnnotator.Options o = new VideoAnnotator.Options();
					long cpu0 = processCpuNanos(), jit0 = jitMillis();
					VideoAnnotator.Result res = VideoAnnotator.annotate(video, out, "run" + r, pool, o, (a, b, c) -> {
					}, () -> false);
					double fps = res.frames / res.wallSec;
					double cpu = (processCpuNanos() - cpu0) / 1e9, jit = (jitMillis() - jit0) / 1e3;
					durationSec = res.durationSec;
					System.out.printf(Locale.ROOT,
							"pipeline run %d (%d workers): %.1f frames/s = %.0f %% of the stage bound, %.0f %% of the forward-pass bound; in the workers detect %.1f ms, classify %.1f ms per frame; decode %.1f ms, write %.1f ms; process CPU %.1f s in %.1f s, JIT %.1f s%n",
							r, workers, fps, 100 * fps / bound, 100 * fps / forwardBound, res.detectMs, res.classifyMs, res.decodeMs, res.writeMs,
							cpu, res.wallSec, jit);
				}
				if (cold > 0)
					coldRuns(engine, frames, out);
			} finally {
				org.faceemotion.io.OutputFiles.deleteTree(out);
				frames.forEach(f -> f.bgr.release());
			}
		}
		return 0;
	}

	private double durationSec = Double.NaN;

	/**
	 * The whole {@code annotate} command in fresh JVMs, as a user starts it, each paired with the
	 * one-thread stage bound measured right after it: on a machine whose speed drifts by 10 % within
	 * minutes, a ratio is only meaningful against a bound measured beside it.
	 */
	private void coldRuns(FaceEngine engine, List<VideoFrame> frames, Path out) throws Exception {
		String javaBin = ProcessHandle.current().info().command().orElse("java");
		double[] ratios = new double[cold];
		java.util.regex.Pattern line = java.util.regex.Pattern.compile("in ([0-9.]+) s \\(([0-9.]+) fps");
		for (int k = 0; k < cold; k++) {
			Path dir = out.resolve("cold" + k);
			ProcessBuilder pb = new ProcessBuilder(javaBin, "-cp", System.getProperty("java.class.path"), Main.class.getName(), "annotate",
					video.toString(), "--out", dir.toString(), "--workers", String.valueOf(workers)).redirectErrorStream(true);
			long t0 = System.nanoTime();
			Process p = pb.start();
			String text = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
			int rc = p.waitFor();
			double whole = (System.nanoTime() - t0) / 1e9;
			java.util.regex.Matcher m = line.matcher(text);
			if (rc != 0 || !m.find())
				throw new IllegalStateException("annotate in a fresh JVM failed (exit " + rc + "):\n" + text);
			double fps = Double.parseDouble(m.group(2));
			int threadsBefore = Core.getNumThreads();
			Core.setNumThreads(1);
			engine.stageStats();
			for (VideoFrame f : frames)
				engine.analyze(f.bgr);
			double[] st = engine.stageStats();
			Core.setNumThreads(threadsBefore);
			double bound = workers * 1000 / (st[0] + st[1]);
			ratios[k] = fps / bound;
			System.out.printf(Locale.ROOT,
					"cold command %d: whole command %.2f s (%.1fx real time), pipeline %.1f frames/s = %.0f %% of the stage bound measured right after (%.1f frames/s)%n",
					k + 1, whole, durationSec / whole, fps, 100 * ratios[k], bound);
		}
		double[] sorted = ratios.clone();
		java.util.Arrays.sort(sorted);
		double median = cold % 2 == 1 ? sorted[cold / 2] : (sorted[cold / 2 - 1] + sorted[cold / 2]) / 2;
		System.out.printf(Locale.ROOT, "cold commands: median %.0f %% of the stage bound (range %.0f-%.0f %%)%n", 100 * median, 100 * sorted[0],
				100 * sorted[cold - 1]);
	}

	private static long processCpuNanos() {
		java.lang.management.OperatingSystemMXBean os = java.lang.management.ManagementFactory.getOperatingSystemMXBean();
		return os instanceof com.sun.management.OperatingSystemMXBean ? ((com.sun.management.OperatingSystemMXBean) os).getProcessCpuTime() : 0;
	}

	private static long jitMillis() {
		java.lang.management.CompilationMXBean c = java.lang.management.ManagementFactory.getCompilationMXBean();
		return c != null && c.isCompilationTimeMonitoringSupported() ? c.getTotalCompilationTime() : 0;
	}
}
