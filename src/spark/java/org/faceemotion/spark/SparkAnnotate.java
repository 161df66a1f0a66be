package org.faceemotion.spark;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

import org.apache.hadoop.conf.Configuration;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.util.LongAccumulator;
import org.faceemotion.batch.AnnotateOptions;
import org.faceemotion.batch.Item;
import org.faceemotion.cli.AnnotateMixin;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code annotate} on an Apache Spark cluster: one task per video (images of a folder grouped),
 * the outputs of the command line per input, and every row of every input in one Parquet table
 * {@code OUT/rows.parquet/} partitioned by {@code source}.
 */
@Command(name = "face-emotion-spark", mixinStandardHelpOptions = true, sortOptions = false,
		description = { "Annotate videos and images on a Spark cluster: per input the outputs of `annotate` (<name>.csv, "
				+ "<name>-summary.csv, <name>-timeline.png for videos, an annotated copy for images), and all rows in OUT/rows.parquet/.",
				"Run as  java -jar face-emotion-spark.jar --master local[2]|spark://HOST:PORT --out DIR INPUT...",
				"or      spark-submit --class org.faceemotion.spark.SparkAnnotate face-emotion-spark.jar --out DIR INPUT..." })
public final class SparkAnnotate implements Callable<Integer> {
	@Parameters(arity = "1..*", paramLabel = "INPUT", description = "Video or image files, or folders of them: local paths shared by the nodes, or hdfs://, s3a://, file:// URIs")
	List<String> inputs;
	@Option(names = "--out", required = true, description = "Output folder (local path shared by the nodes, or a Hadoop URI)")
	String out;
	@Option(names = "--master", description = "local[N] or spark://HOST:PORT (default: what spark-submit set, else local[*])")
	String master;
	@Option(names = "--conf", paramLabel = "KEY=VALUE", description = "A Spark setting, e.g. spark.executor.memory=2g (repeatable)")
	Map<String, String> conf = new LinkedHashMap<>();
	@Option(names = "--images-per-task", defaultValue = "32", description = "Images of one folder per task (default: ${DEFAULT-VALUE})")
	int imagesPerTask;
	@Option(names = "--threads-per-task", description = "Analysis workers (one engine each) of each task (default: spark.task.cpus, which is 1 unless set); --workers and --videos-at-once do not apply here: each task is one video")
	Integer threadsPerTask;

	@Mixin
	AnnotateMixin mixin;

	public static void main(String[] args) {
		System.exit(new CommandLine(new SparkAnnotate()).execute(args));
	}

	@Override
	public Integer call() {
		AnnotateOptions settings;
		try {
			settings = mixin.options();
			if (imagesPerTask < 1)
				throw new IllegalArgumentException("--images-per-task must be >= 1, got " + imagesPerTask);
			if (threadsPerTask != null && threadsPerTask < 1)
				throw new IllegalArgumentException("--threads-per-task must be >= 1, got " + threadsPerTask);
			if (!Storage.viaHadoop(out) && Files.exists(Path.of(out)) && !Files.isDirectory(Path.of(out)))
				throw new IllegalArgumentException("--out " + out + ": is a file, not a folder");
		} catch (IllegalArgumentException e) {
			System.err.println("error: " + e.getMessage());
			return 2;
		}
		SparkSession.Builder b = SparkSession.builder().appName("face-emotion");
		if (master != null) {
			b.master(master);
			if (!master.startsWith("local"))
				b.config("spark.jars", ownJar()); // executors load the job and the engine from this jar
		} else if (System.getProperty("spark.master") == null) // not under spark-submit
			b.master("local[*]");
		conf.forEach(b::config);
		// two attempts of one input at once would write the same files: one waits for the other's
		// lock and reports the input failed; retries of lost tasks are enough
		b.config("spark.speculation", "false");
		SparkSession spark = b.getOrCreate();
		try {
			return run(spark, settings);
		} catch (IOException | RuntimeException e) {
			System.err.println("error: " + e.getMessage());
			return 2;
		} finally {
			spark.stop();
		}
	}

	private int run(SparkSession spark, AnnotateOptions settings) throws IOException {
		JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
		Configuration hadoop = sc.hadoopConfiguration();
		if (Storage.viaHadoop(out))
			Storage.fs(out, hadoop).mkdirs(Storage.hpath(out));
		else
			org.faceemotion.batch.LocalStore.prepare(Path.of(out));
		Planner plan = new Planner(settings, out, hadoop).plan(inputs);
		plan.refused.forEach(m -> System.err.println("refused: " + m));
		int total = plan.toRun.size();
		log(String.format(Locale.ROOT, "%d input(s) to annotate on %s (%d complete from an earlier run, %d refused, %d left out)", total,
				spark.sparkContext().master(), plan.complete.size(), plan.refused.size(), plan.skipped.size()));

		List<Work.Outcome> outcomes = new ArrayList<>();
		if (total > 0) {
			LongAccumulator frames = sc.sc().longAccumulator("face-emotion frames");
			LongAccumulator done = sc.sc().longAccumulator("face-emotion inputs");
			long t0 = System.nanoTime();
			java.util.concurrent.atomic.AtomicBoolean annotating = new java.util.concurrent.atomic.AtomicBoolean(true);
			spark.sparkContext().addSparkListener(new SparkListener() {
				@Override
				public void onTaskEnd(SparkListenerTaskEnd e) {
					if (!annotating.get())
						return;
					double s = (System.nanoTime() - t0) / 1e9;
					if (!e.taskInfo().successful()) {
						log("task " + e.taskInfo().index() + " on executor " + e.taskInfo().executorId() + " lost (" + e.reason()
								+ "); Spark runs it again");
						return;
					}
					log(String.format(Locale.ROOT, "progress: %d/%d inputs done, %d frames in %.0f s: %.1f frames/s across the cluster", done.value(),
							total, frames.value(), s, frames.value() / s));
				}
			});
			// long videos: a line every minute between task ends, with the tasks running now
			java.util.concurrent.ScheduledExecutorService heartbeat = java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
				Thread t = new Thread(r, "face-emotion-progress");
				t.setDaemon(true);
				return t;
			});
			heartbeat.scheduleAtFixedRate(() -> {
				int running = 0;
				for (int stage : sc.statusTracker().getActiveStageIds()) {
					org.apache.spark.SparkStageInfo info = sc.statusTracker().getStageInfo(stage);
					running += info == null ? 0 : info.numActiveTasks();
				}
				log(String.format(Locale.ROOT, "progress: %d/%d inputs done, %d task(s) running, %.0f s", done.value(), total, running,
						(System.nanoTime() - t0) / 1e9));
			}, 60, 60, java.util.concurrent.TimeUnit.SECONDS);
			int threads = threadsPerTask != null ? threadsPerTask : spark.sparkContext().getConf().getInt("spark.task.cpus", 1);
			settings.workers = threads; // a task's engines: --threads-per-task, whatever --workers says (it sizes the command line's pool)
			List<Work.Unit> units = plan.units(imagesPerTask);
			List<Work.Outcome[]> results = sc.parallelize(units, units.size())
					.map(new RunUnit(settings, out, threads, frames, done, hadoop)).collect();
			annotating.set(false);
			heartbeat.shutdownNow();
			results.forEach(r -> outcomes.addAll(List.of(r)));
			removeLeftovers(plan.toRun, hadoop);
			double s = (System.nanoTime() - t0) / 1e9;
			long ok = outcomes.stream().filter(o -> o.done).count();
			log(String.format(Locale.ROOT, "annotated %d of %d input(s)%s, %d frames in %.1f s (%.1f frames/s)", ok, total,
					ok < total ? " (" + (total - ok) + " failed)" : "", frames.value(), s, frames.value() / s));
		}
		List<String> failed = new ArrayList<>(plan.refused);
		List<String> csvs = new ArrayList<>(), baselineCsvs = new ArrayList<>();
		Map<String, Item> planned = new java.util.HashMap<>();
		plan.toRun.forEach(e -> planned.put(e.input, e));
		for (Work.Outcome o : outcomes) {
			if (o.done) {
				System.out.println(o.input + ": " + o.message + " [executor " + o.executor + "]");
				Item done = planned.get(o.input);
				(done.video() && settings.baseline != null ? baselineCsvs : csvs).add(Storage.child(out, done.table()));
			} else {
				System.err.println("  failed: " + o.message);
				failed.add(o.message);
			}
		}
		for (Item e : plan.complete)
			(e.video() && settings.baseline != null ? baselineCsvs : csvs).add(Storage.child(out, e.table()));
		RowsTable.write(spark, csvs, baselineCsvs, settings.baseline != null ? org.faceemotion.report.Baseline.columns() : List.of(),
				provenance(settings), out);
		long finished = outcomes.stream().filter(o -> o.done).count() + plan.complete.size();
		System.out.printf(Locale.ROOT, "%d of %d input(s) annotated into %s%s; rows of all in %s%n", finished, finished + failed.size(), out,
				plan.complete.isEmpty() ? "" : " (" + plan.complete.size() + " complete from an earlier run)", Storage.child(out, RowsTable.NAME));
		if (!plan.skipped.isEmpty()) {
			System.err.println(plan.skipped.size() + " file(s) or folder(s) left out:");
			plan.skipped.forEach(m -> System.err.println("  " + m));
		}
		if (!failed.isEmpty()) {
			System.err.println(failed.size() + " input(s) failed:");
			failed.forEach(m -> System.err.println("  " + m));
			return 1;
		}
		return 0;
	}

	/** Temporaries and locks of attempts that were killed (their retries wrote the outputs). */
	private void removeLeftovers(List<Item> entries, Configuration hadoop) throws IOException {
		if (Storage.viaHadoop(out)) {
			org.apache.hadoop.fs.FileSystem fs = Storage.fs(out, hadoop);
			for (Item e : entries)
				for (String o : e.outputs)
					fs.delete(Storage.hpath(Storage.child(out, Storage.uploadingName(o))), false);
			return;
		}
		for (Item e : entries) {
			List<Path> targets = new ArrayList<>();
			e.outputs.forEach(o -> targets.add(Path.of(out).resolve(o)));
			org.faceemotion.io.OutputFiles.removeLeftovers(Path.of(out), e.stem, targets);
		}
	}

	static void log(String m) {
		System.err.println("face-emotion: " + m);
	}

	private static String ownJar() {
		try {
			return Path.of(SparkAnnotate.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
		} catch (Exception e) {
			throw new IllegalStateException("cannot find the job's jar", e);
		}
	}

	/** The run's provenance (program, model, settings) for the Parquet table's metadata; null when the model cannot be read here. */
	static String provenance(AnnotateOptions settings) {
		org.faceemotion.core.pipeline.EngineConfig config = settings.engineConfig();
		// the executors run the same jar: its classifier and detector say what runs them
		try (org.faceemotion.core.classify.OnnxEmotionClassifier model = org.faceemotion.core.classify.OnnxEmotionClassifier.shipped();
				org.faceemotion.core.detect.FaceDetector detector = config.detector.create(config.scoreThreshold, config.minFaceSize)) {
			return new org.faceemotion.batch.Provenance(settings, config, model, detector.runtime()).json();
		} catch (Exception | LinkageError e) {
			System.err.println("warning: the Parquet table carries no provenance (" + e + "); each input's -run.json has it");
			return null;
		}
	}
}
