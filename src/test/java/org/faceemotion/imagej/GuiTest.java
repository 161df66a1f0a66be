package org.faceemotion.imagej;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Menu;
import java.awt.Rectangle;
import java.awt.Robot;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import javax.imageio.ImageIO;
import javax.swing.SwingUtilities;

import ij.IJ;
import ij.ImageJ;
import ij.ImagePlus;
import ij.Menus;
import ij.WindowManager;
import ij.gui.ImageWindow;
import ij.gui.GenericDialog;
import ij.gui.Roi;
import ij.plugin.frame.Recorder;
import ij.macro.Interpreter;
import ij.measure.ResultsTable;

import org.faceemotion.Display;
import org.faceemotion.TestData;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The real ImageJ 1.x window (Xvfb in CI): the menu, a run on a photo, the overlay, a screenshot under target/. */
class GuiTest {
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
		SwingUtilities.invokeAndWait(() -> ij.dispose());
	}

	@Test
	void theMenuHasEachEntryOnce() throws Exception {
		Menu plugins = Menus.getImageJMenu("Plugins");
		int menus = 0;
		for (int i = 0; i < plugins.getItemCount(); i++)
			if ("Face Emotion".equals(plugins.getItem(i).getLabel()))
				menus++;
		assertEquals(1, menus);
		FaceEmotionImageJ.install(ij); // a second install adds nothing
		Menu sub = null;
		for (int i = 0; i < plugins.getItemCount(); i++)
			if ("Face Emotion".equals(plugins.getItem(i).getLabel()))
				sub = (Menu) plugins.getItem(i);
		assertNotNull(sub);
		for (String[] e : FaceEmotionImageJ.entries()) {
			int n = 0;
			for (int i = 0; i < sub.getItemCount(); i++)
				if (e[1].equals(sub.getItem(i).getLabel()))
					n++;
			assertEquals(1, n, e[1]);
		}
	}

	@Test
	void annotatingAPhotoInTheWindowDrawsTheOverlayAndOpensTheTable() throws Exception {
		ImagePlus imp = IJ.openImage(TestData.faces().resolve("2008_002506.jpg").toString());
		imp.show();
		IJ.wait(300);
		IJ.run(imp, "Annotate Faces", "detector=blazeface-full score_threshold=0.5 min_face_size=12");
		assertNotNull(imp.getOverlay());
		assertEquals(3, imp.getOverlay().size());
		for (Roi r : imp.getOverlay().toArray())
			assertTrue(r.getName().startsWith("face "), r.getName());
		ResultsTable rt = ResultsTable.getResultsTable(ImageAnnotation.TABLE_TITLE);
		assertNotNull(rt, "results table window");
		assertEquals(3, rt.size());
		assertTrue(IJ.getLog().contains("2008_002506.jpg: 1 frame(s), 3 face(s)"), IJ.getLog());

		imp.updateAndDraw();
		IJ.wait(500);
		ImageWindow win = imp.getWindow();
		win.toFront(); // the results table opened on top of it
		IJ.wait(500);
		Rectangle bounds = win.getBounds();
		BufferedImage shot = new Robot().createScreenCapture(bounds);
		Path png = Path.of("target", "gui-annotate-faces.png");
		Files.createDirectories(png.getParent());
		ImageIO.write(shot, "png", png.toFile());
		assertTrue(Files.size(png) > 10_000);
		// the overlay is on screen: pixels of the first ROI's emotion colour exist in the screenshot
		int rgb = imp.getOverlay().get(0).getStrokeColor().getRGB() & 0xFFFFFF;
		int hits = 0;
		for (int y = 0; y < shot.getHeight(); y++)
			for (int x = 0; x < shot.getWidth(); x++)
				if ((shot.getRGB(x, y) & 0xFFFFFF) == rgb)
					hits++;
		assertTrue(hits > 50, "ROI colour pixels on screen: " + hits);
		imp.changes = false;
		imp.close();
	}

	@Test
	void aMacroReplaysTheCommand() throws Exception {
		ImagePlus imp = IJ.openImage(TestData.faces().resolve("2008_002506.jpg").toString());
		String macro = "run(\"Annotate Faces\", \"detector=haar score_threshold=0.5 min_face_size=20\");\n"
				+ "print(\"macro overlay: \" + Overlay.size);";
		new Interpreter().runBatchMacro(macro, imp);
		assertNotNull(imp.getOverlay(), "the macro added an overlay");
		assertTrue(imp.getOverlay().size() >= 2, "Haar finds at least two of the three faces");
		assertTrue(IJ.getLog().contains("macro overlay: " + imp.getOverlay().size()), IJ.getLog());
	}

	/** Waits for the visible dialog titled {@code title}, sets it up, and presses OK. */
	static void answer(String title, java.util.function.Consumer<GenericDialog> setUp) throws Exception {
		GenericDialog gd = null;
		for (int i = 0; i < 200 && gd == null; i++) {
			for (java.awt.Window w : java.awt.Window.getWindows())
				if (w instanceof GenericDialog && w.isShowing() && title.equals(((GenericDialog) w).getTitle()))
					gd = (GenericDialog) w;
			if (gd == null)
				Thread.sleep(50);
		}
		assertNotNull(gd, "dialog " + title);
		GenericDialog dialog = gd;
		SwingUtilities.invokeAndWait(() -> {
			setUp.accept(dialog);
			dialog.actionPerformed(new java.awt.event.ActionEvent(dialog.getButtons()[0], java.awt.event.ActionEvent.ACTION_PERFORMED, "OK"));
		});
	}

	static String recorded(String command) throws Exception {
		for (int i = 0; i < 600; i++) {
			String text = Recorder.getInstance() == null ? "" : Recorder.getInstance().getText();
			for (String line : text.split("\n"))
				if (line.startsWith("run(\"" + command + "\""))
					return line;
			Thread.sleep(100);
		}
		throw new AssertionError(command + " was not recorded: " + Recorder.getInstance().getText());
	}

	@Test
	void everyCommandIsRecordedAsAMacroThatReplays(@org.junit.jupiter.api.io.TempDir Path tmp) throws Exception {
		Recorder recorder = new Recorder(false);
		try {
			// Annotate Faces through its dialog, with a non-default detector
			ImagePlus imp = IJ.openImage(TestData.faces().resolve("2008_002506.jpg").toString());
			imp.show();
			IJ.wait(300);
			IJ.doCommand("Annotate Faces");
			answer("Annotate Faces", gd -> ((java.awt.Choice) gd.getChoices().get(0)).select("haar"));
			String faces = recorded("Annotate Faces");
			assertTrue(faces.contains("detector=haar"), faces);
			for (int i = 0; i < 100 && (imp.getOverlay() == null); i++)
				Thread.sleep(100);
			int overlay = imp.getOverlay().size();
			imp.changes = false;
			imp.close();
			ImagePlus again = IJ.openImage(TestData.faces().resolve("2008_002506.jpg").toString());
			new Interpreter().runBatchMacro(faces, again);
			assertNotNull(again.getOverlay(), "the replayed macro annotated the image: " + faces + "\n" + IJ.getLog());
			assertEquals(overlay, again.getOverlay().size(), "the replayed macro finds the same faces: " + faces);

			// Open Video as Stack
			IJ.doCommand("Open Video as Stack...");
			answer("Open Video as Stack", gd -> ((java.awt.TextField) gd.getStringFields().get(0)).setText(TestData.video().toString()));
			String open = recorded("Open Video as Stack...");
			assertTrue(open.contains("video=") && open.contains("max_memory_mb=1024"), open);
			ImagePlus video = null;
			for (int i = 0; i < 300 && video == null; i++) {
				Thread.sleep(100);
				ImagePlus cur = WindowManager.getCurrentImage();
				video = cur != null && cur.getNFrames() > 100 ? cur : null;
			}
			assertNotNull(video, "the video opened");
			int frames = video.getNFrames();
			video.close();
			new Interpreter().runBatchMacro(open + "\nprint('replayed frames: ' + nSlices);", null);
			assertTrue(IJ.getLog().contains("replayed frames: " + frames), IJ.getLog());

			// Annotate Videos
			Path out1 = tmp.resolve("out1"), out2 = tmp.resolve("out2");
			IJ.doCommand("Annotate Videos...");
			answer("Annotate Videos", gd -> {
				((java.awt.TextField) gd.getStringFields().get(0)).setText(TestData.video().toString());
				((java.awt.TextField) gd.getStringFields().get(1)).setText(out1.toString());
				((java.awt.TextField) gd.getNumericFields().get(2)).setText("25"); // every (after score_threshold and min_face_size)
			});
			String batch = recorded("Annotate Videos...");
			assertTrue(batch.contains("every=25"), batch);
			new Interpreter().runBatchMacro(batch.replace(out1.toString(), out2.toString()), null);
			for (int i = 0; i < 300 && !Files.exists(out1.resolve("short-clip-640x360.csv")); i++)
				Thread.sleep(100);
			assertEquals(Files.readAllLines(out1.resolve("short-clip-640x360.csv")), Files.readAllLines(out2.resolve("short-clip-640x360.csv")),
					"the replayed macro gives the same rows");

			// Live, from the clip played as a camera: the recorded macro opens the live window again
			IJ.doCommand("Live");
			answer("Face Emotion Live", gd -> ((java.awt.TextField) gd.getStringFields().get(0)).setText(TestData.video().toString()));
			String live = recorded("Live");
			assertTrue(live.contains("video_file=") && live.contains("detector=blazeface-full"), live);
			closeLiveWindows(1);
			IJ.runMacro(live); // not in batch mode, where images (and so the live window) stay hidden
			closeLiveWindows(1);
		} finally {
			Recorder.record = false;
			SwingUtilities.invokeAndWait(recorder::dispose);
			WindowManager.closeAllWindows();
		}
	}

	/** Waits for {@code n} live windows and closes them as the user would (the window's close box). */
	static void closeLiveWindows(int n) throws Exception {
		List<ImageWindow> found = new java.util.ArrayList<>();
		for (int i = 0; i < 100 && found.size() < n; i++) {
			found.clear();
			for (java.awt.Window w : java.awt.Window.getWindows())
				if (w instanceof ImageWindow && w.isShowing() && ((ImageWindow) w).getImagePlus().getTitle().startsWith("Face Emotion Live"))
					found.add((ImageWindow) w);
			Thread.sleep(100);
		}
		assertEquals(n, found.size(), "live windows open");
		for (ImageWindow w : found)
			SwingUtilities.invokeAndWait(() -> w.dispatchEvent(new java.awt.event.WindowEvent(w, java.awt.event.WindowEvent.WINDOW_CLOSING)));
		for (int i = 0; i < 50 && found.stream().anyMatch(java.awt.Window::isShowing); i++)
			Thread.sleep(100);
	}
}
