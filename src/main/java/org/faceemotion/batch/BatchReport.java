package org.faceemotion.batch;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** What became of a run's inputs: the same report for every front door. */
public final class BatchReport {
	public final List<Item> done = new ArrayList<>(), complete = new ArrayList<>();
	/** One line per failed or refused input, naming it and the cause. */
	public final List<String> failed = new ArrayList<>();
	public final List<String> skipped = new ArrayList<>();

	public boolean ok() {
		return failed.isEmpty();
	}

	public int finished() {
		return done.size() + complete.size();
	}

	/** The finished inputs (this run's and complete ones) in plan order. */
	public List<Item> finishedItems(BatchPlan plan) {
		List<Item> items = new ArrayList<>();
		for (Item i : plan.items)
			if (done.contains(i) || complete.contains(i))
				items.add(i);
		return items;
	}

	/** "N of M input(s) annotated into OUT (K complete from an earlier run)". */
	public String summary(String out) {
		return String.format(Locale.ROOT, "%d of %d input(s) annotated into %s%s", finished(), finished() + failed.size(), out,
				complete.isEmpty() ? "" : " (" + complete.size() + " complete from an earlier run)");
	}

	/** The summary, then what was left out and what failed. */
	public void print(String out, Logger log) {
		log.log(summary(out));
		if (!skipped.isEmpty()) {
			log.error(skipped.size() + " file(s) or folder(s) left out:");
			skipped.forEach(m -> log.error("  " + m));
		}
		if (!failed.isEmpty()) {
			log.error(failed.size() + " input(s) failed:");
			failed.forEach(m -> log.error("  " + m));
		}
	}
}
