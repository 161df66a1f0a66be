package org.faceemotion.imagej;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;

import javax.imageio.ImageIO;

import ij.gui.Overlay;
import ij.gui.Roi;
import ij.process.ColorProcessor;

import org.faceemotion.TestData;
import org.faceemotion.core.image.OpenCv;
import org.faceemotion.core.pipeline.EngineConfig;
import org.faceemotion.core.pipeline.FaceEngine;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opencv.core.CvType;
import org.opencv.core.Mat;

/** The annotated copy of a colour JPEG, drawn a strip at a time from the native frame, is the one ImageJ draws whole. */
class OverlayStripsTest {
	@TempDir
	Path dir;

	private static List<Roi> rois() {
		// at the top edge (its label goes below the box), across strip borders, at the bottom right
		Roi top = new FaceRoi(10, 1, 60, 40, 14), across = new FaceRoi(120, 30, 90, 75, 14), bottom = new FaceRoi(230, 150, 69, 49, 14);
		Color[] colours = { Color.YELLOW, Color.CYAN, Color.MAGENTA };
		Roi[] all = { top, across, bottom };
		for (int i = 0; i < all.length; i++) {
			all[i].setName("face " + i + ": happy 0.9" + i);
			all[i].setStrokeColor(colours[i]);
			all[i].setStrokeWidth(3);
		}
		return List.of(all);
	}

	@Test
	void stripsGiveThePixelsOfTheWholeImageDrawnByImageJ() throws Exception {
		OpenCv.load();
		int w = 300, h = 200;
		byte[] bgr = new byte[w * h * 3];
		new Random(7).nextBytes(bgr);
		Mat frame = new Mat(h, w, CvType.CV_8UC3);
		frame.put(0, 0, bgr);
		int[] rgb = new int[w * h];
		for (int k = 0; k < rgb.length; k++)
			rgb[k] = (bgr[3 * k + 2] & 0xFF) << 16 | (bgr[3 * k + 1] & 0xFF) << 8 | (bgr[3 * k] & 0xFF);
		ColorProcessor whole = new ColorProcessor(w, h, rgb);
		Overlay overlay = new Overlay();
		rois().forEach(overlay::add);
		whole.drawOverlay(overlay);
		for (int k = 0; k < rgb.length; k++)
			rgb[k] &= 0xFFFFFF; // Java2D leaves its alpha byte where it drew
		assertTrue(java.util.Arrays.stream(rgb).filter(p -> p == 0xFFFF00).count() > 300, "the top label's background and its box are drawn");

		OverlayStrips strips = new OverlayStrips(frame, rois(), 16);
		ByteArrayOutputStream png = new ByteArrayOutputStream();
		assertTrue(ImageIO.write(strips, "png", png));
		assertEquals(13, strips.getNumYTiles());
		assertEquals(13, strips.stripsDrawn, "the PNG encoder reads the rows in order: each strip is drawn once");
		BufferedImage back = ImageIO.read(new ByteArrayInputStream(png.toByteArray()));
		int[] decoded = back.getRGB(0, 0, w, h, null, 0, w);
		for (int k = 0; k < decoded.length; k++)
			decoded[k] &= 0xFFFFFF;
		assertArrayEquals(rgb, decoded);

		int[] direct = new int[w * h];
		new OverlayStrips(frame, rois(), 7).getData().getDataElements(0, 0, w, h, direct);
		for (int k = 0; k < direct.length; k++)
			direct[k] &= 0xFFFFFF;
		assertArrayEquals(rgb, direct, "strips of any height, read across their borders");
		frame.release();
	}

	@Test
	void aColourJpegGivesTheRowsAndTheCopyOfItsLosslessTwin() throws Exception {
		Path jpeg = Files.createDirectories(dir.resolve("jpeg")).resolve("group.jpg");
		Files.copy(TestData.faces().resolve("bald_guys.jpg"), jpeg);
		Path png = Files.createDirectories(dir.resolve("png")).resolve("group.png");
		assertTrue(ImageIO.write(ImageIO.read(jpeg.toFile()), "png", png.toFile()));
		assertNotNull(ImageReader.openBgr(jpeg), "a colour JPEG is read into the native frame");
		assertNull(ImageReader.openBgr(png), "anything else goes through ImageJ");
		try (FaceEngine engine = new FaceEngine(new EngineConfig())) {
			for (Path in : List.of(jpeg, png))
				ImageFileJob.run(in, in.resolveSibling("group.csv"), in.resolveSibling("group-annotated.png"), engine);
		}
		String fromJpeg = Files.readString(jpeg.resolveSibling("group.csv"), StandardCharsets.UTF_8);
		String fromPng = Files.readString(png.resolveSibling("group.csv"), StandardCharsets.UTF_8);
		assertTrue(fromJpeg.lines().count() > 20, "the group photo's faces are found");
		assertEquals(fromPng.replace("group.png", "group.jpg"), fromJpeg);
		BufferedImage a = ImageIO.read(jpeg.resolveSibling("group-annotated.png").toFile());
		BufferedImage b = ImageIO.read(png.resolveSibling("group-annotated.png").toFile());
		assertEquals(b.getWidth(), a.getWidth());
		assertArrayEquals(b.getRGB(0, 0, b.getWidth(), b.getHeight(), null, 0, b.getWidth()),
				a.getRGB(0, 0, a.getWidth(), a.getHeight(), null, 0, a.getWidth()));
	}
}
