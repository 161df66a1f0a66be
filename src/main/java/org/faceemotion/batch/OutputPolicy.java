package org.faceemotion.batch;

import org.faceemotion.io.OutputLayout;

import java.io.IOException;
import java.io.Serializable;

/**
 * What a run does with an input's earlier outputs, the same for every front door and every
 * {@link OutputStore}: with {@code resume}, an input whose outputs are all there and belong to one
 * run is complete and skipped; with {@code overwrite} (or resume of an incomplete set) they are
 * replaced; otherwise an input with any earlier output is refused, never silently overwritten.
 */
public final class OutputPolicy implements Serializable {
	private static final long serialVersionUID = 1L;
	/** Outputs of one run are renamed into place within moments of each other; an output older than the table by more is from another run. */
	static final long SAME_RUN_MS = 120_000;

	public final boolean resume, overwrite, annotatedVideo, events;

	public OutputPolicy(boolean resume, boolean overwrite, boolean annotatedVideo) {
		this(resume, overwrite, annotatedVideo, false);
	}

	public OutputPolicy(boolean resume, boolean overwrite, boolean annotatedVideo, boolean events) {
		this.events = events;
		if (resume && overwrite)
			throw new IllegalArgumentException("--resume and --overwrite exclude each other");
		this.resume = resume;
		this.overwrite = overwrite;
		this.annotatedVideo = annotatedVideo;
	}

	public enum Verdict {
		RUN, COMPLETE, REFUSED
	}

	/** A verdict and, when refused, why. */
	public static final class Decision {
		public final Verdict verdict;
		public final String message;

		Decision(Verdict verdict, String message) {
			this.verdict = verdict;
			this.message = message;
		}
	}

	public Decision decide(Item item, OutputStore store) throws IOException {
		if (resume && complete(item, store))
			return new Decision(Verdict.COMPLETE, null);
		if (!overwrite && !resume)
			for (String name : OutputLayout.claimed(item.kind, item.stem))
				if (store.modified(name) >= 0)
					return new Decision(Verdict.REFUSED, item.input + ": output " + store.where(name)
							+ " exists; use --overwrite to replace it or --resume to skip finished inputs");
		return new Decision(Verdict.RUN, null);
	}

	/** All outputs there, none older than the table by more than {@link #SAME_RUN_MS} (a stale file of another run). */
	public static boolean complete(Item item, OutputStore store) throws IOException {
		long table = store.modified(item.table());
		if (table < 0)
			return false;
		for (String name : item.outputs) {
			long m = store.modified(name);
			if (m < 0 || m < table - SAME_RUN_MS)
				return false;
		}
		return true;
	}

	/** Before an input runs: an earlier output this run does not write must not pass for its own. */
	public void removeStale(Item item, OutputStore store) throws IOException {
		for (String name : OutputLayout.stale(item.kind, item.stem, annotatedVideo, events))
			store.delete(name);
	}
}
