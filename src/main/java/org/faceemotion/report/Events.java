package org.faceemotion.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.CSVRecord;
import org.faceemotion.core.model.Emotion;
import org.faceemotion.core.pipeline.ResultRow;
import org.faceemotion.core.pipeline.ResultsCsv;

/**
 * Event-locked summaries: an events file (CSV with a header; columns {@code onset} in seconds,
 * optional {@code duration} in seconds, optional {@code label}; {@code onset_s} and
 * {@code duration_s} are read too) and, per event and face, the mean calibrated probabilities,
 * dominant emotion and fraction of trusted rows in the event window, the same in a baseline
 * window just before the onset, and their difference. Also the plot of the mean probability of
 * each emotion around the onsets, per event label, with a band of one standard deviation across
 * events.
 */
public final class Events {
	public static final class Event {
		public final int index;
		public final double onsetSec, durationSec;
		public final String label;

		public Event(int index, double onsetSec, double durationSec, String label) {
			this.index = index;
			this.onsetSec = onsetSec;
			this.durationSec = durationSec;
			this.label = label;
		}

		/** The end of the event window: the event's own duration, or the default window when it has none. */
		public double endSec(Options o) {
			return onsetSec + (Double.isNaN(durationSec) ? o.windowSec : durationSec);
		}
	}

	public static final class Options {
		/** Length of the event window for events without a duration (seconds). */
		public double windowSec = 2;
		/** Length of the baseline window just before each onset (seconds). */
		public double baselineSec = 1;
		/** Count every row that is not excluded, not only the trusted ones (quality ok). */
		public boolean countAllRows;

		public Options check() {
			if (!(windowSec > 0))
				throw new IllegalArgumentException("event window must be > 0 s, got " + windowSec);
			if (!(baselineSec >= 0))
				throw new IllegalArgumentException("baseline window must be >= 0 s, got " + baselineSec);
			return this;
		}
	}

	private Events() {
	}

	/**
	 * The events file for one video: {@code events} itself when it is a file (one file for all
	 * videos), {@code events/<stem>.csv} when it is a folder (null when that file is missing).
	 */
	public static Path forVideo(Path events, String stem) {
		if (events == null)
			return null;
		if (Files.isDirectory(events)) {
			Path own = events.resolve(stem + ".csv");
			return Files.isRegularFile(own) ? own : null;
		}
		return events;
	}

	/** The events of a file, in onset order; a bad cell fails with the file, the line and the cause. */
	public static List<Event> read(Path csv) throws IOException {
		if (!Files.isRegularFile(csv))
			throw new IOException(csv + ": no such events file");
		List<Event> events = new ArrayList<>();
		try (Reader in = Files.newBufferedReader(csv, StandardCharsets.UTF_8);
				CSVParser p = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).setTrim(true).setIgnoreEmptyLines(true).get()
						.parse(in)) {
			Map<String, String> col = new TreeMap<>();
			for (String h : p.getHeaderNames())
				col.put(h.trim().toLowerCase(Locale.ROOT).replace("\uFEFF", ""), h);
			String onset = col.containsKey("onset") ? col.get("onset") : col.get("onset_s");
			String duration = col.containsKey("duration") ? col.get("duration") : col.get("duration_s");
			String label = col.get("label");
			if (onset == null)
				throw new IOException(csv + ": an events file needs a header with an 'onset' column (seconds), and may have 'duration' and 'label'; found "
						+ p.getHeaderNames());
			for (CSVRecord r : p) {
				try {
					double on = Double.parseDouble(r.get(onset));
					String d = duration == null || !r.isSet(duration) ? "" : r.get(duration);
					double dur = d.isEmpty() ? Double.NaN : Double.parseDouble(d);
					if (!Double.isFinite(on) || on < 0)
						throw new IllegalArgumentException("onset must be a time >= 0 s, not " + r.get(onset));
					if (!Double.isNaN(dur) && !(dur > 0 && Double.isFinite(dur)))
						throw new IllegalArgumentException("duration must be > 0 s, not " + d);
					String l = label == null || !r.isSet(label) || r.get(label).isEmpty() ? "event" : r.get(label);
					events.add(new Event(events.size() + 1, on, dur, l));
				} catch (IllegalArgumentException e) {
					throw new IOException(csv + ": line " + p.getCurrentLineNumber() + ": " + e.getMessage(), e);
				}
			}
		} catch (java.io.UncheckedIOException | IllegalStateException e) {
			throw new IOException(csv + ": not a readable events CSV (" + e.getMessage() + ")", e);
		}
		events.sort((a, b) -> Double.compare(a.onsetSec, b.onsetSec));
		return events;
	}

	/** One row of the events table: an event and a face. */
	public static final class Row {
		public final Event event;
		public final int faceId;
		public String participant;
		public int frames, trusted, counted, baselineFrames, baselineCounted;
		public final double[] sum = new double[Emotion.COUNT], baselineSum = new double[Emotion.COUNT];

		Row(Event event, int faceId) {
			this.event = event;
			this.faceId = faceId;
		}

		public double mean(Emotion e) {
			return counted == 0 ? Double.NaN : sum[e.ordinal()] / counted;
		}

		public double baselineMean(Emotion e) {
			return baselineCounted == 0 ? Double.NaN : baselineSum[e.ordinal()] / baselineCounted;
		}

		public Emotion dominant() {
			if (counted == 0)
				return null;
			int best = 0;
			for (int i = 1; i < Emotion.COUNT; i++)
				if (sum[i] > sum[best])
					best = i;
			return Emotion.values()[best];
		}
	}

	/** Per event and face (faces seen in the event or its baseline window), in event order and then by face. */
	public static List<Row> summarize(List<ResultRow> rows, List<Event> events, Options o) {
		List<Row> out = new ArrayList<>();
		for (Event ev : events) {
			double end = ev.endSec(o), base = ev.onsetSec - o.baselineSec;
			Map<Integer, Row> faces = new TreeMap<>();
			for (ResultRow r : rows) {
				if (r.excluded != null)
					continue;
				boolean inEvent = r.timeSec >= ev.onsetSec && r.timeSec < end, inBase = r.timeSec >= base && r.timeSec < ev.onsetSec;
				if (!inEvent && !inBase)
					continue;
				Row row = faces.computeIfAbsent(r.faceId, id -> new Row(ev, id));
				if (r.participant != null)
					row.participant = r.participant;
				boolean counts = r.trusted() || o.countAllRows;
				if (inEvent) {
					row.frames++;
					if (r.trusted())
						row.trusted++;
					if (counts) {
						row.counted++;
						for (int c = 0; c < Emotion.COUNT; c++)
							row.sum[c] += r.probabilities[c];
					}
				} else {
					row.baselineFrames++;
					if (counts) {
						row.baselineCounted++;
						for (int c = 0; c < Emotion.COUNT; c++)
							row.baselineSum[c] += r.probabilities[c];
					}
				}
			}
			out.addAll(faces.values());
		}
		return out;
	}

	public static List<String> header() {
		List<String> h = new ArrayList<>(List.of("source", "event", "label", "onset_s", "end_s", "face_id", "participant", "frames", "ok_fraction",
				"dominant_emotion"));
		for (Emotion e : Emotion.values())
			h.add("mean_" + e.label());
		h.add("baseline_frames");
		for (Emotion e : Emotion.values())
			h.add("baseline_mean_" + e.label());
		for (Emotion e : Emotion.values())
			h.add("change_" + e.label());
		return h;
	}

	public static void write(List<Row> table, String source, Options o, Writer out) throws IOException {
		try (CSVPrinter p = new CSVPrinter(out, CSVFormat.DEFAULT.builder().setHeader(header().toArray(new String[0])).setRecordSeparator('\n').get())) {
			for (Row r : table) {
				List<Object> v = new ArrayList<>(List.of(ResultsCsv.text(source), r.event.index, ResultsCsv.text(r.event.label), f(r.event.onsetSec),
						f(r.event.endSec(o)), r.faceId, r.participant == null ? "" : ResultsCsv.text(r.participant), r.frames,
						r.frames == 0 ? "" : f(r.trusted / (double) r.frames), r.dominant() == null ? "" : r.dominant().label()));
				for (Emotion e : Emotion.values())
					v.add(f(r.mean(e)));
				v.add(r.baselineFrames);
				for (Emotion e : Emotion.values())
					v.add(f(r.baselineMean(e)));
				for (Emotion e : Emotion.values())
					v.add(f(r.mean(e) - r.baselineMean(e)));
				p.printRecord(v);
			}
		}
	}

	/** Four decimals; an empty cell where there is no value (no counted rows in a window). */
	static String f(double v) {
		return Double.isNaN(v) ? "" : ResultsCsv.fixed(v, 4);
	}

	/** Width of the plot's time bins (seconds). */
	static final double BIN_SEC = 0.2;

	/**
	 * Per event label, the mean probability of each emotion in time bins around the onsets: first
	 * the mean over the faces' counted rows in each bin of each event, then the mean and standard
	 * deviation of that over the events. Index [label][emotion][bin] of {@code mean} and {@code sd};
	 * {@code startSec} is the time of bin 0 relative to the onset.
	 */
	public static final class Curves {
		public final String label;
		public final int events;
		public final double startSec;
		public final double[][] mean, sd;

		Curves(String label, int events, double startSec, double[][] mean, double[][] sd) {
			this.label = label;
			this.events = events;
			this.startSec = startSec;
			this.mean = mean;
			this.sd = sd;
		}
	}

	public static List<Curves> curves(List<ResultRow> rows, List<Event> events, Options o) {
		Map<String, List<Event>> byLabel = new LinkedHashMap<>();
		for (Event e : events)
			byLabel.computeIfAbsent(e.label, k -> new ArrayList<>()).add(e);
		List<Curves> out = new ArrayList<>();
		for (Map.Entry<String, List<Event>> g : byLabel.entrySet()) {
			double after = 0;
			for (Event e : g.getValue())
				after = Math.max(after, e.endSec(o) - e.onsetSec);
			int pre = (int) Math.round(o.baselineSec / BIN_SEC), bins = pre + (int) Math.ceil(after / BIN_SEC - 1e-9);
			int n = g.getValue().size();
			double[][][] perEvent = new double[n][Emotion.COUNT][bins];
			for (int k = 0; k < n; k++) {
				Event ev = g.getValue().get(k);
				double[][] sum = new double[Emotion.COUNT][bins];
				int[] count = new int[bins];
				for (ResultRow r : rows) {
					if (r.excluded != null || !(r.trusted() || o.countAllRows))
						continue;
					int b = (int) Math.floor((r.timeSec - ev.onsetSec) / BIN_SEC) + pre;
					if (b < 0 || b >= bins || r.timeSec >= ev.endSec(o))
						continue;
					count[b]++;
					for (int c = 0; c < Emotion.COUNT; c++)
						sum[c][b] += r.probabilities[c];
				}
				for (int c = 0; c < Emotion.COUNT; c++)
					for (int b = 0; b < bins; b++)
						perEvent[k][c][b] = count[b] == 0 ? Double.NaN : sum[c][b] / count[b];
			}
			double[][] mean = new double[Emotion.COUNT][bins], sd = new double[Emotion.COUNT][bins];
			for (int c = 0; c < Emotion.COUNT; c++)
				for (int b = 0; b < bins; b++) {
					double s = 0, s2 = 0;
					int m = 0;
					for (int k = 0; k < n; k++) {
						double v = perEvent[k][c][b];
						if (!Double.isNaN(v)) {
							s += v;
							s2 += v * v;
							m++;
						}
					}
					mean[c][b] = m == 0 ? Double.NaN : s / m;
					sd[c][b] = m < 2 ? 0 : Math.sqrt(Math.max(0, (s2 - s * s / m) / (m - 1)));
				}
			out.add(new Curves(g.getKey(), n, -pre * BIN_SEC, mean, sd));
		}
		return out;
	}

	/** The plot: one panel per label; time from the baseline's start to the longest window's end, onset at 0. */
	public static BufferedImage plot(String title, List<Curves> curves) {
		int panelH = 220, left = 70, right = 20, top = 40, gap = 50, width = 900, legend = 30;
		int height = top + Math.max(1, curves.size()) * (panelH + gap) + legend;
		BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
		Graphics2D g = Charts.canvas(img, title, left);
		int plotW = width - left - right;
		if (curves.isEmpty())
			g.drawString("no events", left, top + 18);
		for (int i = 0; i < curves.size(); i++) {
			Curves cv = curves.get(i);
			int y0 = top + i * (panelH + gap) + 16;
			int bins = cv.mean[0].length;
			double span = Math.max(bins * BIN_SEC, 1e-3);
			g.setColor(Color.BLACK);
			g.drawString(String.format(Locale.ROOT, "%s (%d event%s): mean probability, band = 1 SD across events", cv.label, cv.events,
					cv.events == 1 ? "" : "s"), left, y0 - 4);
			g.setColor(new Color(0xDDDDDD));
			g.drawRect(left, y0, plotW, panelH);
			for (Emotion e : Emotion.values()) {
				Color c = new Color(e.rgb());
				g.setColor(new Color(c.getRed(), c.getGreen(), c.getBlue(), 40));
				for (int b = 0; b < bins; b++) {
					double m = cv.mean[e.ordinal()][b], s = cv.sd[e.ordinal()][b];
					if (Double.isNaN(m) || s <= 0)
						continue;
					int x0 = left + (int) Math.round(b * BIN_SEC / span * plotW), x1 = left + (int) Math.round((b + 1) * BIN_SEC / span * plotW);
					int yTop = y(Math.min(1, m + s), y0, panelH), yBot = y(Math.max(0, m - s), y0, panelH);
					g.fillRect(x0, yTop, Math.max(1, x1 - x0), Math.max(1, yBot - yTop));
				}
				g.setColor(c);
				g.setStroke(new BasicStroke(2f));
				for (int b = 0; b + 1 < bins; b++) {
					double m0 = cv.mean[e.ordinal()][b], m1 = cv.mean[e.ordinal()][b + 1];
					if (Double.isNaN(m0) || Double.isNaN(m1))
						continue;
					g.drawLine(left + (int) Math.round((b + 0.5) * BIN_SEC / span * plotW), y(m0, y0, panelH),
							left + (int) Math.round((b + 1.5) * BIN_SEC / span * plotW), y(m1, y0, panelH));
				}
				g.setStroke(new BasicStroke(1));
			}
			// onset
			int x0 = left + (int) Math.round(-cv.startSec / span * plotW);
			g.setColor(Color.DARK_GRAY);
			g.setStroke(new BasicStroke(1, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10, new float[] { 4, 4 }, 0));
			g.drawLine(x0, y0, x0, y0 + panelH);
			g.setStroke(new BasicStroke(1));
			g.setColor(Color.BLACK);
			g.drawString("onset", x0 + 3, y0 + 12);
			for (double p : new double[] { 0, 0.5, 1 })
				g.drawString(String.format(Locale.ROOT, "%.1f", p), left - 28, y(p, y0, panelH) + 4);
			for (double t = Math.ceil(cv.startSec); t <= cv.startSec + span + 1e-9; t += Math.max(1, Math.round(span / 8))) {
				int x = left + (int) Math.round((t - cv.startSec) / span * plotW);
				g.drawLine(x, y0 + panelH, x, y0 + panelH + 4);
				String l = String.format(Locale.ROOT, "%.0f", t);
				g.drawString(l, x - g.getFontMetrics().stringWidth(l) / 2, y0 + panelH + 18);
			}
			g.drawString("time from onset (s)", left + plotW - 120, y0 + panelH + 32);
		}
		Charts.legend(g, left, height - 12);
		g.dispose();
		return img;
	}

	private static int y(double p, int y0, int h) {
		return y0 + (int) Math.round((1 - p) * h);
	}
}
