package org.faceemotion.io;

import java.util.ArrayList;
import java.util.List;

/**
 * The name of every file an input leaves in the output folder, in one place (the batch layer,
 * the video pipeline and the Spark job all name outputs through it). Names are relative
 * to the output folder (plain strings, so a local folder and a Hadoop URI are named alike); the
 * table comes first, since {@link OutputPolicy} dates a run by it.
 */
public final class OutputLayout {
	public static final String TABLE = ".csv", SUMMARY = "-summary.csv", TIMELINE = "-timeline.png", ANNOTATED_VIDEO = "-annotated.mp4",
			ANNOTATED_IMAGE = "-annotated.png", ANNOTATED_STACK = "-annotated.tif", RUN = "-run.json", SEGMENTS = "-segments.csv",
			ELAN = "-segments.eaf", BORIS = "-segments.boris", EVENTS = "-events.csv", EVENTS_PLOT = "-events.png";
	/** The stem of the outputs made from a corrected table: {@code <stem>-corrected.csv}, {@code <stem>-corrected-summary.csv}, ... */
	public static final String CORRECTED = "-corrected";
	/** The corrections of a table (Review Results): {@code <stem>-corrections.json}. */
	public static final String CORRECTIONS = "-corrections.json";

	private OutputLayout() {
	}

	/** What an input is, for its outputs. */
	public enum Kind {
		/** One image: its table and an annotated PNG. */
		IMAGE,
		/** A file that may hold pages (TIFF, GIF): its table and an annotated TIFF. */
		STACK,
		/**
		 * A video: its table, the per-face summary, the segments (CSV, ELAN, BORIS), the timeline,
		 * with an events file the event tables, and, when asked, the annotated video.
		 */
		VIDEO
	}

	public static String table(String stem) {
		return stem + TABLE;
	}

	public static String summary(String stem) {
		return stem + SUMMARY;
	}

	public static String segments(String stem) {
		return stem + SEGMENTS;
	}

	public static String elan(String stem) {
		return stem + ELAN;
	}

	public static String boris(String stem) {
		return stem + BORIS;
	}

	public static String events(String stem) {
		return stem + EVENTS;
	}

	public static String eventsPlot(String stem) {
		return stem + EVENTS_PLOT;
	}

	public static String corrected(String stem) {
		return stem + CORRECTED;
	}

	public static String corrections(String stem) {
		return stem + CORRECTIONS;
	}

	public static String timeline(String stem) {
		return stem + TIMELINE;
	}

	public static String annotatedVideo(String stem) {
		return stem + ANNOTATED_VIDEO;
	}

	/** What made the outputs: program, model, settings, input, times ({@code batch/Provenance}). */
	public static String run(String stem) {
		return stem + RUN;
	}

	public static String annotatedImage(String stem, Kind kind) {
		return stem + (kind == Kind.STACK ? ANNOTATED_STACK : ANNOTATED_IMAGE);
	}

	/** Every output of one input, the table first, the provenance last. */
	public static List<String> outputs(Kind kind, String stem, boolean annotatedVideo) {
		return outputs(kind, stem, annotatedVideo, false);
	}

	/** The same, with the event tables when the run has an events file. */
	public static List<String> outputs(Kind kind, String stem, boolean annotatedVideo, boolean events) {
		List<String> names = new ArrayList<>();
		names.add(table(stem));
		if (kind == Kind.VIDEO) {
			names.addAll(derived(stem, events));
			if (annotatedVideo)
				names.add(annotatedVideo(stem));
		} else {
			names.add(annotatedImage(stem, kind));
		}
		names.add(run(stem));
		return names;
	}

	/** What is computed from a video's table (the batch's and a corrected one alike), without the table itself. */
	public static List<String> derived(String stem, boolean events) {
		List<String> names = new ArrayList<>(List.of(summary(stem), segments(stem), elan(stem), boris(stem), timeline(stem)));
		if (events) {
			names.add(events(stem));
			names.add(eventsPlot(stem));
		}
		return names;
	}

	/** Every name the input may have left in an earlier run, asked for now or not (the annotated video, the event tables). */
	public static List<String> claimed(Kind kind, String stem) {
		return outputs(kind, stem, true, true);
	}

	/** Outputs of an earlier run that this run does not write and that must not pass for its own. */
	public static List<String> stale(Kind kind, String stem, boolean annotatedVideo) {
		return stale(kind, stem, annotatedVideo, false);
	}

	public static List<String> stale(Kind kind, String stem, boolean annotatedVideo, boolean events) {
		List<String> names = new ArrayList<>();
		if (kind == Kind.VIDEO && !annotatedVideo)
			names.add(annotatedVideo(stem));
		if (kind == Kind.VIDEO && !events) {
			names.add(events(stem));
			names.add(eventsPlot(stem));
		}
		return names;
	}

	/** Names this tool writes besides the table (outputs of an earlier run in an input folder are never inputs). */
	public static boolean producedHere(String name) {
		return name.endsWith(ANNOTATED_IMAGE) || name.endsWith(ANNOTATED_STACK) || name.endsWith(ANNOTATED_VIDEO) || name.endsWith(SUMMARY)
				|| name.endsWith(TIMELINE) || name.endsWith(RUN) || name.endsWith(SEGMENTS) || name.endsWith(EVENTS)
				|| name.endsWith(CORRECTED + TABLE);
	}

	/** The file name without its extension ({@code a.b.tif} gives {@code a.b}): the stem of every output. */
	public static String stem(String fileName) {
		int dot = fileName.lastIndexOf('.');
		return dot <= 0 ? fileName : fileName.substring(0, dot);
	}

	/** The lock file that guards one input's outputs while a run writes them. */
	public static String lock(String stem) {
		return "." + stem + ".lock";
	}
}
