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

import javax.imageio.ImageIO;
import javax.swing.SwingUtilities;

import ij.IJ;
import ij.ImageJ;
import ij.ImagePlus;
import ij.Menus;
import ij.WindowManager;
import ij.gui.ImageWindow;
import ij.gui.Roi;
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
}
