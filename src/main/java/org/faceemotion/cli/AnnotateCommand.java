package org.faceemotion.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import org.faceemotion.batch.AnnotateOptions;
import org.faceemotion.batch.BatchPlan;
import org.faceemotion.batch.BatchReport;
import org.faceemotion.batch.BatchRunner;
import org.faceemotion.batch.Item;
import org.faceemotion.batch.LocalStore;
import org.faceemotion.batch.Logger;
import org.faceemotion.core.pipeline.EnginePool;
import org.faceemotion.imagej.InputAnnotator;
import org.faceemotion.io.video.FfmpegVideoSource;
import org.faceemotion.io.video.VideoAnnotator;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "annotate", mixinStandardHelpOptions = true,
		description = "Find faces and their emotions in images, multi-page TIFF stacks and videos (files or folders); write <name>.csv and an annotated copy (images), or <name>.csv, <name>-summary.csv and <name>-timeline.png (videos) per input.")
public final class AnnotateCommand implements Callable<Integer> {
	@Parameters(arity = "1..*", paramLabel = "INPUT", description = "Image files (png, jpg, tif, gif, bmp, pgm), multi-page TIFF stacks, video files (mp4, mov, mkv, webm, avi, ...), or folders of them")
	List<Path> inputs;
	@Option(names = "--out", required = true, description = "Output folder")
	Path out;
	@Mixin
	AnnotateMixin mixin;
	@Option(names = "--apply-corrections", paramLabel = "FILE", description = "Apply a corrections file (<name>-corrections.json, from Fiji's "
			+ "Review Results) to the INPUT tables (<name>.csv) instead of annotating: writes <name>-corrected.csv and its summary, segments, "
			+ "timeline (and event tables with --events). On another run's table (a newer model) ids are matched by the overlap of their "
			+ "boxes over time, and edits that no longer fit are reported.")
	Path applyCorrections;

	@Override
	public Integer call() {
		AnnotateOptions options;
		try {
			options = mixin.options();
			if (out.toString().isBlank())
				throw new IllegalArgumentException("--out is empty: name the output folder");
			if (out.toString().equals("~") || out.toString().startsWith("~/")) // --out=~/x: no shell expands the ~ after '='
				out = Path.of(System.getProperty("user.home")).resolve(out.toString().substring(1).replaceFirst("^/", ""));
			if (Files.exists(out) && !Files.isDirectory(out))
				throw new IllegalArgumentException("--out " + out + ": is a file, not a folder");
		} catch (IllegalArgumentException e) {
			System.err.println("error: " + e.getMessage());
			return 2;
		}
		if (applyCorrections != null)
			return applyCorrections(options);
		BatchPlan plan = BatchPlan.local(inputs, out, BatchPlan.Kinds.IMAGES_AND_VIDEOS, options.annotatedVideo, options.events != null);
		if (plan.items.isEmpty() && plan.refused.isEmpty()) {
			plan.skipped.forEach(m -> System.err.println("  " + m));
			System.err.println("error: nothing to annotate: no image or video file in " + inputs);
			return 1;
		}
		// the videos are probed (FFmpeg's libraries load) while the models load
		java.util.concurrent.FutureTask<Double> seconds = new java.util.concurrent.FutureTask<>(() -> totalVideoSeconds(plan.items));
		Thread probe = new Thread(seconds, "probe-videos");
		probe.setDaemon(true);
		probe.start();
		Logger console = Logger.of(System.out::println, System.err::println, f -> {
		});
		BatchReport r;
		try {
			LocalStore store = LocalStore.prepare(out);
			VideoAnnotator.Options video = options.videoOptions();
			boolean videos = plan.items.stream().anyMatch(Item::video);
			// images go one at a time through one engine with OpenCV's own threads; videos use every worker
			try (EnginePool engines = videos ? options.engines() : new EnginePool(options.engineConfig(), 1)) {
				if (videos)
					engines.readyForVideo(); // while the videos are probed
				ProgressBar bar = new ProgressBar(System.out, totalSeconds(seconds));
				// several videos at once when there are more videos than one video's workers can use (--videos-at-once)
				int videoCount = (int) plan.items.stream().filter(Item::video).count();
				List<BatchRunner.InputJob> lanes = new java.util.ArrayList<>();
				for (EnginePool lane : engines.lanes(videos ? options.lanes(videoCount) : 1)) {
					Object[] current = { null };
					double[] duration = { 0 };
					InputAnnotator annotator = new InputAnnotator(lane, options, video, () -> false, (frames, t, d) -> {
						duration[0] = d;
						bar.update(current[0], frames, t - video.startSec, d, false);
					});
					lanes.add((item, input, dir, log) -> {
						if (!item.video())
							return annotator.run(item, input, dir, log);
						current[0] = item;
						bar.startFile(item, input.getFileName().toString());
						duration[0] = 0;
						try {
							return annotator.run(item, input, dir, log);
						} finally {
							bar.finishFile(item, duration[0]);
						}
					});
				}
				r = BatchRunner.run(plan, options.policy(), store, lanes, () -> false, console);
			}
		} catch (IOException e) {
			System.err.println("error: " + e.getMessage());
			return 2;
		}
		r.print(out.toString(), console);
		return r.ok() ? 0 : 1;
	}

	private static double totalSeconds(java.util.concurrent.FutureTask<Double> seconds) {
		try {
			return seconds.get();
		} catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			return 0;
		} catch (java.util.concurrent.ExecutionException e) {
			return 0; // each file's problem is reported when its turn comes
		}
	}

	private static double totalVideoSeconds(List<Item> items) {
		double total = 0;
		for (Item i : items) {
			if (!i.video())
				continue;
			try (FfmpegVideoSource s = new FfmpegVideoSource(Path.of(i.input), 0, Double.POSITIVE_INFINITY, 1)) {
				total += s.durationSec();
			} catch (RuntimeException e) {
				// reported when the file's turn comes
			}
		}
		return total;
	}

	/** --apply-corrections: each input is a table; 0 when every edit fitted every table, 1 when some did not or a table failed. */
	private int applyCorrections(AnnotateOptions options) {
		org.faceemotion.report.Corrections c;
		try {
			c = org.faceemotion.report.Corrections.read(applyCorrections);
		} catch (IOException e) {
			System.err.println("error: " + e.getMessage());
			return 2;
		}
		int problems = 0;
		for (Path table : inputs) {
			try {
				if (!table.getFileName().toString().endsWith(".csv") || !Files.isRegularFile(table))
					throw new IOException(table + ": --apply-corrections takes tables (<name>.csv) as inputs");
				String stem = org.faceemotion.io.OutputLayout.stem(table.getFileName().toString());
				Path dir = Files.createDirectories(out);
				for (String name : org.faceemotion.io.OutputLayout.derived(org.faceemotion.io.OutputLayout.corrected(stem), true))
					if (Files.exists(dir.resolve(name)) && !options.overwrite)
						throw new IOException(table + ": " + dir.resolve(name) + " exists; use --overwrite to replace the corrected outputs");
				java.util.List<org.faceemotion.core.pipeline.ResultRow> rows = org.faceemotion.core.pipeline.ResultsCsv.read(table);
				String sha = org.faceemotion.report.Corrections.sha256(table);
				boolean same = sha.equals(c.tableSha256);
				System.out.println(table + ": " + c.edits.size() + " edit(s) from " + applyCorrections + (same ? ", made on this table"
						: ", made on another table (" + c.table + "): faces matched by the overlap of their boxes over time"));
				org.faceemotion.report.Corrections.Outcome o = c.applyTo(rows, sha);
				o.applied.forEach(a -> System.out.println("  " + a));
				o.notApplied.forEach(a -> System.out.println("  not applied: " + a));
				java.util.List<org.faceemotion.report.Events.Event> events = options.events(stem, new ArrayList<>());
				org.faceemotion.report.ResultOutputs.writeCorrected(o.rows, dir, stem, rows.isEmpty() ? table.getFileName().toString() : rows.get(0).source,
						org.faceemotion.report.ResultOutputs.mediaOf(rows, stem), events, options.reportOptions());
				System.out.println("  wrote " + dir.resolve(org.faceemotion.io.OutputLayout.table(org.faceemotion.io.OutputLayout.corrected(stem)))
						+ " and its summary, segments and timeline" + (events != null ? " and event tables" : ""));
				if (!o.notApplied.isEmpty()) {
					System.err.println(table + ": " + o.notApplied.size() + " edit(s) did not fit and were left out (above)");
					problems++;
				}
			} catch (IOException | RuntimeException e) {
				System.err.println("failed: " + e.getMessage());
				problems++;
			}
		}
		return problems == 0 ? 0 : 1;
	}
}
