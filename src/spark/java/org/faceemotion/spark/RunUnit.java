package org.faceemotion.spark;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.hadoop.conf.Configuration;
import org.apache.spark.SparkEnv;
import org.apache.spark.api.java.function.Function;
import org.apache.spark.util.LongAccumulator;
import org.faceemotion.batch.AnnotateOptions;
import org.faceemotion.batch.Failures;
import org.faceemotion.batch.Item;
import org.faceemotion.batch.LocalStore;
import org.faceemotion.batch.Logger;
import org.faceemotion.core.pipeline.EnginePool;
import org.faceemotion.core.pipeline.FaceEngine;
import org.faceemotion.imagej.InputAnnotator;
import org.faceemotion.io.OutputFiles;
import org.faceemotion.io.video.VideoAnnotator;

/**
 * One Spark task on an executor: annotates its inputs with an engine of this JVM (created on
 * the executor's first task, reused by every later one), exactly as {@code annotate} does. A
 * failing input is reported and the task goes on (Spark's retries are for lost executors, not
 * for bad files); outputs appear under their names only when complete, so a killed attempt leaves
 * nothing that passes for finished and its retry replaces whatever it left.
 */
final class RunUnit implements Function<Work.Unit, Work.Outcome[]> {
	private static final long serialVersionUID = 1L;

	private final AnnotateOptions settings;
	private final String out;
	private final int threads;
	private final LongAccumulator frames, inputs;
	private final Map<String, String> hadoopConf;

	RunUnit(AnnotateOptions settings, String out, int threads, LongAccumulator frames, LongAccumulator inputs, Configuration conf) {
		this.settings = settings;
		this.out = out;
		this.threads = threads;
		this.frames = frames;
		this.inputs = inputs;
		this.hadoopConf = new java.util.HashMap<>();
		conf.forEach(e -> hadoopConf.put(e.getKey(), e.getValue()));
	}

	@Override
	public Work.Outcome[] call(Work.Unit unit) {
		Configuration conf = new Configuration(false);
		hadoopConf.forEach(conf::set);
		// this task's engines: --threads-per-task of them, from the ones this executor JVM keeps between tasks
		List<FaceEngine> mine = Engines.take(settings, threads);
		try {
			EnginePool engines = EnginePool.of(mine); // not closed: the engines go back for the next task
			List<Work.Outcome> outcomes = new ArrayList<>();
			for (Item e : unit.items)
				outcomes.add(run(e, engines, conf));
			return outcomes.toArray(new Work.Outcome[0]);
		} finally {
			Engines.give(settings, mine);
		}
	}

	private Work.Outcome run(Item e, EnginePool engines, Configuration conf) {
		boolean remoteIn = Storage.viaHadoop(e.input), remoteOut = Storage.viaHadoop(out);
		Path work = null;
		Path in = null;
		long[] count = { e.video() ? 0 : 1 };
		try {
			if (remoteIn || remoteOut)
				work = Files.createTempDirectory("face-emotion-spark-");
			in = remoteIn ? Storage.download(e.input, work.resolve("in"), conf) : Path.of(e.input);
			Path dir = remoteOut ? Files.createDirectories(work.resolve("out")) : Files.createDirectories(Path.of(out));
			List<Path> outputs = new ArrayList<>();
			e.outputs.forEach(o -> outputs.add(dir.resolve(o)));
			VideoAnnotator.Options video = settings.videoOptions();
			LocalStore store = new LocalStore(dir);
			String message;
			try (AutoCloseable lock = store.lock(e.stem)) {
				settings.policy().removeStale(e, store);
				message = new InputAnnotator(engines, settings, video, () -> false, (f, t, d) -> count[0] = f).run(e, in, dir, Logger.NONE);
			}
			if (remoteOut) {
				settings.policy().removeStale(e, new HadoopStore(out, conf));
				Storage.upload(outputs, out, conf);
			}
			frames.add(count[0]);
			inputs.add(1);
			return new Work.Outcome(e.input, true, message, count[0], executorId());
		} catch (Exception x) {
			String m = Failures.message(in != null ? in.toString() : new org.apache.hadoop.fs.Path(e.input).getName(), x);
			if (in != null && remoteIn)
				m = m.replace(in.toString(), e.input);
			inputs.add(1);
			return new Work.Outcome(e.input, false, m, 0, executorId());
		} finally {
			OutputFiles.deleteTree(work);
		}
	}

	private static String executorId() {
		SparkEnv env = SparkEnv.get();
		return env == null ? "?" : env.executorId();
	}

	/** The engines of this JVM, one per task running at the same time, kept for the next tasks. */
	static final class Engines {
		private static final Map<String, Queue<FaceEngine>> IDLE = new ConcurrentHashMap<>();
		private static final AtomicInteger CREATED = new AtomicInteger();

		private Engines() {
		}

		private static String key(AnnotateOptions s) {
			return s.detector + "|" + s.scoreThreshold + "|" + s.minFace + "|" + s.tta + "|" + s.prior;
		}

		/** {@code n} engines for one task: idle ones of earlier tasks first, new ones for the rest. */
		static List<FaceEngine> take(AnnotateOptions s, int n) {
			List<FaceEngine> engines = new ArrayList<>();
			Queue<FaceEngine> idle = IDLE.computeIfAbsent(key(s), k -> new ConcurrentLinkedQueue<>());
			for (FaceEngine e; engines.size() < n && (e = idle.poll()) != null;)
				engines.add(e);
			while (engines.size() < n) {
				long t0 = System.nanoTime();
				if (CREATED.get() == 0) {
					// tasks and their workers are the parallelism: one OpenCV thread each, and one ONNX Runtime thread
					// (a classifier takes OpenCV's thread count when it is made, so this comes first)
					org.faceemotion.core.image.OpenCv.load();
					org.opencv.core.Core.setNumThreads(1);
				}
				engines.add(new FaceEngine(s.engineConfig()));
				CREATED.incrementAndGet();
				System.err.printf(java.util.Locale.ROOT, "face-emotion: engine %d of executor %s created in %.2f s%n", CREATED.get(), executorId(),
						(System.nanoTime() - t0) / 1e9);
			}
			return engines;
		}

		static void give(AnnotateOptions s, List<FaceEngine> engines) {
			IDLE.get(key(s)).addAll(engines);
		}
	}
}
