package org.faceemotion.batch;

import java.nio.file.Path;
import java.util.Locale;
import java.util.function.BooleanSupplier;

/**
 * The one batch loop of the command line and Fiji (the Spark job runs the same {@link OutputPolicy}
 * and {@link InputJob} on its executors): each input in plan order under a lock on its outputs,
 * resume and overwrite as the policy says, past a failing input to the next, every failure reported.
 */
public final class BatchRunner {
	private BatchRunner() {
	}

	/** Annotates one input into the output folder; returns a one-line summary. */
	public interface InputJob {
		String run(Item item, Path input, Path outDir, Logger log) throws Exception;
	}

	public static BatchReport run(BatchPlan plan, OutputPolicy policy, LocalStore store, InputJob job, BooleanSupplier cancelled, Logger log) {
		BatchReport report = new BatchReport();
		report.skipped.addAll(plan.skipped);
		report.failed.addAll(plan.refused);
		plan.refused.forEach(m -> log.error("refused: " + m));
		int n = plan.items.size();
		for (int i = 0; i < n && !cancelled.getAsBoolean(); i++) {
			Item item = plan.items.get(i);
			log.log(String.format(Locale.ROOT, "[%d/%d] %s", i + 1, n, item.input));
			Logger part = log.range(i / (double) n, (i + 1) / (double) n);
			try (AutoCloseable lock = store.lock(item.stem)) {
				OutputPolicy.Decision d = policy.decide(item, store);
				if (d.verdict == OutputPolicy.Verdict.COMPLETE) {
					log.log("  complete from an earlier run; skipped");
					report.complete.add(item);
					continue;
				}
				if (d.verdict == OutputPolicy.Verdict.REFUSED)
					throw new IllegalArgumentException(d.message);
				policy.removeStale(item, store);
				log.log("  " + job.run(item, Path.of(item.input), store.dir, part));
				report.done.add(item);
			} catch (Exception e) {
				String m = Failures.message(item.input, e);
				report.failed.add(m);
				log.error("  failed: " + m);
			} catch (OutOfMemoryError e) {
				// this input only: what it held is garbage now, the next one starts afresh
				String m = String.format(Locale.ROOT, "%s: not enough memory (the JVM has %.1f GB; give Java more with -Xmx)", item.input,
						Runtime.getRuntime().maxMemory() / 1e9);
				report.failed.add(m);
				log.error("  failed: " + m);
			}
			part.progress(1);
		}
		return report;
	}
}
