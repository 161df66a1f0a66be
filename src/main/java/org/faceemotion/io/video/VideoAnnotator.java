package org.faceemotion.io.video;

import org.faceemotion.core.model.VideoFrame;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.function.Function;

import org.faceemotion.core.model.FrameResult;
import org.faceemotion.core.pipeline.EnginePool;
import org.faceemotion.core.pipeline.FaceEngine;
import org.faceemotion.core.pipeline.ResultRow;
import org.faceemotion.core.pipeline.ResultsCsv;
import org.faceemotion.core.pipeline.TrackSummary;
import org.faceemotion.io.FrameDrawer;
import org.faceemotion.io.OutputFiles;
import org.faceemotion.io.OutputLayout;

/**
 * One video through the engine: FFmpeg decodes on a thread of its own; each frame's detection and
 * classification runs on a pool of analysis workers (one engine each, from an {@link EnginePool});
 * the caller's thread takes the analyses in frame order, tracks the faces and writes the outputs
 * (the table and the optional annotated video; what is computed from the table is report/ResultOutputs's). A bounded queue of frames in flight joins them, so
 * a slow analysis holds the decoder back instead of dropping frames and memory stays flat however
 * long the video is. All outputs are written under temporary names and renamed only when the
 * whole video is done.
 */
public final class VideoAnnotator {
	/** Frames done, the time of the last one, and the video's duration. */
	public interface Progress {
		void update(int frames, double timeSec, double durationSec);
	}

	/**
	 * The key-frame interval of video annotation unless set (command line, Fiji, Spark): faces are
	 * detected on every third analysed frame. Against detection on every frame
	 * ({@code tools/bench-detect-every.sh}, BENCHMARKS.md session 16) it keeps 94-100 % of the boxes
	 * (IoU >= 0.5) and 96-100 % of the smoothed emotions on four videos, where the same videos
	 * re-encoded (a change nobody sees) keep 97.5-100 % and 97.7-100 % with detection on every
	 * frame; a face that enters is found within 2 frames (one at 5 frames, as after re-encoding);
	 * and the whole command runs about 1.45 times as fast on a one-face 1280x720 video. 1 detects on
	 * every frame: the default before session 16, and live's (whose boxes are drawn as they come).
	 */
	public static final int DEFAULT_DETECT_EVERY = 3;

	public static final class Options {
		public double startSec = 0, endSec = Double.POSITIVE_INFINITY;
		public int every = 1;
		public boolean annotatedVideo;
		/**
		 * Detect faces on every Nth analysed frame only (key frames) and classify the frames between
		 * them at the key frame's boxes; 1: detection on every frame.
		 */
		public int detectEvery = DEFAULT_DETECT_EVERY;
		/** Called with each frame's result after it is written (in frame order, on the writing thread). */
		public java.util.function.Consumer<FrameResult> afterFrame;
	}

	/** What one video gave: counts, timing per stage, a truncation warning (or null), the per-face summary. */
	public static final class Result {
		public int frames, faces;
		public double wallSec, decodeMs, detectMs, classifyMs, writeMs, durationSec;
		public String warning;
		/** What was done to the frames' geometry (non-square pixels, a size change mid-stream), or null. */
		public String note;
		public TrackSummary summary;
		/** The table's rows, in frame order, for what is computed from them (report/ResultOutputs). */
		public List<ResultRow> rows = new ArrayList<>();
		/** The stream's frame rate (frames per second, as the container gives it). */
		public double frameRate;
		public Path csv, annotatedVideo;
	}

	private VideoAnnotator() {
	}

	/**
	 * Frames of the stream that did not decode (a damaged middle: FFmpeg skips them), counted
	 * against the stream's packets (fast, no decoding); null when none are missing.
	 */
	static String lostFrames(Path video, int decoded) {
		try (FfmpegVideoSource count = new FfmpegVideoSource(video, 0, Double.POSITIVE_INFINITY, 1)) {
			int packets = count.countFrames();
			if (packets > decoded + 1)
				return String.format(Locale.ROOT, "%s: %d of %d frames could not be decoded (a damaged stream); their rows are missing", video,
						packets - decoded, packets);
		} catch (RuntimeException e) {
			// counting is a check only: the video's own outcome stands
		}
		return null;
	}

	public static Path csvPath(Path outDir, String stem) {
		return outDir.resolve(OutputLayout.table(stem));
	}


	public static Path videoPath(Path outDir, String stem) {
		return outDir.resolve(OutputLayout.annotatedVideo(stem));
	}

	/** One engine: analysis and tracking on it alone (tests, benchmarks of one worker). */
	public static Result annotate(Path video, Path outDir, String stem, FaceEngine engine, Options opt, Progress progress,
			BooleanSupplier cancelled) throws IOException {
		return annotate(video, outDir, stem, EnginePool.of(List.of(engine)), opt, progress, cancelled);
	}

	/** Every engine of the pool analyses frames in parallel; the pool's first engine tracks. */
	public static Result annotate(Path video, Path outDir, String stem, EnginePool engines, Options opt, Progress progress,
			BooleanSupplier cancelled) throws IOException {
		FaceEngine engine = engines.primary();
		long wall0 = System.nanoTime();
		Result res = new Result();
		res.csv = csvPath(outDir, stem);
		res.annotatedVideo = opt.annotatedVideo ? videoPath(outDir, stem) : null;
		Path csvTmp = OutputFiles.temporary(res.csv);
		Path vidTmp = opt.annotatedVideo ? OutputFiles.temporary(res.annotatedVideo) : null;
		String source = video.getFileName().toString();
		engine.resetTracking();
		TrackSummary summary = new TrackSummary();
		List<FaceEngine> analyzers = new ArrayList<>();
		long[] decodeNanos = new long[1];
		ExecutorService pool = null;
		Thread decoder = null;
		// frames in decoding order with the future of their analysis; bounded, so a slow analysis
		// blocks the decoder (back-pressure) instead of dropping frames
		BlockingQueue<Object[]> inflight = new ArrayBlockingQueue<>(2 * engines.workers() + 2);
		AtomicReference<RuntimeException> decodeFailure = new AtomicReference<>();
		FfmpegVideoSource src = null;
		try {
			src = new FfmpegVideoSource(video, opt.startSec, opt.endSec, opt.every, FfmpegVideoSource.decoderThreads(engines.workers()));
			FfmpegVideoSource source0 = src;
			res.durationSec = Math.min(opt.endSec, src.durationSec()) - opt.startSec;
			res.frameRate = src.frameRate();
			analyzers.addAll(engines.engines(engines.workers()));
			// each task borrows an engine (detector and classifier are not thread-safe) and gives it back
			BlockingQueue<FaceEngine> idle = new ArrayBlockingQueue<>(analyzers.size(), false, analyzers);
			pool = Executors.newFixedThreadPool(analyzers.size(), r -> {
				Thread t = new Thread(r, "engine-" + stem);
				t.setDaemon(true);
				return t;
			});
			ExecutorService workers = pool;
			int detectEvery = Math.max(1, opt.detectEvery);
			decoder = new Thread(() -> {
				try {
					CompletableFuture<FaceEngine.Analysis> key = null;
					long submitted = 0;
					while (!cancelled.getAsBoolean()) {
						long t0 = System.nanoTime();
						VideoFrame f = source0.next();
						decodeNanos[0] += System.nanoTime() - t0;
						if (f == null)
							break;
						CompletableFuture<FaceEngine.Analysis> analysis;
						if (submitted++ % detectEvery == 0 || key == null) {
							analysis = CompletableFuture.supplyAsync(() -> withEngine(idle, e -> e.analyze(f.bgr)), workers);
							key = analysis;
						} else // queued for the workers once its key frame's boxes are known: no worker waits for them
							analysis = key.thenApplyAsync(k -> withEngine(idle, e -> e.analyzeAt(f.bgr, k.faces)), workers);
						inflight.put(new Object[] { f, analysis });
					}
				} catch (RuntimeException e) {
					decodeFailure.set(e);
				} catch (InterruptedException e) {
					return; // the writer stopped the run; it cleans up
				}
				try {
					inflight.put(new Object[0]); // the end
				} catch (InterruptedException e) {
					// stopped meanwhile
				}
			}, "decode-" + stem);
			decoder.setDaemon(true);
			decoder.start();
			long writeNanos = 0;
			try (Writer w = Files.newBufferedWriter(csvTmp, StandardCharsets.UTF_8); ResultsCsv table = new ResultsCsv(w)) {
				AnnotatedVideoWriter out = null;
				try {
					for (Object[] item; (item = inflight.take()).length > 0;) {
						VideoFrame f = (VideoFrame) item[0];
						try {
							FaceEngine.Analysis analysis;
							try {
								@SuppressWarnings("unchecked")
								Future<FaceEngine.Analysis> future = (Future<FaceEngine.Analysis>) item[1];
								analysis = future.get();
							} catch (ExecutionException e) {
								Throwable cause = e.getCause();
								throw new IOException(String.format(Locale.ROOT, "%s: analysis of frame %d (%.2f s) failed: %s", video, f.index,
										f.timeSec, cause), cause);
							}
							long t0 = System.nanoTime();
							FrameResult r = engine.track(source, f.index, f.timeSec, analysis);
							// each face becomes one row, once: the table, the summary and what is computed later all read it
							for (org.faceemotion.core.model.FaceResult face : r.faces) {
								ResultRow row = ResultRow.of(r, face);
								table.write(row, List.of());
								summary.add(row);
								res.rows.add(row);
							}
							if (opt.annotatedVideo) {
								if (out == null)
									out = new AnnotatedVideoWriter(vidTmp, f.bgr.cols(), f.bgr.rows(), src.frameRate() / opt.every);
								FrameDrawer.draw(f.bgr, r);
								out.write(f.bgr, f.timeSec - opt.startSec);
							}
							res.frames++;
							res.faces += r.faces.size();
							writeNanos += System.nanoTime() - t0;
							if (opt.afterFrame != null)
								opt.afterFrame.accept(r);
						} finally {
							f.bgr.release();
						}
						progress.update(res.frames, f.timeSec, res.durationSec);
					}
				} finally {
					if (out != null)
						out.close();
				}
			} catch (InterruptedException e) {
				Thread.currentThread().interrupt();
				throw new IOException(video + ": interrupted", e);
			}
			decoder.join();
			RuntimeException failure = decodeFailure.get();
			if (failure instanceof VideoDecodeException)
				res.warning = failure.getMessage(); // frames that decoded are kept
			else if (failure != null)
				throw failure;
			else
				res.warning = src.truncation();
			if (cancelled.getAsBoolean())
				throw new IOException(video + ": cancelled after " + res.frames + " frames; no outputs written");
			if (res.frames == 0)
				throw new IOException(src.noFrames(opt.startSec, opt.endSec, res.warning));
			res.note = src.geometryNote();
			if (res.warning == null && opt.every == 1 && opt.startSec == 0 && opt.endSec == Double.POSITIVE_INFINITY)
				res.warning = lostFrames(video, res.frames);
			res.writeMs = writeNanos / 1e6 / Math.max(1, res.frames);
		} catch (InterruptedException e) {
			deleteAll(csvTmp, vidTmp);
			Thread.currentThread().interrupt();
			throw new IOException(video + ": interrupted", e);
		} catch (IOException | RuntimeException e) {
			deleteAll(csvTmp, vidTmp);
			throw e;
		} finally {
			// one failure stops everything: the decoder (blocked on a full queue or decoding) and the
			// analysis tasks; frames still queued give their pixels back
			if (decoder != null)
				decoder.interrupt();
			if (pool != null)
				pool.shutdownNow();
			for (Object[] item; (item = inflight.poll()) != null;)
				if (item.length > 0)
					((VideoFrame) item[0]).bgr.release();
			try {
				if (decoder != null)
					decoder.join(); // it ends at once when interrupted: the source is not closed under it
				if (pool != null && !pool.awaitTermination(60, TimeUnit.SECONDS))
					throw new IOException(video + ": analysis did not stop within 60 s");
			} catch (InterruptedException e) {
				Thread.currentThread().interrupt();
			}
			for (Object[] item; (item = inflight.poll()) != null;)
				if (item.length > 0)
					((VideoFrame) item[0]).bgr.release();
			if (src != null)
				src.close();
		}
		try {
			// on the disk before they count: a full disk fails the video here, never after its outputs are in place
			for (Path tmp : new Path[] { csvTmp, vidTmp })
				if (tmp != null && Files.exists(tmp))
					OutputFiles.sync(tmp);
		} catch (IOException e) {
			deleteAll(csvTmp, vidTmp);
			throw new IOException(video + ": could not write its outputs (" + e.getMessage() + ")", e);
		}
		OutputFiles.commit(csvTmp, res.csv);
		if (vidTmp != null && Files.exists(vidTmp))
			OutputFiles.commit(vidTmp, res.annotatedVideo);
		res.summary = summary;
		res.wallSec = (System.nanoTime() - wall0) / 1e9;
		double n = Math.max(1, res.frames);
		res.decodeMs = decodeNanos[0] / 1e6 / n;
		// per-frame time of each stage, summed over the parallel workers
		for (FaceEngine a : analyzers) {
			double[] st = a.stageStats();
			res.detectMs += st[0] * st[2] / n;
			res.classifyMs += st[1] * st[2] / n;
		}
		return res;
	}

	/** Runs {@code work} on an engine borrowed from {@code idle} (detector and classifier are not thread-safe). */
	private static FaceEngine.Analysis withEngine(BlockingQueue<FaceEngine> idle, Function<FaceEngine, FaceEngine.Analysis> work) {
		FaceEngine e;
		try {
			e = idle.take(); // at once: the pool has a thread per engine and a task holds one engine
		} catch (InterruptedException x) {
			Thread.currentThread().interrupt();
			throw new CancellationException("stopped");
		}
		try {
			return work.apply(e);
		} finally {
			idle.add(e);
		}
	}

	private static void deleteAll(Path... files) throws IOException {
		for (Path p : files)
			if (p != null)
				Files.deleteIfExists(p);
	}
}
