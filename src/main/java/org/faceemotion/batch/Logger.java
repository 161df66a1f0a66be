package org.faceemotion.batch;

import java.util.function.Consumer;
import java.util.function.DoubleConsumer;

/**
 * Where a run says what it does, for every front door (after TrackMate's {@code Logger}): lines
 * for the user, failures, and progress as a fraction of the whole. A part of the work gets a
 * {@link #range} of the progress, so an input's own progress needs no idea of the batch around it.
 */
public interface Logger {
	/** Says nothing. */
	Logger NONE = of(m -> {
	}, m -> {
	}, f -> {
	});

	/** A line for the user (what runs, what finished). */
	void log(String message);

	/** A failure, a refusal or a warning, in one line that names the input. */
	void error(String message);

	/** Progress of the whole work, 0 to 1. */
	void progress(double fraction);

	/** The same logger whose progress 0..1 covers {@code from..to} of this one's. */
	default Logger range(double from, double to) {
		Logger parent = this;
		return new Logger() {
			@Override
			public void log(String message) {
				parent.log(message);
			}

			@Override
			public void error(String message) {
				parent.error(message);
			}

			@Override
			public void progress(double fraction) {
				parent.progress(from + (to - from) * Math.max(0, Math.min(1, fraction)));
			}
		};
	}

	static Logger of(Consumer<String> log, Consumer<String> error, DoubleConsumer progress) {
		return new Logger() {
			@Override
			public void log(String message) {
				log.accept(message);
			}

			@Override
			public void error(String message) {
				error.accept(message);
			}

			@Override
			public void progress(double fraction) {
				progress.accept(fraction);
			}
		};
	}
}
