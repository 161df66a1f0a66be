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
import org.faceemotion.core.model.FaceQuality;
import org.faceemotion.core.model.FaceResult;
import org.faceemotion.core.model.FrameResult;

/**
 * The per-face-per-frame table, the same columns for the results table, CSV files, video and live:
 * {@link #COLUMNS}, then in a corrected table {@link #CORRECTION_COLUMNS}, then any extra columns
 * (the per-person baseline). Numbers have a fixed count of decimals; an unknown number (roll and
 * yaw without key points) is an empty cell.
 */
public final class ResultsCsv implements Closeable {
	/** The columns up to the probabilities: the table of every version, in this order. */
	public static final List<String> BASE_COLUMNS;
	/** Every column of a table: the base ones, then the quality of the row. */
	public static final List<String> COLUMNS;
	/** Added by corrections (Review Results, --apply-corrections), after {@link #COLUMNS}. */
	public static final List<String> CORRECTION_COLUMNS = List.of("participant", "excluded", "edited");
	static {
		List<String> c = new ArrayList<>(List.of("source", "frame", "time_s", "face_id", "x", "y", "width", "height",
				"detector_score", "emotion", "confidence", "smoothed_emotion"));
		for (Emotion e : Emotion.values())
			c.add(e.label());
		BASE_COLUMNS = Collections.unmodifiableList(new ArrayList<>(c));
		c.addAll(List.of("face_px", "sharpness", "roll_deg", "yaw_deg", "quality"));
		COLUMNS = Collections.unmodifiableList(c);
	}

	private final CSVPrinter printer;
	private final List<String> header;
	private final boolean corrected;
	private final int extra;

	public ResultsCsv(Writer out) throws IOException {
		this(out, false, List.of());
	}

	/** A table with the correction columns when {@code corrected}, then {@code extraColumns}. */
	public ResultsCsv(Writer out, boolean corrected, List<String> extraColumns) throws IOException {
		List<String> h = new ArrayList<>(COLUMNS);
		if (corrected)
			h.addAll(CORRECTION_COLUMNS);
		h.addAll(extraColumns);
		this.header = h;
		this.corrected = corrected;
		this.extra = extraColumns.size();
		printer = new CSVPrinter(out, CSVFormat.DEFAULT.builder().setHeader(h.toArray(new String[0])).setRecordSeparator('\n').get());
	}

	/** The values of one row, in {@link #COLUMNS} order (numbers as numbers, NaN where unknown; labels as strings). */
	public static List<Object> row(FrameResult fr, FaceResult f) {
		return values(ResultRow.of(fr, f));
	}

	/** The values of one row, in {@link #COLUMNS} order (numbers as numbers, NaN where unknown; labels as strings). */
	public static List<Object> values(ResultRow f) {
		List<Object> r = new ArrayList<>(COLUMNS.size());
		r.add(text(f.source));
		r.add(f.frame);
		r.add(round(f.timeSec, 4));
		r.add(f.faceId);
		r.add(round(f.x, 1));
		r.add(round(f.y, 1));
		r.add(round(f.width, 1));
		r.add(round(f.height, 1));
		r.add(round(f.detectorScore, 4));
		r.add(f.emotion.label());
		r.add(round(f.confidence, 4));
		r.add(f.smoothedEmotion.label());
		for (float p : f.probabilities)
			r.add(round(p, 4));
		r.add(round(f.facePx, 1));
		r.add(round(f.sharpness, 4));
		r.add(round(f.rollDeg, 1));
		r.add(round(f.yawDeg, 1));
		r.add(f.quality == null ? "" : f.quality.id());
		return r;
	}

	public void write(FrameResult fr) throws IOException {
		for (FaceResult f : fr.faces)
			write(ResultRow.of(fr, f), List.of());
	}

	/** One row; {@code extraValues} fill the extra columns given at construction. */
	public void write(ResultRow row, List<?> extraValues) throws IOException {
		if (extraValues.size() != extra)
			throw new IllegalArgumentException(extra + " extra value(s) expected, got " + extraValues.size());
		List<Object> v = values(row);
		if (corrected) {
			v.add(row.participant == null ? "" : text(row.participant));
			v.add(row.excluded == null ? "" : text(row.excluded));
			v.add(row.edited);
		}
		v.addAll(extraValues);
		printer.printRecord(format(v));
	}

	public void flush() throws IOException {
		printer.flush();
	}

	/**
	 * The rows of a table written by this class (this version or an older one, which lacks the
	 * quality columns; a corrected table's columns are read too). A missing column or a cell that is
	 * not a number where one belongs fails with the file, the line and the column.
	 */
	public static List<ResultRow> read(java.nio.file.Path csv) throws IOException {
		List<ResultRow> rows = new ArrayList<>();
		try (java.io.Reader in = java.nio.file.Files.newBufferedReader(csv, java.nio.charset.StandardCharsets.UTF_8);
				org.apache.commons.csv.CSVParser p = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get().parse(in)) {
			List<String> names = p.getHeaderNames();
			for (String c : BASE_COLUMNS)
				if (!names.contains(c))
					throw new IOException(csv + ": not a Face Emotion table (no column '" + c + "')");
			boolean hasQuality = names.contains("quality"), hasCorrections = names.contains("participant");
			for (org.apache.commons.csv.CSVRecord rec : p) {
				String column = "";
				try {
					ResultRow r = new ResultRow();
					r.source = untext(rec.get(column = "source"));
					r.frame = Integer.parseInt(rec.get(column = "frame"));
					r.timeSec = num(rec.get(column = "time_s"));
					r.faceId = Integer.parseInt(rec.get(column = "face_id"));
					r.x = num(rec.get(column = "x"));
					r.y = num(rec.get(column = "y"));
					r.width = num(rec.get(column = "width"));
					r.height = num(rec.get(column = "height"));
					r.detectorScore = num(rec.get(column = "detector_score"));
					r.emotion = Emotion.fromLabel(rec.get(column = "emotion"));
					r.confidence = num(rec.get(column = "confidence"));
					r.smoothedEmotion = Emotion.fromLabel(rec.get(column = "smoothed_emotion"));
					for (Emotion e : Emotion.values())
						r.probabilities[e.ordinal()] = (float) num(rec.get(column = e.label()));
					if (hasQuality) {
						r.facePx = num(rec.get(column = "face_px"));
						r.sharpness = num(rec.get(column = "sharpness"));
						r.rollDeg = num(rec.get(column = "roll_deg"));
						r.yawDeg = num(rec.get(column = "yaw_deg"));
						String q = rec.get(column = "quality");
						r.quality = q.isEmpty() ? null : FaceQuality.Label.parse(q);
					}
					if (hasCorrections) {
						String v = rec.get(column = "participant");
						r.participant = v.isEmpty() ? null : untext(v);
						v = rec.get(column = "excluded");
						r.excluded = v.isEmpty() ? null : untext(v);
						r.edited = Boolean.parseBoolean(rec.get(column = "edited"));
					}
					rows.add(r);
				} catch (RuntimeException e) {
					throw new IOException(csv + ": line " + p.getCurrentLineNumber() + ", column '" + column + "': " + e.getMessage(), e);
				}
			}
		} catch (java.io.UncheckedIOException e) {
			throw new IOException(csv + ": " + e.getMessage(), e);
		}
		return rows;
	}

	private static double num(String cell) {
		return cell.isEmpty() ? Double.NaN : Double.parseDouble(cell);
	}

	/** {@link #text} undone: the apostrophe that kept a formula from running goes. */
	static String untext(String v) {
		if (v.length() >= 2 && v.charAt(0) == '\'') {
			char c = v.charAt(1);
			if (c == '=' || c == '+' || c == '-' || c == '@' || c == '\t' || c == '\r')
				return v.substring(1);
		}
		return v;
	}

	/** Decimals of each numeric column in files: always this many, never scientific notation. */
	private static int decimals(String column) {
		switch (column) {
		case "x": case "y": case "width": case "height": case "face_px": case "roll_deg": case "yaw_deg":
			return 1;
		default:
			return 4;
		}
	}

	private List<String> format(List<Object> row) {
		List<String> s = new ArrayList<>(row.size());
		for (int c = 0; c < row.size(); c++) {
			Object o = row.get(c);
			s.add(o instanceof Double ? (((Double) o).isNaN() ? "" : fixed((Double) o, decimals(header.get(c)))) : String.valueOf(o));
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
		// parsing and a regex per number: a table has ~25 numbers a frame; a rounded -0 loses its sign.
		// Away from a tie, rounding v * 10^N itself gives the same digits, without Double.toString:
		// the JIT compiled its digit generation three times in a 1,500-frame video, 1.3 s of processor
		// time (BENCHMARKS.md, session 16). Below 1e9 the product is exact to 1.2e-7 and the shortest
		// decimal form lies within 1.2e-7 of v (in units of the last digit kept), so 1e-6 from a tie
		// both round the same way; at a tie, BigDecimal decides.
		if (digits >= 0 && digits < POW10.length) {
			double x = Math.abs(v) * POW10[digits];
			if (x < 1e9) {
				double floor = Math.floor(x), frac = x - floor;
				if (Math.abs(frac - 0.5) > 1e-6) {
					long q = (long) floor + (frac > 0.5 ? 1 : 0);
					return digits(q, v < 0 && q != 0, digits);
				}
			}
		}
		return java.math.BigDecimal.valueOf(v).setScale(digits, java.math.RoundingMode.HALF_UP).toPlainString();
	}

	private static final double[] POW10 = { 1, 10, 100, 1000, 10000, 100000, 1000000 };

	/** {@code q} / 10^digits written with exactly {@code digits} decimals. */
	private static String digits(long q, boolean negative, int digits) {
		StringBuilder sb = new StringBuilder(20);
		if (negative)
			sb.append('-');
		if (digits == 0)
			return sb.append(q).toString();
		long p = (long) POW10[digits];
		sb.append(q / p).append('.');
		String f = Long.toString(q % p);
		for (int i = f.length(); i < digits; i++)
			sb.append('0');
		return sb.append(f).toString();
	}

	private static double round(double v, int digits) {
		if (!Double.isFinite(v))
			return v;
		double f = Math.pow(10, digits);
		return Math.round(v * f) / f;
	}

	@Override
	public void close() throws IOException {
		printer.close();
	}
}
