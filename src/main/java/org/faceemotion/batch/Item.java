package org.faceemotion.batch;

import org.faceemotion.io.OutputLayout;

import java.io.Serializable;
import java.util.List;

/** One input of a batch with the names of the files it writes (plain strings: a local path or a Hadoop URI). */
public final class Item implements Serializable {
	private static final long serialVersionUID = 1L;
	/** Where the input is: a local path, or a URI of another file system. */
	public final String input;
	public final String stem;
	public final OutputLayout.Kind kind;
	/** The outputs this run writes, the table first (names in the output folder). */
	public final List<String> outputs;

	public Item(String input, String stem, OutputLayout.Kind kind, boolean annotatedVideo) {
		this(input, stem, kind, annotatedVideo, false);
	}

	/** {@code events}: the run has an events file, so a video also writes its event tables. */
	public Item(String input, String stem, OutputLayout.Kind kind, boolean annotatedVideo, boolean events) {
		this.input = input;
		this.stem = stem;
		this.kind = kind;
		this.outputs = List.copyOf(OutputLayout.outputs(kind, stem, annotatedVideo, events));
	}

	public boolean video() {
		return kind == OutputLayout.Kind.VIDEO;
	}

	public String table() {
		return outputs.get(0);
	}

	@Override
	public String toString() {
		return input;
	}
}
