package org.faceemotion.imagej;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Button;
import java.awt.Component;
import java.awt.Container;
import java.awt.EventQueue;
import java.awt.Rectangle;
import java.awt.Robot;
import java.awt.event.ActionEvent;
import java.awt.event.ActionListener;
import java.awt.event.MouseEvent;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

import javax.imageio.ImageIO;
import javax.swing.SwingUtilities;

import ij.IJ;
import ij.ImageJ;
import ij.ImagePlus;
import ij.WindowManager;
import ij.macro.Interpreter;
import ij.plugin.frame.Recorder;

import org.faceemotion.Cli;
import org.faceemotion.Display;
import org.faceemotion.TestData;
import org.faceemotion.core.pipeline.ResultRow;
import org.faceemotion.core.pipeline.ResultsCsv;
import org.faceemotion.core.pipeline.TrackSummary;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Review Results in the real ImageJ window (Xvfb in CI), through its dialogs and buttons: a merge,
 * a split, a delete, an exclusion, save, reopen, the recorded macro replayed on the raw outputs,
 * and the corrections applied to a fresh run of the same video. Leaves a screenshot under target/.
 */
class ReviewGuiTest {
	static ImageJ ij;

	@BeforeAll
	static void open() throws Exception {
		Display.require();
		ij = FaceEmotionImageJ.open(ImageJ.EMBEDDED);
	}

	@AfterAll
	static void close() throws Exception {
		if (ij == null)
			return;
		WindowManager.closeAllWindows();
		for (java.awt.Window w : java.awt.Window.getWindows())
			if (w instanceof ReviewResults.TracksWindow)
				SwingUtilities.invokeAndWait(w::dispose);
		SwingUtilities.invokeAndWait(() -> ij.dispose());
	}

	/** Presses the tracks window's button as a click does (its listeners on the event thread). */
	static void press(ReviewResults.TracksWindow w, String label) {
		Button b = find(w, label);
		assertNotNull(b, "button " + label);
		EventQueue.invokeLater(() -> {
			for (ActionListener l : b.getActionListeners())
				l.actionPerformed(new ActionEvent(b, ActionEvent.ACTION_PERFORMED, label));
		});
	}

	static Button find(Container c, String label) {
		for (Component k : c.getComponents()) {
			if (k instanceof Button && label.equals(((Button) k).getLabel()))
				return (Button) k;
			if (k instanceof Container) {
				Button b = find((Container) k, label);
				if (b != null)
					return b;
			}
		}
		return null;
	}

	/** Clicks face {@code id}'s row in the tracks list. */
	static void click(ReviewResults r, int id) throws Exception {
		ReviewResults.TracksCanvas canvas = r.window.canvas;
		int[] row = { -1 };
		// on the event thread, after the refresh of the last edit: the list as it is drawn
		SwingUtilities.invokeAndWait(() -> {
			row[0] = canvas.rowOf(id);
			if (row[0] >= 0)
				canvas.dispatchEvent(new MouseEvent(canvas, MouseEvent.MOUSE_PRESSED, System.currentTimeMillis(), 0, 50,
						(row[0] + 1) * ReviewResults.TracksCanvas.ROW + 10, 1, false));
		});
		assertTrue(row[0] >= 0, "face " + id + " listed");
		assertEquals(id, r.selected);
	}

	static void until(java.util.function.BooleanSupplier done, String what) throws Exception {
		for (int i = 0; i < 300 && !done.getAsBoolean(); i++)
			Thread.sleep(100);
		assertTrue(done.getAsBoolean(), what);
		SwingUtilities.invokeAndWait(() -> {
		}); // what the event thread was doing (the refresh after an edit) is done
	}

	/** Exclude range..., for every face, 2 to 2.5 s, "camera bumped". */
	static void excludeEveryFace(ReviewResults r) throws Exception {
		press(r.window, "Exclude range...");
		GuiTest.answer("Exclude Range", gd -> {
			((java.awt.Checkbox) gd.getCheckboxes().get(0)).setState(true);
			((java.awt.TextField) gd.getNumericFields().get(0)).setText("2");
			((java.awt.TextField) gd.getNumericFields().get(1)).setText("2.5");
			((java.awt.TextField) gd.getStringFields().get(0)).setText("camera bumped");
		});
	}

	@Test
	void aWrongTrackIsFixedSavedReopenedReplayedAndReappliedToAFreshRun(@TempDir Path tmp) throws Exception {
		Path clip = Files.copy(TestData.video(), tmp.resolve("clip.mp4"));
		Path out = tmp.resolve("out");
		String[] a = Cli.run("annotate", clip.toString(), "--out", out.toString(), "--every", "3");
		assertEquals("0", a[0], a[2]);
		Path table = out.resolve("clip.csv");
		byte[] rawBytes = Files.readAllBytes(table);
		List<TrackSummary.Track> tracks;
		Recorder recorder = new Recorder(false);
		try {
			IJ.doCommand("Review Results...");
			GuiTest.answer("Review Results", gd -> ((java.awt.TextField) gd.getStringFields().get(0)).setText(table.toString()));
			String opened = GuiTest.recorded("Review Results...");
			assertTrue(opened.contains("table=" + table), opened);
			until(() -> ReviewResults.current != null && ReviewResults.current.window != null && ReviewResults.current.window.isShowing(), "review window");
			ReviewResults r = ReviewResults.current;
			assertNotNull(r.video, "the video was found from clip-run.json");
			assertTrue(r.video.getOverlay().size() == r.session.raw.size(), "a box per row");
			tracks = r.session.tracks();
			assertTrue(tracks.size() >= 4, "the crowd clip has several faces: " + tracks.size());
			// the longest track, another long one, and the shortest
			List<TrackSummary.Track> byLength = tracks.stream().sorted((x, y) -> Integer.compare(y.frames, x.frames)).collect(Collectors.toList());
			int main = byLength.get(0).id, second = byLength.get(1).id, shortest = byLength.get(byLength.size() - 1).id;

			// merge: main and second are one person
			click(r, main);
			int firstFrame = r.session.rows().stream().filter(x -> x.faceId == main).mapToInt(x -> x.frame).min().getAsInt();
			assertEquals(firstFrame + 1, r.video.getT(), "selecting a face jumps to its first frame");
			press(r.window, "Merge with...");
			GuiTest.answer("Merge Faces", gd -> ((java.awt.Choice) gd.getChoices().get(0)).select(String.valueOf(second)));
			until(() -> r.session.corrections.edits.size() == 1, "merge");
			assertFalse(r.session.ids().contains(second));
			// delete: the shortest is not a person
			click(r, shortest);
			press(r.window, "Delete face");
			until(() -> r.session.corrections.edits.size() == 2, "delete");
			// split: main at a frame in its middle
			click(r, main);
			List<ResultRow> mainRows = r.session.rows().stream().filter(x -> x.faceId == main).collect(Collectors.toList());
			ResultRow middle = mainRows.get(mainRows.size() / 2);
			SwingUtilities.invokeAndWait(() -> r.video.setT(middle.frame + 1));
			press(r.window, "Split here");
			until(() -> r.session.corrections.edits.size() == 3, "split");
			int part = r.session.corrections.edits.get(2).other;
			assertEquals(middle.timeSec, r.session.rows().stream().filter(x -> x.faceId == part).mapToDouble(x -> x.timeSec).min().getAsDouble(), 1e-9);
			// exclude every face for half a second
			excludeEveryFace(r);
			until(() -> r.session.corrections.edits.size() == 4, "exclude");
			// undo and redo the exclusion through the buttons and dialogs again
			press(r.window, "Undo");
			until(() -> r.session.corrections.edits.size() == 3, "undo");
			excludeEveryFace(r);
			until(() -> r.session.corrections.edits.size() == 4, "exclude again");
			// name the merged face
			click(r, main);
			press(r.window, "Name...");
			GuiTest.answer("Name Face", gd -> ((java.awt.TextField) gd.getStringFields().get(0)).setText("P01"));
			until(() -> r.session.corrections.edits.size() == 5, "name");

			// the screenshot for the README: the stack with its overlay and the tracks window
			SwingUtilities.invokeAndWait(() -> {
				java.awt.Window log = WindowManager.getWindow("Log");
				if (log != null)
					log.setLocation(1000, 700);
				r.video.getWindow().setLocation(0, 90);
				java.awt.Rectangle vb = r.video.getWindow().getBounds();
				r.window.setLocation(0, vb.y + vb.height + 4);
				r.window.setSize(Math.max(760, vb.width), 330);
				r.window.toFront();
			});
			IJ.wait(800);
			Rectangle vb = r.video.getWindow().getBounds(), tb = r.window.getBounds();
			BufferedImage shot = new Robot().createScreenCapture(vb.union(tb));
			Path png = Path.of("target", "review-results.png");
			Files.createDirectories(png.getParent());
			ImageIO.write(shot, "png", png.toFile());
			assertTrue(Files.size(png) > 20_000);

			// save
			press(r.window, "Save...");
			GuiTest.answer("Save Corrections", gd -> ((java.awt.TextField) gd.getStringFields().get(0)).setText("rater A"));
			Path corrected = out.resolve("clip-corrected.csv");
			until(() -> Files.exists(out.resolve("clip-corrections.json")), "saved");
			assertTrue(Files.exists(corrected));
			for (String f : new String[] { "clip-corrected-summary.csv", "clip-corrected-segments.csv", "clip-corrected-segments.eaf",
					"clip-corrected-timeline.png" })
				assertTrue(Files.exists(out.resolve(f)), f);
			assertTrue(java.util.Arrays.equals(rawBytes, Files.readAllBytes(table)), "the raw table is never modified");
			List<ResultRow> rows = ResultsCsv.read(corrected);
			assertTrue(Files.readAllLines(corrected).get(0).endsWith(",quality,participant,excluded,edited"));
			assertTrue(rows.stream().noneMatch(x -> x.faceId == second || x.faceId == shortest));
			assertTrue(rows.stream().filter(x -> x.faceId == main).allMatch(x -> "P01".equals(x.participant)));
			assertTrue(rows.stream().filter(x -> x.timeSec >= 2 && x.timeSec <= 2.5).allMatch(x -> "camera bumped".equals(x.excluded)));
			String summary = Files.readString(out.resolve("clip-corrected-summary.csv"));
			assertTrue(summary.contains(",P01\n"), "the participant in the summary: " + summary);
			String json = Files.readString(out.resolve("clip-corrections.json"));
			assertTrue(json.contains("\"author\": \"rater A\"") && json.contains("\"table_sha256\": \"" + org.faceemotion.report.Corrections.sha256(table) + "\""),
					json);

			// every edit was recorded as a macro call
			String macro = Recorder.getInstance().getText();
			for (String f : new String[] { "merge", "delete", "split", "exclude", "undo", "name", "save" })
				assertTrue(macro.contains("call(\"org.faceemotion.imagej.ReviewResults." + f + "\""), f + " not recorded:\n" + macro);
			SwingUtilities.invokeAndWait(() -> {
				r.window.dispose();
				r.video.changes = false;
				r.video.close();
			});

			// reopen: the saved edits come back
			ReviewResults again = ReviewResults.open(table, null, new org.faceemotion.batch.AnnotateOptions());
			assertEquals(5, again.session.corrections.edits.size());
			SwingUtilities.invokeAndWait(() -> {
				again.window.dispose();
				if (again.video != null) {
					again.video.changes = false;
					again.video.close();
				}
			});

			// the recorded macro replays on a copy of the raw outputs (headless functions, no window) and gives the same corrected table
			Path copy = Files.createDirectories(tmp.resolve("copy"));
			Files.copy(table, copy.resolve("clip.csv"));
			ReviewResults.open(copy.resolve("clip.csv"), clip, new org.faceemotion.batch.AnnotateOptions());
			StringBuilder replay = new StringBuilder();
			for (String line : macro.split("\n"))
				if (line.startsWith("call(\"org.faceemotion.imagej.ReviewResults.") && !line.contains(".save\""))
					replay.append(line).append('\n');
			replay.append("r = call(\"org.faceemotion.imagej.ReviewResults.save\", \"macro\", \"\");\nprint(\"replay: \" + r);\n");
			new Interpreter().runBatchMacro(replay.toString(), null);
			assertTrue(IJ.getLog().contains("replay: ok"), IJ.getLog());
			assertEquals(Files.readAllLines(corrected), Files.readAllLines(copy.resolve("clip-corrected.csv")), "the macro gives the same corrections");
			for (java.awt.Window w : java.awt.Window.getWindows())
				if (w instanceof ReviewResults.TracksWindow)
					SwingUtilities.invokeAndWait(w::dispose);
		} finally {
			Recorder.record = false;
			SwingUtilities.invokeAndWait(recorder::dispose);
			WindowManager.closeAllWindows();
		}

		// a fresh run of the same video with other settings: the corrections apply by overlap, what does not fit is reported
		Path fresh = tmp.resolve("fresh");
		a = Cli.run("annotate", clip.toString(), "--out", fresh.toString(), "--every", "2");
		assertEquals("0", a[0], a[2]);
		a = Cli.run("annotate", fresh.resolve("clip.csv").toString(), "--out", fresh.toString(), "--apply-corrections",
				out.resolve("clip-corrections.json").toString());
		assertTrue(a[0].equals("0") || a[0].equals("1"), a[1] + a[2]);
		assertTrue(a[1].contains("made on another table (clip.csv): faces matched by the overlap"), a[1]);
		assertTrue(a[1].contains(" is face ") && a[1].contains("wrote "), a[1]);
		List<ResultRow> re = ResultsCsv.read(fresh.resolve("clip-corrected.csv"));
		assertTrue(re.stream().anyMatch(x -> "P01".equals(x.participant)), "the name reached the fresh run: " + a[1]);
		assertTrue(re.stream().filter(x -> x.timeSec >= 2 && x.timeSec <= 2.5).allMatch(x -> "camera bumped".equals(x.excluded)));
		// without --overwrite the corrected outputs are not replaced
		a = Cli.run("annotate", fresh.resolve("clip.csv").toString(), "--out", fresh.toString(), "--apply-corrections",
				out.resolve("clip-corrections.json").toString());
		assertEquals("1", a[0]);
		assertTrue(a[2].contains("exists; use --overwrite"), a[2]);
	}
}
