package org.faceemotion.spark;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/** What travels between the driver and the executors: plain strings, so any file system's names fit. */
final class Work {
	private Work() {
	}

	/** One input and the names of the files it writes into the output folder. */
	static final class Entry implements Serializable {
		private static final long serialVersionUID = 1L;
		final String input, stem;
		final boolean video;
		final List<String> outputs;

		Entry(String input, String stem, boolean video, List<String> outputs) {
			this.input = input;
			this.stem = stem;
			this.video = video;
			this.outputs = new ArrayList<>(outputs);
		}
	}

	/** One Spark task: a video, or a group of images of one folder. */
	static final class Unit implements Serializable {
		private static final long serialVersionUID = 1L;
		final List<Entry> entries = new ArrayList<>();
	}

	/** What became of one input. */
	static final class Outcome implements Serializable {
		private static final long serialVersionUID = 1L;
		final String input, message;
		final boolean done;
		final long frames;
		final String executor;

		Outcome(String input, boolean done, String message, long frames, String executor) {
			this.input = input;
			this.done = done;
			this.message = message;
			this.frames = frames;
			this.executor = executor;
		}
	}
}
