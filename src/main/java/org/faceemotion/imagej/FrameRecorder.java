package org.faceemotion.imagej;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;

import ij.ImagePlus;
import ij.io.FileSaver;
import ij.plugin.FolderOpener;
import ij.process.ColorProcessor;

/**
 * The live window's "frames too": each recorded frame goes to a JPEG file in a folder beside the
 * CSV, written on its own thread, so memory stays flat however long the recording (in memory it
 * grew by ~27 MB/s). When the disk falls behind, frames are skipped and counted, never queued
 * without bound; the results table is recorded separately and misses nothing. When stopped, the
 * folder opens as a virtual stack.
 */
final class FrameRecorder {
	private static final Object[] END = {};
	private final Path dir;
	private final int width, height;
	private final BlockingQueue<Object[]> queue = new ArrayBlockingQueue<>(16);
	private final Thread writer;
	private final AtomicInteger written = new AtomicInteger(), skipped = new AtomicInteger();
	private volatile String error;

	FrameRecorder(Path dir, int width, int height) throws IOException {
		if (Files.exists(dir))
			throw new IOException(dir + " exists; not overwritten");
		this.dir = Files.createDirectories(dir);
		this.width = width;
		this.height = height;
		writer = new Thread(this::writeLoop, "live-frame-recorder");
		writer.setDaemon(true);
		writer.start();
	}

	Path folder() {
		return dir;
	}

	/** Queues a copy of the frame's pixels; skips (and counts) it when the writer is behind. */
	void add(int[] pixels, double timeSec) {
		if (!queue.offer(new Object[] { pixels.clone(), timeSec }))
			skipped.incrementAndGet();
	}

	private void writeLoop() {
		try {
			for (Object[] item; (item = queue.take()) != END;) {
				int n = written.incrementAndGet();
				ImagePlus frame = new ImagePlus(String.format(Locale.ROOT, "t=%.3f s", (Double) item[1]),
						new ColorProcessor(width, height, (int[]) item[0]));
				String file = dir.resolve(String.format(Locale.ROOT, "frame-%06d.jpg", n)).toString();
				if (!new FileSaver(frame).saveAsJpeg(file))
					throw new IOException(file + ": could not write the frame");
			}
		} catch (IOException e) {
			error = e.getMessage();
		} catch (InterruptedException e) {
			Thread.currentThread().interrupt();
		}
	}

	/** Finishes writing; returns a one-line account (frames written, skipped, error). */
	String stop() {
		try {
			queue.put(END);
			writer.join();
		} catch (InterruptedException e) {
			Thread.currentThread().interrupt();
		}
		return String.format(Locale.ROOT, "%d frame(s) in %s%s%s", written.get(), dir,
				skipped.get() > 0 ? ", " + skipped.get() + " skipped (the disk was slower than the camera)" : "",
				error != null ? "; stopped: " + error : "");
	}

	/** The recorded frames as a virtual stack (decoded from disk on demand), or null if none. */
	ImagePlus open() {
		return written.get() == 0 ? null : FolderOpener.open(dir.toString(), "virtual");
	}
}
