package org.faceemotion.live;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

import org.faceemotion.core.model.FrameResult;
import org.faceemotion.core.pipeline.EngineConfig;
import org.faceemotion.core.pipeline.FaceEngine;
import org.faceemotion.core.pipeline.FrameSource;
import org.faceemotion.core.pipeline.LivePipeline;
import org.faceemotion.core.pipeline.ResultsCsv;
import org.faceemotion.io.source.CameraSource;
import org.faceemotion.io.source.ImageFolderSource;
import org.faceemotion.io.source.VideoFileSource;

/**
 * Live without a window, the same for the command line and Fiji: a camera, a video file or a
 * folder of images through the live pipeline. One rule for dropping frames: a camera (or a file
 * played at its own pace) runs live and drops the frames that arrive while inference is busy;
 * otherwise every frame of the file or folder is processed, as fast as inference goes.
 */
public final class HeadlessLive {
	private HeadlessLive() {
	}

	/** What to read: a camera (index, -1 for the first that works) or a file or folder. */
	public static final class Source {
		public int camera = -1;
		public Path file;
		/** Requested camera size and rate; the frame rate of an image folder (0: 25). */
		public int width, height;
		public double fps;
		public boolean loop;
		/** Play a file or folder at its own frame rate (frames are then dropped when inference is slower). */
		public boolean pace;

		public boolean isCamera() {
			return file == null;
		}

		/** Whether frames that arrive while inference is busy are dropped (live) rather than waited for. */
		public boolean live() {
			return isCamera() || pace;
		}

		/** Opens it; a missing file or a camera that does not open gives an IllegalArgumentException naming it. */
		public FrameSource open(boolean paced) {
			if (file == null)
				return CameraSource.open(camera, width, height, fps);
			if (Files.isDirectory(file))
				return new ImageFolderSource(file, fps > 0 ? fps : 25, paced, loop);
			if (!Files.isRegularFile(file))
				throw new IllegalArgumentException(file + ": no such video file or image folder");
			return new VideoFileSource(file, paced, loop);
		}
	}

	/** What a run processed. */
	public static final class Result {
		public long processed, dropped, faces;
		public double seconds;
		/** Why it stopped early (a camera that went away, a decoding error), or null. */
		public String error;
		/** Files of an image folder that could not be read, each with the reason. */
		public java.util.List<String> skipped = java.util.List.of();

		public double fps() {
			return processed / Math.max(1e-9, seconds);
		}

		public String describe() {
			return String.format(Locale.ROOT, "%d frames, %d faces, %d dropped, %.2f s (%.1f fps)%s", processed, faces, dropped, seconds, fps(),
					error == null ? "" : "; stopped: " + error) + (skipped.isEmpty() ? "" : "; " + skipped.size() + " unreadable file(s) skipped: "
							+ String.join("; ", skipped));
		}
	}

	/**
	 * Runs {@code source} up to {@code maxFrames} processed frames (0: to its end; a camera needs a
	 * limit), each result to {@code table} (when not null) and to {@code each}. Ctrl-C stops it with
	 * whole rows written.
	 */
	public static Result run(Source source, EngineConfig config, long maxFrames, ResultsCsv table, Consumer<FrameResult> each)
			throws java.io.IOException {
		return run(source, config, 1, maxFrames, table, each);
	}

	/** {@link #run(Source, EngineConfig, long, ResultsCsv, Consumer)} detecting faces on every {@code detectEvery}th processed frame only. */
	public static Result run(Source source, EngineConfig config, int detectEvery, long maxFrames, ResultsCsv table, Consumer<FrameResult> each)
			throws java.io.IOException {
		LivePipeline.checkDetectEvery(detectEvery); // before the source opens
		if (maxFrames < 0)
			throw new IllegalArgumentException("the number of frames must be 0 (the whole source) or more, not " + maxFrames);
		if (source.isCamera() && maxFrames == 0)
			throw new IllegalArgumentException("without a display, a camera needs a number of frames to stop after");
		Result r = new Result();
		AtomicLong faces = new AtomicLong();
		FrameSource src = source.open(source.live());
		long t0 = System.nanoTime();
		try (org.faceemotion.core.pipeline.EnginePool pool = new org.faceemotion.core.pipeline.EnginePool(config, 1);
				LivePipeline p = new LivePipeline(src, pool.primary(), source.live())) {
			if (table != null)
				p.record(table);
			p.setMaxFrames(maxFrames);
			p.setDetectEvery(detectEvery);
			Thread onExit = new Thread(p::stop, "live-stop-on-exit");
			Runtime.getRuntime().addShutdownHook(onExit);
			p.start(null, u -> {
				faces.addAndGet(u.result.faces.size());
				each.accept(u.result);
			});
			try {
				p.await(Long.MAX_VALUE);
			} catch (InterruptedException e) {
				Thread.currentThread().interrupt();
			}
			p.stop();
			try {
				Runtime.getRuntime().removeShutdownHook(onExit);
			} catch (IllegalStateException e) {
				// exiting already
			}
			r.processed = p.processed();
			r.dropped = p.dropped();
			r.error = p.error();
			r.skipped = src.skipped();
		}
		r.faces = faces.get();
		r.seconds = (System.nanoTime() - t0) / 1e9;
		return r;
	}
}
