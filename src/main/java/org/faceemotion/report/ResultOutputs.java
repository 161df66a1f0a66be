package org.faceemotion.report;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.faceemotion.core.pipeline.ResultRow;
import org.faceemotion.core.pipeline.ResultsCsv;
import org.faceemotion.core.pipeline.TrackSummary;
import org.faceemotion.io.OutputFiles;
import org.faceemotion.io.OutputLayout;

/**
 * Everything computed from a video's per-frame table: the per-face summary, the segments (CSV,
 * ELAN, BORIS), the timeline, with events the event table and plot, and with a baseline the
 * table again with its relative columns. One code path for the batch (every front door) and for
 * a corrected table (Review Results, {@code --apply-corrections}): the same rows give the same
 * files. Each file is written whole under a temporary name and renamed into place.
 */
public final class ResultOutputs {
	/** What the derived files count and add. */
	public static final class Options {
		public TrackSummary.Options summary = new TrackSummary.Options();
		public Events.Options events = new Events.Options();
		/** Null: no per-person baseline columns. */
		public Baseline baseline;
	}

	/** The video the table belongs to, for the coders' files (their media link) and the timeline's axis. */
	public static final class Media {
		public final String name, uri;
		public final double durationSec, fps;

		public Media(String name, String uri, double durationSec, double fps) {
			this.name = name;
			this.uri = uri;
			this.durationSec = durationSec;
			this.fps = fps;
		}
	}

	/** What was written and what a user should know (faces without a baseline). */
	public static final class Written {
		public TrackSummary summary;
		public List<Segments.Segment> segments;
		public List<Events.Row> events;
		public final List<String> notes = new ArrayList<>();
	}

	private ResultOutputs() {
	}

	/**
	 * Writes the derived files of {@code rows} into {@code outDir} under {@code stem} (a corrected
	 * table's stem ends in {@code -corrected}); {@code events} null: no event tables. With a
	 * baseline, {@code table} (the rows' own CSV) is written again with the relative columns.
	 */
	public static Written write(List<ResultRow> rows, Path table, boolean corrected, Path outDir, String stem, String source, Media media,
			List<Events.Event> events, Options o) throws IOException {
		Written w = new Written();
		TrackSummary summary = new TrackSummary(o.summary);
		for (ResultRow r : rows)
			summary.add(r);
		w.summary = summary;
		if (o.baseline != null) {
			Map<Integer, double[]> levels = o.baseline.levels(rows);
			Set<Integer> without = new TreeSet<>();
			for (ResultRow r : rows)
				if (!levels.containsKey(r.faceId))
					without.add(r.faceId);
			if (!without.isEmpty())
				w.notes.add("no baseline rows (" + o.baseline + ") for face id(s) " + without + ": their rel_ columns are empty");
			OutputFiles.write(table, out -> {
				Writer wr = writer(out);
				ResultsCsv csv = new ResultsCsv(wr, corrected, Baseline.columns());
				for (ResultRow r : rows)
					csv.write(r, Baseline.values(r, levels));
				csv.flush();
			});
		}
		OutputFiles.write(outDir.resolve(OutputLayout.summary(stem)), out -> {
			Writer wr = writer(out);
			summary.write(wr, source);
		});
		w.segments = Segments.of(rows);
		OutputFiles.write(outDir.resolve(OutputLayout.segments(stem)), out -> Segments.write(w.segments, source, writer(out)));
		OutputFiles.write(outDir.resolve(OutputLayout.elan(stem)), out -> {
			Writer wr = writer(out);
			CoderExports.writeEaf(w.segments, media.name, media.uri, wr);
			wr.flush();
		});
		OutputFiles.write(outDir.resolve(OutputLayout.boris(stem)), out -> {
			Writer wr = writer(out);
			CoderExports.writeBoris(w.segments, source, media.uri, media.durationSec, media.fps, wr);
			wr.flush();
		});
		if (events != null) {
			w.events = Events.summarize(rows, events, o.events);
			OutputFiles.write(outDir.resolve(OutputLayout.events(stem)), out -> Events.write(w.events, source, o.events, writer(out)));
			java.awt.image.BufferedImage plot = Events.plot(source + ": emotions around the events", Events.curves(rows, events, o.events));
			OutputFiles.write(outDir.resolve(OutputLayout.eventsPlot(stem)), out -> TimelineChart.write(plot, out));
		}
		java.awt.image.BufferedImage chart = TimelineChart.render(source + ": emotion per face over time", summary.tracks(),
				Math.max(media.durationSec, summary.lastTime()), events == null ? List.of() : events);
		OutputFiles.write(outDir.resolve(OutputLayout.timeline(stem)), out -> TimelineChart.write(chart, out));
		return w;
	}

	/**
	 * The outputs of a corrected table: {@code <stem>-corrected.csv} (the table's columns plus
	 * participant, excluded and edited) and everything computed from it, under the stem
	 * {@code <stem>-corrected}; the raw table and its outputs are not touched.
	 */
	public static Written writeCorrected(List<ResultRow> corrected, Path outDir, String stem, String source, Media media,
			List<Events.Event> events, Options o) throws IOException {
		String cstem = OutputLayout.corrected(stem);
		Path table = outDir.resolve(OutputLayout.table(cstem));
		OutputFiles.write(table, out -> {
			Writer wr = writer(out);
			ResultsCsv csv = new ResultsCsv(wr, true, List.of());
			for (ResultRow r : corrected)
				csv.write(r, List.of());
			csv.flush();
		});
		return write(corrected, table, true, outDir, cstem, source, media, events, o);
	}

	/** A table's video as far as its rows tell: its name (the rows' source), the last time, the typical frame step. */
	public static Media mediaOf(List<ResultRow> rows, String fallbackName) {
		String name = rows.isEmpty() ? fallbackName : rows.get(0).source;
		double last = rows.stream().mapToDouble(r -> r.timeSec).max().orElse(0), step = Segments.typicalStep(rows);
		return new Media(name, "./" + name, last + step, step > 0 ? 1 / step : 0);
	}

	private static Writer writer(java.io.OutputStream out) {
		// the caller's stream is closed by OutputFiles.write; CSVPrinter.close() closes this writer, which flushes it
		return new OutputStreamWriter(out, StandardCharsets.UTF_8);
	}
}
