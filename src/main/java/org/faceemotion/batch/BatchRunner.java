package org.faceemotion.batch;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

/**
 * The one batch loop of the command line and Fiji (the Spark job runs the same {@link OutputPolicy}
 * and {@link InputJob} on its executors): each input under a lock on its outputs, resume and
 * overwrite as the policy says, past a failing input to the next, every failure reported.
 *
 * With several jobs ({@link #run(BatchPlan, OutputPolicy, LocalStore, List, BooleanSupplier, Logger)},
 * one per lane, each with engines of its own) that many inputs run at once, taken in plan order;
 * their lines carry the input's number, the progress is the mean of the inputs', and the report
 * lists them in plan order as the sequential loop does.
 */
public final class BatchRunner {
	private BatchRunner() {
	}

	/** Annotates one input into the output folder; returns a one-line summary. */
	public interface InputJob {
		String run(Item item, Path input, Path outDir, Logger log) throws Exception;
	}

	public static BatchReport run(BatchPlan plan, OutputPolicy policy, LocalStore store, InputJob job, BooleanSupplier cancelled, Logger log) {
		return run(plan, policy, store, List.of(job), cancelled, log);
	}

	/** What became of one input. */
	private enum Outcome {
		DONE, COMPLETE, FAILED, NOT_RUN
	}

	/** Runs the plan with {@code lanes.size()} inputs at once (one job per lane; never two inputs on one job at a time). */
	public static BatchReport run(BatchPlan plan, OutputPolicy policy, LocalStore store, List<InputJob> lanes, BooleanSupplier cancelled,
			Logger log) {
		if (lanes.isEmpty())
			throw new IllegalArgumentException("a batch needs at least one job");
		BatchReport report = new BatchReport();
		report.skipped.addAll(plan.skipped);
		report.failed.addAll(plan.refused);
		plan.refused.forEach(m -> log.error("refused: " + m));
		int n = plan.items.size();
		Outcome[] outcomes = new Outcome[n];
		String[] failures = new String[n];
		java.util.Arrays.fill(outcomes, Outcome.NOT_RUN);
		int parallel = Math.min(lanes.size(), n);
		if (parallel <= 1) {
			for (int i = 0; i < n && !cancelled.getAsBoolean(); i++)
				runOne(plan, i, lanes.get(0), policy, store, log.range(i / (double) n, (i + 1) / (double) n), log, "", outcomes, failures);
		} else {
			Logger shared = synchronizedLines(log);
			double[] fractions = new double[n];
			AtomicInteger next = new AtomicInteger();
			List<Thread> threads = new ArrayList<>();
			for (int l = 0; l < parallel; l++) {
				InputJob job = lanes.get(l);
				Thread t = new Thread(() -> {
					for (int i; !cancelled.getAsBoolean() && (i = next.getAndIncrement()) < n;) {
						String tag = String.format(Locale.ROOT, "[%d/%d] ", i + 1, n);
						runOne(plan, i, job, policy, store, part(shared, fractions, i), shared, tag, outcomes, failures);
					}
				}, "batch-lane-" + l);
				threads.add(t);
				t.start();
			}
			for (Thread t : threads)
				joinUninterruptibly(t);
		}
		for (int i = 0; i < n; i++) {
			if (outcomes[i] == Outcome.DONE)
				report.done.add(plan.items.get(i));
			else if (outcomes[i] == Outcome.COMPLETE)
				report.complete.add(plan.items.get(i));
			else if (outcomes[i] == Outcome.FAILED)
				report.failed.add(failures[i]);
		}
		return report;
	}

	/**
	 * Input {@code i}: its lines go to {@code lines} ({@code tag} is empty when inputs run one
	 * after the other: the number then heads the input's first line only, as it always did).
	 */
	private static void runOne(BatchPlan plan, int i, InputJob job, OutputPolicy policy, LocalStore store, Logger part, Logger lines, String tag,
			Outcome[] outcomes, String[] failures) {
		Item item = plan.items.get(i);
		int n = plan.items.size();
		String indent = tag.isEmpty() ? "  " : tag;
		lines.log(tag.isEmpty() ? String.format(Locale.ROOT, "[%d/%d] %s", i + 1, n, item.input) : tag + item.input);
		Logger mine = tag.isEmpty() ? part : tagged(part, tag);
		try (AutoCloseable lock = store.lock(item.stem)) {
			OutputPolicy.Decision d = policy.decide(item, store);
			if (d.verdict == OutputPolicy.Verdict.COMPLETE) {
				lines.log(indent + "complete from an earlier run; skipped");
				outcomes[i] = Outcome.COMPLETE;
				part.progress(1);
				return;
			}
			if (d.verdict == OutputPolicy.Verdict.REFUSED)
				throw new IllegalArgumentException(d.message);
			policy.removeStale(item, store);
			lines.log(indent + job.run(item, Path.of(item.input), store.dir, mine));
			outcomes[i] = Outcome.DONE;
		} catch (Exception e) {
			failures[i] = Failures.message(item.input, e);
			outcomes[i] = Outcome.FAILED;
			lines.error(indent + "failed: " + failures[i]);
		} catch (OutOfMemoryError e) {
			// this input only: what it held is garbage now, the next one starts afresh
			failures[i] = String.format(Locale.ROOT, "%s: not enough memory (the JVM has %.1f GB; give Java more with -Xmx)", item.input,
					Runtime.getRuntime().maxMemory() / 1e9);
			outcomes[i] = Outcome.FAILED;
			lines.error(indent + "failed: " + failures[i]);
		}
		part.progress(1);
	}

	/** Lines of several lanes, whole and one at a time; progress passed on as it comes. */
	private static Logger synchronizedLines(Logger log) {
		Object lock = new Object();
		return Logger.of(m -> {
			synchronized (lock) {
				log.log(m);
			}
		}, m -> {
			synchronized (lock) {
				log.error(m);
			}
		}, f -> {
			synchronized (lock) {
				log.progress(f);
			}
		});
	}

	/** Input {@code i}'s share of the progress: the batch's progress is the mean of the inputs' own. */
	private static Logger part(Logger shared, double[] fractions, int i) {
		return Logger.of(shared::log, shared::error, f -> {
			double sum = 0;
			synchronized (fractions) {
				fractions[i] = Math.max(0, Math.min(1, f));
				for (double x : fractions)
					sum += x;
			}
			shared.progress(sum / fractions.length);
		});
	}

	/** The lines an input's job logs itself, with its number in front (the job indents them for a run of one input at a time). */
	private static Logger tagged(Logger log, String tag) {
		return Logger.of(m -> log.log(tag + m.strip()), m -> log.error(tag + m.strip()), log::progress);
	}

	private static void joinUninterruptibly(Thread t) {
		boolean interrupted = false;
		while (true) {
			try {
				t.join();
				break;
			} catch (InterruptedException e) {
				interrupted = true;
			}
		}
		if (interrupted)
			Thread.currentThread().interrupt();
	}
}
