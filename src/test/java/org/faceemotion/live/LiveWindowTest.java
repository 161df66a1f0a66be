package org.faceemotion.live;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Rectangle;
import java.awt.Robot;
import java.awt.event.WindowEvent;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import javax.imageio.ImageIO;

import ij.ImagePlus;

import org.faceemotion.Display;
import org.faceemotion.TestData;
import org.faceemotion.core.pipeline.EngineConfig;
import org.faceemotion.imagej.LiveWindow;
import org.faceemotion.io.source.VideoFileSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The live window under Xvfb with the shared clip played as a camera. */
class LiveWindowTest {
	@Test
	void liveViewDrawsOverlaysRecordsSnapshotsAndStopsCleanlyOnClose(@TempDir Path tmp) throws Exception {
		Display.require();
		VideoFileSource src = new VideoFileSource(TestData.video(), true, true);
		LiveWindow live = new LiveWindow(src, new EngineConfig(), null, 640, 360);
		live.open();
		Path csv = tmp.resolve("rec.csv");
		live.setRecordFrames(true);
		live.startRecording(csv);
		ImagePlus imp = live.image();
		long deadline = System.currentTimeMillis() + 15_000;
		boolean faceDrawn = false;
		while (System.currentTimeMillis() < deadline && !faceDrawn) {
			Thread.sleep(20);
			ij.gui.Overlay ov = imp.getOverlay();
			faceDrawn = ov != null && java.util.Arrays.stream(ov.toArray()).anyMatch(r -> r.getName() != null && r.getName().startsWith("face "));
		}
		assertTrue(faceDrawn, "face boxes drawn");
		// the rate is measured and shown (its value is a benchmark's business, not a test's)
		while (System.currentTimeMillis() < deadline + 15_000 && (live.pipeline().processed() < 10 || live.pipeline().fps() <= 0))
			Thread.sleep(20);
		assertTrue(live.pipeline().processed() >= 10 && live.pipeline().fps() > 0, "fps " + live.pipeline().fps());

		imp.getWindow().toFront();
		Thread.sleep(500);
		Rectangle bounds = imp.getWindow().getBounds();
		BufferedImage shot = new Robot().createScreenCapture(bounds);
		Path png = Path.of("target", "gui-live.png");
		Files.createDirectories(png.getParent());
		ImageIO.write(shot, "png", png.toFile());
		assertTrue(Files.size(png) > 10_000, "screenshot size " + Files.size(png));
		ImagePlus snap = live.snapshot();
		assertEquals(640, snap.getWidth());
		assertTrue(snap.getProcessor().getStatistics().stdDev > 5, "the snapshot holds the picture");

		live.stopRecording();
		List<String> rows = Files.readAllLines(csv);
		assertTrue(rows.size() > 10, "recorded rows: " + rows.size());
		assertTrue(rows.get(1).startsWith("short-clip-640x360.mp4,"), rows.get(1));
		// the frames went to disk, not to memory, and open as a virtual stack
		try (var frames = Files.list(tmp.resolve("rec-frames"))) {
			assertTrue(frames.filter(f -> f.toString().endsWith(".jpg")).count() > 5, "recorded frames on disk");
		}
		ImagePlus recording = ij.WindowManager.getImage("Face Emotion Live recording");
		assertNotNull(recording, "the recording opened");
		assertTrue(recording.getStack().isVirtual());
		recording.close();

		java.awt.EventQueue.invokeAndWait(() -> imp.getWindow().dispatchEvent(new WindowEvent(imp.getWindow(), WindowEvent.WINDOW_CLOSING)));
		deadline = System.currentTimeMillis() + 10_000;
		while (System.currentTimeMillis() < deadline && !live.isStopped())
			Thread.sleep(50);
		assertTrue(live.isStopped());
		assertFalse(live.pipeline().isRunning());
		Thread.sleep(300);
		assertTrue(Thread.getAllStackTraces().keySet().stream().noneMatch(t -> t.getName().startsWith("live-") && t.isAlive()),
				"capture and inference threads ended");
		assertNotNull(snap);
		snap.close();
		imp.close();
	}
}
