package org.faceemotion.imagej;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.faceemotion.batch.AnnotateOptions;
import org.faceemotion.core.pipeline.ResultRow;
import org.faceemotion.core.pipeline.ResultsCsv;
import org.faceemotion.core.pipeline.TrackSummary;
import org.faceemotion.io.OutputLayout;
import org.faceemotion.report.Corrections;
import org.faceemotion.report.Events;
import org.faceemotion.report.ResultOutputs;

/**
 * The state of one Review Results: a video's raw table (never changed), the edits made so far
 * and the corrected rows they give; saving writes the corrected table, everything computed from
 * it (by the batch's own code, {@link ResultOutputs}) and the corrections file. No window here:
 * the review window and the macro functions both work through it.
 */
public final class ReviewSession {
	public final Path table, outDir;
	public final String stem;
	public final List<ResultRow> raw;
	public final String rawSha256;
	public final Corrections corrections;
	private final AnnotateOptions options;
	private List<ResultRow> corrected;
	/** What opening said about an earlier corrections file (loaded, or why not), or null. */
	public final String loadNote;

	/**
	 * Opens {@code table} for review; the corrections file beside it is loaded when it was made on
	 * this very table (same SHA-256), and left alone (said in {@link #loadNote}) when it was not.
	 * {@code options}: the events file, the baseline and the summary rules of the recomputed outputs.
	 */
	public ReviewSession(Path table, AnnotateOptions options) throws IOException {
		this.table = table;
		this.outDir = table.toAbsolutePath().getParent();
		this.stem = OutputLayout.stem(table.getFileName().toString());
		if (stem.endsWith(OutputLayout.CORRECTED))
			throw new IOException(table + ": a corrected table; open the raw table (" + stem.substring(0, stem.length() - OutputLayout.CORRECTED.length())
					+ ".csv) to review it: corrections always apply to the raw rows");
		this.options = options;
		this.raw = ResultsCsv.read(table);
		this.rawSha256 = Corrections.sha256(table);
		Path file = correctionsFile();
		Corrections c = null;
		String note = null;
		if (Files.exists(file)) {
			Corrections earlier = Corrections.read(file);
			if (rawSha256.equals(earlier.tableSha256)) {
				c = earlier;
				note = file.getFileName() + ": " + earlier.edits.size() + " earlier edit(s) loaded";
			} else {
				note = file.getFileName() + " was made on another table (" + earlier.table + ", another SHA-256): not applied; "
						+ "apply it explicitly with annotate --apply-corrections, or move it away to start again";
			}
		}
		if (c == null) {
			c = new Corrections();
			c.table = table.getFileName().toString();
			c.tableSha256 = rawSha256;
		}
		this.corrections = c;
		this.loadNote = note;
		recompute();
	}

	public Path correctionsFile() {
		return outDir.resolve(OutputLayout.corrections(stem));
	}

	/** Whether the corrections file beside the table belongs to another table (then Save refuses to replace it). */
	public boolean foreignCorrectionsFile() {
		return loadNote != null && loadNote.contains("another table");
	}

	private void recompute() {
		Corrections.Outcome o = Corrections.apply(raw, corrections.edits);
		corrected = o.rows;
	}

	/** The rows as corrected so far. */
	public List<ResultRow> rows() {
		return corrected;
	}

	/** Adds an edit; an edit that does not fit (an id that is not there) fails with the reason and changes nothing. */
	public void edit(Corrections.Edit e) {
		corrections.add(raw, e);
		recompute();
	}

	public boolean undo() {
		boolean done = corrections.undo();
		recompute();
		return done;
	}

	/** The tracks of the corrected rows, as the summary counts them. */
	public List<TrackSummary.Track> tracks() {
		TrackSummary s = new TrackSummary(options.reportOptions().summary);
		corrected.forEach(s::add);
		return s.tracks();
	}

	/** The ids of the corrected rows. */
	public List<Integer> ids() {
		List<Integer> ids = new ArrayList<>();
		for (TrackSummary.Track t : tracks())
			ids.add(t.id);
		ids.sort(null);
		return ids;
	}

	/**
	 * Writes {@code <stem>-corrected.csv} and its summary, segments, timeline (and event tables),
	 * then {@code <stem>-corrections.json}; returns the files written. The raw outputs are not touched.
	 */
	public List<Path> save(String author, String note) throws IOException {
		if (foreignCorrectionsFile())
			throw new IOException(correctionsFile() + " belongs to another table; move it away before saving these corrections");
		corrections.author = author == null ? "" : author;
		corrections.note = note == null ? "" : note;
		corrections.saved = Instant.now().toString();
		List<Events.Event> events = options.events(stem, new ArrayList<>());
		ResultOutputs.writeCorrected(corrected, outDir, stem, raw.isEmpty() ? stem : raw.get(0).source, ResultOutputs.mediaOf(raw, stem), events,
				options.reportOptions());
		corrections.write(correctionsFile());
		List<Path> written = new ArrayList<>();
		String cstem = OutputLayout.corrected(stem);
		written.add(outDir.resolve(OutputLayout.table(cstem)));
		for (String name : OutputLayout.derived(cstem, events != null))
			written.add(outDir.resolve(name));
		written.add(correctionsFile());
		return written;
	}
}
