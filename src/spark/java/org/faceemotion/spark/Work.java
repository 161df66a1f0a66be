package org.faceemotion.spark;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

import org.faceemotion.batch.Item;

/** What travels between the driver and the executors: the batch's items (plain strings, so any file system's names fit) and outcomes. */
final class Work {
	private Work() {
	}

	/** One Spark task: a video, or a group of images of one folder. */
	static final class Unit implements Serializable {
		private static final long serialVersionUID = 1L;
		final List<Item> items = new ArrayList<>();
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
