package org.faceemotion.io.video;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import org.faceemotion.core.model.FrameResult;
import org.faceemotion.core.pipeline.FaceEngine;
import org.faceemotion.core.pipeline.ResultsCsv;
import org.faceemotion.core.pipeline.TrackSummary;
import org.faceemotion.io.FrameDrawer;
import org.faceemotion.io.OutputFiles;

/**
 * One video through the engine as a three-stage pipeline: FFmpeg decoding on one thread,
 * detection + classification + tracking on another, and writing (CSV, summary, optional annotated
 * video) on the caller's thread, joined by small bounded queues so that memory stays flat however
 * long the video is. All outputs are written under temporary names and renamed only when the
 * whole video is done.
 */
public final class VideoAnnotator {
	/** Frames done, the time of the last one, and the video's duration. */
	public interface Progress {
		void update(int frames, double timeSec, double durationSec);
	}

	public static final class Options {
		public double startSec = 0, endSec = Double.POSITIVE_INFINITY;
		public int every = 1;
		public boolean annotatedVideo;
		/** Frames analysed in parallel (each worker has its own detector and classifier). */
		public int workers = Math.min(2, Runtime.getRuntime().availableProcessors());
	}

	/** What one video gave: counts, timing per stage, a truncation warning (or null), the per-face summary. */
	public static final class Result {
		public int frames, faces;
		public double wallSec, decodeMs, detectMs, classifyMs, writeMs, durationSec;
		public String warning;
		public TrackSummary summary;
		public Path csv, summaryCsv, annotatedVideo;
	}

	private static final Object END = new Object(), WORKER_DONE = new Object();

	private VideoAnnotator() {
	}

	public static Path csvPath(Path outDir, String stem) {
		return outDir.resolve(stem + ".csv");
	}

	public static Path summaryPath(Path outDir, String stem) {
		return outDir.resolve(stem + "-summary.csv");
	}

	public static Path videoPath(Path outDir, String stem) {
		return outDir.resolve(stem + "-annotated.mp4");
	}

	public static Result annotate(Path video, Path outDir, String stem, FaceEngine engine, Options opt, Progress progress,
			BooleanSupplier cancelled) throws IOException {
		long wall0 = System.nanoTime();
		Result res = new Result();
		res.csv = csvPath(outDir, stem);
		res.summaryCsv = summaryPath(outDir, stem);
		res.annotatedVideo = opt.annotatedVideo ? videoPath(outDir, stem) : null;
		Path csvTmp = OutputFiles.temporary(res.csv), sumTmp = OutputFiles.temporary(res.summaryCsv);
		Path vidTmp = opt.annotatedVideo ? OutputFiles.temporary(res.annotatedVideo) : null;
		String source = video.getFileName().toString();
		engine.resetTracking();
		TrackSummary summary = new TrackSummary();
		BlockingQueue<Object> decoded = new ArrayBlockingQueue<>(8), processed = new ArrayBlockingQueue<>(8);
		RuntimeException[] failure = new RuntimeException[1];
		long[] decodeNanos = new long[1];
		List<FaceEngine> analyzers = new ArrayList<>();
		try (FfmpegVideoSource src = new FfmpegVideoSource(video, opt.startSec, opt.endSec, opt.every)) {
			res.durationSec = Math.min(opt.endSec, src.durationSec()) - opt.startSec;
			Thread decoder = new Thread(() -> {
				try {
					while (!cancelled.getAsBoolean()) {
						long t0 = System.nanoTime();
						VideoFrame f = src.next();
						decodeNanos[0] += System.nanoTime() - t0;
						if (f == null)
							break;
						decoded.put(f);
					}
				} catch (RuntimeException e) {
					failure[0] = e;
				} catch (InterruptedException e) {
					Thread.currentThread().interrupt();
				} finally {
					offer(decoded, END);
				}
			}, "decode-" + stem);
			analyzers.add(engine);
			for (int k = 1; k < opt.workers; k++) {
				FaceEngine e = engine.fork();
				if (e != null)
					analyzers.add(e);
			}
			List<Thread> workers = new ArrayList<>();
			for (FaceEngine analyzer : analyzers) {
				Thread worker = new Thread(() -> {
					try {
						for (Object o; (o = decoded.take()) != END;) {
							VideoFrame f = (VideoFrame) o;
							processed.put(new Object[] { f, analyzer.analyze(f.bgr) });
						}
						offer(decoded, END); // let the other workers see the end too
					} catch (RuntimeException e) {
						failure[0] = e;
					} catch (InterruptedException e) {
						Thread.currentThread().interrupt();
					} finally {
						offer(processed, WORKER_DONE);
					}
				}, "engine-" + stem + "-" + workers.size());
				worker.setDaemon(true);
				workers.add(worker);
			}
			decoder.setDaemon(true);
			decoder.start();
			workers.forEach(Thread::start);
			// frames come back from the workers out of order: track and write them in decoding order
			TreeMap<Integer, Object[]> pending = new TreeMap<>();
			int nextSeq = 0, running = workers.size();
			long writeNanos = 0;
			try (Writer w = Files.newBufferedWriter(csvTmp, StandardCharsets.UTF_8); ResultsCsv table = new ResultsCsv(w)) {
				AnnotatedVideoWriter out = null;
				try {
					while (running > 0 || !pending.isEmpty()) {
						if (!pending.containsKey(nextSeq)) {
							if (running == 0)
								break; // cannot happen: every decoded frame comes back
							Object o = processed.take();
							if (o == WORKER_DONE)
								running--;
							else
								pending.put(((VideoFrame) ((Object[]) o)[0]).seq, (Object[]) o);
							continue;
						}
						Object[] item = pending.remove(nextSeq++);
						long t0 = System.nanoTime();
						VideoFrame f = (VideoFrame) item[0];
						FrameResult r = engine.track(source, f.index, f.timeSec, (FaceEngine.Analysis) item[1]);
						table.write(r);
						summary.add(r);
						if (opt.annotatedVideo) {
							if (out == null)
								out = new AnnotatedVideoWriter(vidTmp, f.bgr.cols(), f.bgr.rows(), src.frameRate() / opt.every);
							FrameDrawer.draw(f.bgr, r);
							out.write(f.bgr, f.timeSec - opt.startSec);
						}
						f.bgr.release();
						res.frames++;
						res.faces += r.faces.size();
						writeNanos += System.nanoTime() - t0;
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
			for (Thread t : workers)
				t.join();
			if (failure[0] instanceof VideoDecodeException)
				res.warning = failure[0].getMessage(); // frames that decoded are kept
			else if (failure[0] != null)
				throw failure[0];
			else
				res.warning = src.truncation();
			if (cancelled.getAsBoolean())
				throw new IOException(video + ": cancelled after " + res.frames + " frames; no outputs written");
			try (Writer w = Files.newBufferedWriter(sumTmp, StandardCharsets.UTF_8)) {
				summary.write(w, source);
			}
			res.writeMs = writeNanos / 1e6 / Math.max(1, res.frames);
		} catch (InterruptedException e) {
			deleteAll(csvTmp, sumTmp, vidTmp);
			Thread.currentThread().interrupt();
			throw new IOException(video + ": interrupted", e);
		} catch (IOException | RuntimeException e) {
			deleteAll(csvTmp, sumTmp, vidTmp);
			throw e;
		}
		OutputFiles.commit(csvTmp, res.csv);
		OutputFiles.commit(sumTmp, res.summaryCsv);
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
			if (a != engine)
				a.close();
		}
		return res;
	}

	private static void deleteAll(Path... files) throws IOException {
		for (Path p : files)
			if (p != null)
				Files.deleteIfExists(p);
	}

	private static void offer(BlockingQueue<Object> q, Object o) {
		try {
			while (!q.offer(o, 100, TimeUnit.MILLISECONDS)) {
				q.poll(); // the consumer is gone; make room for the end marker
			}
		} catch (InterruptedException e) {
			Thread.currentThread().interrupt();
		}
	}
}
