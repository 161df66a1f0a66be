package org.faceemotion.core.pipeline;

import java.io.Closeable;
import java.io.IOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.faceemotion.core.model.Emotion;
import org.faceemotion.core.model.FaceResult;
import org.faceemotion.core.model.FrameResult;

/** The per-face-per-frame table, the same columns for the results table, CSV files, video and live. */
public final class ResultsCsv implements Closeable {
	public static final List<String> COLUMNS;
	static {
		List<String> c = new ArrayList<>(List.of("source", "frame", "time_s", "face_id", "x", "y", "width", "height",
				"detector_score", "emotion", "confidence", "smoothed_emotion"));
		for (Emotion e : Emotion.values())
			c.add(e.label());
		COLUMNS = Collections.unmodifiableList(c);
	}

	private final CSVPrinter printer;

	public ResultsCsv(Writer out) throws IOException {
		printer = new CSVPrinter(out, CSVFormat.DEFAULT.builder().setHeader(COLUMNS.toArray(new String[0])).setRecordSeparator('\n').get());
	}

	/** The values of one row, in {@link #COLUMNS} order (numbers as numbers, labels as strings). */
	public static List<Object> row(FrameResult fr, FaceResult f) {
		List<Object> r = new ArrayList<>(COLUMNS.size());
		r.add(text(fr.source));
		r.add(fr.frame);
		r.add(round(fr.timeSec, 4));
		r.add(f.faceId);
		r.add(round(f.box.x, 1));
		r.add(round(f.box.y, 1));
		r.add(round(f.box.width, 1));
		r.add(round(f.box.height, 1));
		r.add(round(f.box.score, 4));
		r.add(f.emotion().label());
		r.add(round(f.confidence(), 4));
		r.add(f.smoothedEmotion().label());
		for (float p : f.probabilities)
			r.add(round(p, 4));
		return r;
	}

	public void write(FrameResult fr) throws IOException {
		for (FaceResult f : fr.faces)
			printer.printRecord(format(row(fr, f)));
	}

	public void flush() throws IOException {
		printer.flush();
	}

	/** Decimals of each numeric column in files: always this many, never scientific notation. */
	private static int decimals(String column) {
		switch (column) {
		case "x": case "y": case "width": case "height":
			return 1;
		default:
			return 4;
		}
	}

	private static List<String> format(List<Object> row) {
		List<String> s = new ArrayList<>(row.size());
		for (int c = 0; c < row.size(); c++) {
			Object o = row.get(c);
			s.add(o instanceof Double ? fixed((Double) o, decimals(COLUMNS.get(c))) : String.valueOf(o));
		}
		return s;
	}

	/** {@code v} with exactly {@code digits} decimals, e.g. 0.0005 as "0.0005", never "5.0E-4" (and no "-0.0000"). */
	/**
	 * A text cell that a spreadsheet must not run as a formula: a value starting with = + - @ tab
	 * or carriage return (a file named {@code =HYPERLINK(...).png}) gets a leading apostrophe,
	 * OWASP's rule for CSV injection; every other value stays as it is.
	 */
	public static String text(String v) {
		if (v == null || v.isEmpty())
			return v;
		char c = v.charAt(0);
		return c == '=' || c == '+' || c == '-' || c == '@' || c == '\t' || c == '\r' ? "'" + v : v;
	}

	public static String fixed(double v, int digits) {
		if (!Double.isFinite(v))
			return String.valueOf(v);
		// what String.format("%.Nf") writes (half-up on the shortest decimal form), without its
		// parsing and a regex per number: a table has ~25 numbers a frame; a rounded -0 loses its sign
		return java.math.BigDecimal.valueOf(v).setScale(digits, java.math.RoundingMode.HALF_UP).toPlainString();
	}

	private static double round(double v, int digits) {
		double f = Math.pow(10, digits);
		return Math.round(v * f) / f;
	}

	@Override
	public void close() throws IOException {
		printer.close();
	}
}
