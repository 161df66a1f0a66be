package org.faceemotion.imagej;

import java.awt.BasicStroke;
import java.awt.Button;
import java.awt.Canvas;
import java.awt.Color;
import java.awt.Dimension;
import java.awt.Font;
import java.awt.Frame;
import java.awt.Graphics;
import java.awt.Graphics2D;
import java.awt.GraphicsEnvironment;
import java.awt.Label;
import java.awt.Panel;
import java.awt.ScrollPane;
import java.awt.event.MouseAdapter;
import java.awt.event.MouseEvent;
import java.awt.event.WindowAdapter;
import java.awt.event.WindowEvent;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import ij.IJ;
import ij.ImagePlus;
import ij.gui.GenericDialog;
import ij.gui.Overlay;
import ij.gui.Roi;
import ij.plugin.frame.Recorder;

import org.faceemotion.batch.AnnotateOptions;
import org.faceemotion.core.model.Emotion;
import org.faceemotion.core.model.FaceQuality;
import org.faceemotion.core.pipeline.ResultRow;
import org.faceemotion.core.pipeline.TrackSummary;
import org.faceemotion.report.Corrections;

/**
 * Review Results: a video's results opened for review and correction in Fiji. The video opens as
 * a (virtual) stack with the table's boxes, ids and emotions as its overlay; a tracks window lists
 * one row per face id (times, frames, quality counts, dominant emotion, a lane of its smoothed
 * emotion) and holds the corrections: merge, split at the current frame, delete a face or a range
 * of it, name a face, exclude a range, undo, save. Each edit is recorded as a macro call of the
 * static functions below, so a series of corrections replays on the raw outputs; the same
 * functions work headless (no window) on the last opened results.
 */
public final class ReviewResults {
	static final String CLASS = ReviewResults.class.getName();
	/** The results opened last: what the macro functions act on. */
	static volatile ReviewResults current;

	final ReviewSession session;
	final ImagePlus video;
	TracksWindow window;
	int selected = -1;

	private ReviewResults(ReviewSession session, ImagePlus video) {
		this.session = session;
		this.video = video;
	}

	/**
	 * Opens {@code table} for review, with {@code video} as its stack (null: found from the table's
	 * {@code -run.json}, or by the rows' source name beside the table; none found, or headless: no
	 * stack, the macro functions still work).
	 */
	public static ReviewResults open(Path table, Path video, AnnotateOptions options) throws IOException {
		ReviewSession s = new ReviewSession(table, options);
		if (s.loadNote != null)
			IJ.log("Review Results: " + s.loadNote);
		boolean headless = GraphicsEnvironment.isHeadless();
		Path v = video != null ? video : findVideo(s);
		ImagePlus imp = null;
		if (!headless && v != null) {
			imp = VideoStacks.open(v, 1024L * 1024 * 1024);
			imp.setTitle("Review - " + imp.getTitle());
		}
		ReviewResults r = new ReviewResults(s, imp);
		current = r;
		if (!headless) {
			if (imp != null)
				imp.show();
			r.window = new TracksWindow(r);
			r.refresh();
			r.window.setVisible(true);
		}
		IJ.log("Review Results: " + table + ", " + s.raw.size() + " rows, " + s.tracks().size() + " face id(s)" + (v == null ? ", no video found" : ", video " + v));
		return r;
	}

	/** The video of a table: the input named by its {@code -run.json}, else a file named as the rows' source beside the table. */
	static Path findVideo(ReviewSession s) {
		Path run = s.outDir.resolve(org.faceemotion.io.OutputLayout.run(s.stem));
		try {
			if (Files.exists(run)) {
				Map<?, ?> root = new com.google.gson.Gson().fromJson(Files.readString(run, StandardCharsets.UTF_8), Map.class);
				Object in = root == null ? null : root.get("input");
				Object file = in instanceof Map ? ((Map<?, ?>) in).get("file") : null;
				if (file != null && Files.isRegularFile(Path.of(file.toString())))
					return Path.of(file.toString());
			}
		} catch (IOException | RuntimeException e) {
			// fall back to the name
		}
		if (!s.raw.isEmpty()) {
			Path beside = s.outDir.resolve(s.raw.get(0).source);
			if (Files.isRegularFile(beside))
				return beside;
		}
		return null;
	}

	/** After an edit: the overlay and the tracks list again. */
	void refresh() {
		if (video != null)
			video.setOverlay(overlay(video, session.rows(), selected));
		if (window != null)
			window.update();
	}

	/** A box per row on its frame: the emotion's colour, "face N" (or the participant) and the emotion; excluded rows grey; the selected face thick. */
	static Overlay overlay(ImagePlus imp, List<ResultRow> rows, int selected) {
		Overlay ov = new Overlay();
		int font = ImageAnnotation.labelFont(imp).getSize();
		int width = Math.max(1, Math.round(Math.max(imp.getWidth(), imp.getHeight()) / 400f));
		for (ResultRow r : rows) {
			Roi roi = new FaceRoi(r.x, r.y, r.width, r.height, font);
			roi.setName(String.format(Locale.ROOT, "face %d%s: %s%s", r.faceId, r.participant == null ? "" : " (" + r.participant + ")",
					r.smoothedEmotion.label(), r.excluded == null ? "" : " [excluded]"));
			roi.setStrokeColor(r.excluded != null ? Color.GRAY : ImageAnnotation.color(r.smoothedEmotion));
			roi.setStrokeWidth(r.faceId == selected ? 3 * width : width);
			if (imp.isHyperStack())
				roi.setPosition(0, 0, r.frame + 1);
			else
				roi.setPosition(r.frame + 1);
			ov.add(roi);
		}
		ov.drawLabels(false);
		return ov;
	}

	/** Selects a face: its boxes thick, the stack at its first frame. */
	void select(int id) {
		selected = id;
		if (video != null)
			session.rows().stream().filter(r -> r.faceId == id).mapToInt(r -> r.frame).min().ifPresent(f -> {
				if (video.isHyperStack())
					video.setT(f + 1);
				else
					video.setSlice(f + 1);
			});
		refresh();
	}

	/** The time of the stack's current frame (its first face row's time, else the frame interval times the index). */
	double currentTime() {
		if (video == null)
			return 0;
		int frame = (video.isHyperStack() ? video.getT() : video.getCurrentSlice()) - 1;
		return session.rows().stream().filter(r -> r.frame >= frame).mapToDouble(r -> r.timeSec).min()
				.orElse(frame * video.getCalibration().frameInterval);
	}

	/** Applies an edit made in the window: the session, the view, the macro recorder; a misfit is said, nothing changes. */
	boolean edit(Corrections.Edit e, String call) {
		try {
			session.edit(e);
		} catch (IllegalArgumentException x) {
			IJ.error("Review Results", x.getMessage());
			return false;
		}
		if (Recorder.record)
			Recorder.recordString(call + "\n");
		IJ.log("Review Results: " + e.describe());
		refresh();
		return true;
	}

	static String call(String function, Object... args) {
		StringBuilder sb = new StringBuilder("call(\"" + CLASS + "." + function + "\"");
		for (Object a : args)
			sb.append(", \"").append(String.valueOf(a).replace("\\", "\\\\").replace("\"", "\\\"")).append('"');
		return sb.append(");").toString();
	}

	static String num(double v) {
		return String.format(Locale.ROOT, "%.4f", v);
	}

	// --- the macro functions: call("org.faceemotion.imagej.ReviewResults.merge", "3", "5"); each returns "ok" or what went wrong

	private static String run(java.util.function.Function<ReviewResults, Corrections.Edit> make) {
		ReviewResults r = current;
		if (r == null)
			return "error: no results open for review (Plugins > Face Emotion > Review Results...)";
		try {
			Corrections.Edit e = make.apply(r);
			r.session.edit(e);
			IJ.log("Review Results: " + e.describe());
			if (r.window != null || r.video != null)
				java.awt.EventQueue.invokeLater(r::refresh);
			return "ok";
		} catch (RuntimeException x) {
			return "error: " + x.getMessage();
		}
	}

	/** Faces {@code keep} and {@code other} are one person: {@code other}'s rows take {@code keep}'s id. */
	public static String merge(String keep, String other) {
		return run(r -> Corrections.Edit.merge(Integer.parseInt(keep.trim()), Integer.parseInt(other.trim())));
	}

	/** From {@code atSec} on, face {@code id}'s rows are another face (a new id). */
	public static String split(String id, String atSec) {
		return run(r -> Corrections.Edit.split(Integer.parseInt(id.trim()), Double.parseDouble(atSec.trim())));
	}

	/** Face {@code id} is not a person: its rows go. */
	public static String delete(String id) {
		return run(r -> Corrections.Edit.delete(Integer.parseInt(id.trim())));
	}

	public static String deleteRange(String id, String fromSec, String toSec) {
		return run(r -> Corrections.Edit.deleteRange(Integer.parseInt(id.trim()), Double.parseDouble(fromSec.trim()), Double.parseDouble(toSec.trim())));
	}

	/** Face {@code id} is participant {@code label} (it appears in every output). */
	public static String name(String id, String label) {
		return run(r -> Corrections.Edit.rename(Integer.parseInt(id.trim()), label));
	}

	/** Rows of face {@code id} (0: every face) from {@code fromSec} to {@code toSec} do not count, for {@code reason}. */
	public static String exclude(String id, String fromSec, String toSec, String reason) {
		return run(r -> Corrections.Edit.exclude(Integer.parseInt(id.trim()), Double.parseDouble(fromSec.trim()), Double.parseDouble(toSec.trim()), reason));
	}

	public static String undo() {
		ReviewResults r = current;
		if (r == null)
			return "error: no results open for review";
		boolean done = r.session.undo();
		if (r.window != null || r.video != null)
			java.awt.EventQueue.invokeLater(r::refresh);
		return done ? "ok" : "error: nothing to undo";
	}

	/** Writes the corrected outputs and the corrections file; returns "ok" or the error. */
	public static String save(String author, String note) {
		ReviewResults r = current;
		if (r == null)
			return "error: no results open for review";
		try {
			List<Path> files = r.session.save(author, note);
			IJ.log("Review Results: saved " + files.get(0) + " and " + (files.size() - 1) + " more file(s)");
			return "ok";
		} catch (IOException | RuntimeException e) {
			return "error: " + e.getMessage();
		}
	}

	/** The tracks window: one row per face id with a lane of its smoothed emotion; the correction buttons. */
	static final class TracksWindow extends Frame {
		private static final long serialVersionUID = 1L;
		final ReviewResults review;
		final TracksCanvas canvas;
		final Label status = new Label();

		TracksWindow(ReviewResults review) {
			super("Face Emotion Review - " + review.session.table.getFileName());
			this.review = review;
			setLayout(new java.awt.BorderLayout());
			canvas = new TracksCanvas(review);
			ScrollPane scroll = new ScrollPane();
			scroll.add(canvas);
			scroll.setPreferredSize(new Dimension(720, 300));
			add(scroll, java.awt.BorderLayout.CENTER);
			Panel buttons = new Panel(new java.awt.GridLayout(2, 4, 4, 4));
			for (String b : new String[] { "Merge with...", "Split here", "Delete face", "Delete range...", "Name...", "Exclude range...", "Undo",
					"Save..." }) {
				Button button = new Button(b);
				button.addActionListener(e -> action(b));
				buttons.add(button);
			}
			Panel south = new Panel(new java.awt.BorderLayout());
			south.add(status, java.awt.BorderLayout.NORTH);
			south.add(buttons, java.awt.BorderLayout.CENTER);
			add(south, java.awt.BorderLayout.SOUTH);
			addWindowListener(new WindowAdapter() {
				@Override
				public void windowClosing(WindowEvent e) {
					dispose();
				}
			});
			pack();
			IJ.getInstance();
			setLocation(40, 420);
		}

		void update() {
			canvas.update();
			int n = review.session.corrections.edits.size();
			status.setText(n + " edit(s)" + (n == 0 ? "" : "; last: " + review.session.corrections.edits.get(n - 1).describe())
					+ (review.selected > 0 ? "; selected: face " + review.selected : "; click a face to select it"));
		}

		/** The buttons' actions (also what the tests press). */
		void action(String name) {
			ReviewResults r = review;
			int id = r.selected;
			if (id <= 0 && !name.equals("Undo") && !name.equals("Save...") && !name.equals("Exclude range...")) {
				IJ.error("Review Results", "Select a face in the list first.");
				return;
			}
			switch (name) {
			case "Merge with...": {
				List<Integer> ids = r.session.ids();
				ids.remove(Integer.valueOf(id));
				if (ids.isEmpty()) {
					IJ.error("Review Results", "There is no other face to merge with.");
					return;
				}
				GenericDialog gd = new GenericDialog("Merge Faces");
				gd.addMessage("Face " + id + " and another face are one person; the other face's rows take id " + id + ".");
				String[] choices = ids.stream().map(String::valueOf).toArray(String[]::new);
				gd.addChoice("other_face", choices, choices[0]);
				gd.showDialog();
				if (gd.wasCanceled())
					return;
				int other = Integer.parseInt(gd.getNextChoice());
				r.edit(Corrections.Edit.merge(id, other), call("merge", id, other));
				return;
			}
			case "Split here": {
				double t = r.currentTime();
				r.edit(Corrections.Edit.split(id, t), call("split", id, num(t)));
				return;
			}
			case "Delete face":
				if (r.edit(Corrections.Edit.delete(id), call("delete", id)))
					r.selected = -1;
				return;
			case "Delete range...":
			case "Exclude range...": {
				boolean exclude = name.startsWith("Exclude");
				GenericDialog gd = new GenericDialog(exclude ? "Exclude Range" : "Delete Range");
				double t = r.currentTime();
				if (exclude)
					gd.addCheckbox("every_face", id <= 0);
				gd.addNumericField("from_s", t, 3);
				gd.addNumericField("to_s", t + 1, 3);
				if (exclude)
					gd.addStringField("reason", "hand over face", 24);
				gd.showDialog();
				if (gd.wasCanceled())
					return;
				boolean every = exclude && gd.getNextBoolean();
				double from = gd.getNextNumber(), to = gd.getNextNumber();
				try {
					if (exclude) {
						String reason = gd.getNextString();
						int who = every ? 0 : id;
						if (who < 0) {
							IJ.error("Review Results", "Select a face in the list, or tick every_face.");
							return;
						}
						r.edit(Corrections.Edit.exclude(who, from, to, reason), call("exclude", who, num(from), num(to), reason));
					} else {
						r.edit(Corrections.Edit.deleteRange(id, from, to), call("deleteRange", id, num(from), num(to)));
					}
				} catch (IllegalArgumentException x) {
					IJ.error("Review Results", x.getMessage());
				}
				return;
			}
			case "Name...": {
				GenericDialog gd = new GenericDialog("Name Face");
				gd.addStringField("participant", "P01", 12);
				gd.showDialog();
				if (gd.wasCanceled())
					return;
				String label = gd.getNextString();
				try {
					r.edit(Corrections.Edit.rename(id, label), call("name", id, label));
				} catch (IllegalArgumentException x) {
					IJ.error("Review Results", x.getMessage());
				}
				return;
			}
			case "Undo":
				if (r.session.undo()) {
					if (Recorder.record)
						Recorder.recordString(call("undo") + "\n");
					r.refresh();
				}
				return;
			default: {
				GenericDialog gd = new GenericDialog("Save Corrections");
				gd.addMessage("Writes " + org.faceemotion.io.OutputLayout.corrected(r.session.stem) + ".csv, its summary, segments and timeline,\nand "
						+ r.session.correctionsFile().getFileName() + ". The raw results stay as they are.");
				gd.addStringField("author", System.getProperty("user.name", ""), 20);
				gd.addStringField("note", "", 30);
				gd.showDialog();
				if (gd.wasCanceled())
					return;
				String author = gd.getNextString(), note = gd.getNextString();
				String result = save(author, note);
				if (result.startsWith("error"))
					IJ.error("Review Results", result);
				else if (Recorder.record)
					Recorder.recordString(call("save", author, note) + "\n");
				update();
			}
			}
		}
	}

	/** The list of tracks: per row id, participant, times, frames, quality counts, dominant emotion and the lane. */
	static final class TracksCanvas extends Canvas {
		private static final long serialVersionUID = 1L;
		static final int ROW = 24, TEXT = 470, LANE = 280;
		final ReviewResults review;
		List<TrackSummary.Track> tracks = List.of();
		double span = 1;

		TracksCanvas(ReviewResults review) {
			this.review = review;
			addMouseListener(new MouseAdapter() {
				@Override
				public void mousePressed(MouseEvent e) {
					int i = e.getY() / ROW - 1;
					if (i >= 0 && i < tracks.size())
						review.select(tracks.get(i).id);
				}
			});
		}

		void update() {
			tracks = review.session.tracks();
			span = Math.max(1e-3, review.session.raw.stream().mapToDouble(r -> r.timeSec).max().orElse(1));
			setSize(new Dimension(TEXT + LANE + 20, (tracks.size() + 1) * ROW + 4));
			repaint();
		}

		/** The row of face {@code id} in the list (0-based), or -1. */
		int rowOf(int id) {
			for (int i = 0; i < tracks.size(); i++)
				if (tracks.get(i).id == id)
					return i;
			return -1;
		}

		@Override
		public void paint(Graphics g0) {
			Graphics2D g = (Graphics2D) g0;
			g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 12));
			g.setColor(Color.BLACK);
			g.drawString("face   first-last (s)   frames   ok/small/blur/turned/partial   dominant", 6, 16);
			g.drawString("smoothed emotion (pale: not ok)", TEXT + 16, 16);
			g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
			for (int i = 0; i < tracks.size(); i++) {
				TrackSummary.Track t = tracks.get(i);
				int y = (i + 1) * ROW;
				if (t.id == review.selected) {
					g.setColor(new Color(0xCCE0FF));
					g.fillRect(0, y, TEXT + LANE + 20, ROW);
				}
				g.setColor(t.isShort() ? Color.GRAY : Color.BLACK);
				Emotion d = t.dominant();
				int[] q = t.qualityRows;
				g.drawString(String.format(Locale.ROOT, "%d%s   %.2f-%.2f   %d   %d/%d/%d/%d/%d   %s%s", t.id,
						t.participant == null ? "" : " (" + t.participant + ")", t.first, t.last, t.frames, q[FaceQuality.Label.OK.ordinal()],
						q[FaceQuality.Label.SMALL.ordinal()], q[FaceQuality.Label.BLURRED.ordinal()], q[FaceQuality.Label.TURNED.ordinal()],
						q[FaceQuality.Label.PARTIAL.ordinal()], d == null ? "-" : d.label(), t.isShort() ? " (short)" : ""), 6, y + 16);
				g.setColor(new Color(0xF0F0F0));
				g.fillRect(TEXT, y + 4, LANE, ROW - 8);
				List<TrackSummary.Sample> s = t.samples;
				for (int k = 0; k < s.size(); k++) {
					double t0 = s.get(k).timeSec, t1 = k + 1 < s.size() ? Math.min(s.get(k + 1).timeSec, t0 + 0.5) : t0 + 0.1;
					int x0 = TEXT + (int) Math.round(t0 / span * LANE), x1 = TEXT + (int) Math.round(t1 / span * LANE);
					Color c = new Color(s.get(k).smoothed.rgb());
					g.setColor(s.get(k).trusted ? c : new Color((c.getRed() + 2 * 255) / 3, (c.getGreen() + 2 * 255) / 3, (c.getBlue() + 2 * 255) / 3));
					g.fillRect(x0, y + 4, Math.max(1, x1 - x0), ROW - 8);
				}
			}
			g.setColor(Color.GRAY);
			g.setStroke(new BasicStroke(1));
			g.drawLine(TEXT - 4, ROW, TEXT - 4, (tracks.size() + 1) * ROW);
		}
	}
}
