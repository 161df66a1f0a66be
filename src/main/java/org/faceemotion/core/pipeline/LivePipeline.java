package org.faceemotion.core.pipeline;

import java.io.IOException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import org.faceemotion.core.model.FrameResult;
import org.faceemotion.core.pipeline.FrameSource;
import org.faceemotion.core.model.VideoFrame;

/**
 * Live processing on two threads: capture reads the source; inference takes the newest frame,
 * runs the engine and hands the result on. In live mode a frame that arrives while inference is
 * busy replaces the waiting one (frames are dropped, never queued, so latency stays one frame of
 * inference); in throughput mode every frame is handed over. Listeners run on the capture
 * (frames) and inference (results) threads and must be quick. The source is closed by its own
 * thread when the stream ends or on {@link #stop()}, also when the camera disappears mid-run.
 */
public final class LivePipeline implements AutoCloseable {
	/** A processed frame: the pixels (valid only during the callback), its result and the inference rate. */
	public static final class Update {
		public final VideoFrame frame;
		public final FrameResult result;
		public final double fps;

		Update(VideoFrame frame, FrameResult result, double fps) {
			this.frame = frame;
			this.result = result;
			this.fps = fps;
		}
	}

	private final FrameSource source;
	private final FaceEngine engine;
	private final boolean dropFrames;
	private final Object lock = new Object();
	private final SynchronousQueue<VideoFrame> handoff = new SynchronousQueue<>();
	private final CountDownLatch ended = new CountDownLatch(2);
	private volatile boolean running;
	private volatile String error;
	private VideoFrame pending;
	private boolean captureDone;
	private volatile double fps;
	private volatile long maxFrames;
	private volatile long processed, dropped;
	private ResultsCsv recorder;
	private Thread capture, inference;
	/** Detect faces on every Nth processed frame, classify the frames between at its boxes (1: every frame). */
	private volatile int detectEvery = DEFAULT_DETECT_EVERY;
	/**
	 * Live's key-frame interval unless one is given: 1, every frame, as {@code annotate}. With the
	 * detector and the classifier on ONNX Runtime, live runs at 1.9x the fps of issue #26's main
	 * on every frame, past that 1.5x, so nothing is traded for speed by default; 2 gives
	 * 3.0x and 3 gives 3.2x (BENCHMARKS.md). Photos played as frames (an image folder) are each
	 * a key frame whatever the interval.
	 */
	public static final int DEFAULT_DETECT_EVERY = 1;

	public LivePipeline(FrameSource source, FaceEngine engine, boolean dropFrames) {
		this.source = source;
		this.engine = engine;
		this.dropFrames = dropFrames;
	}

	/**
	 * Key-frame detection, as {@code annotate --detect-every}: faces are detected on every
	 * {@code n}th processed frame and the frames between are classified at those boxes (1: every frame).
	 */
	public void setDetectEvery(int n) {
		detectEvery = checkDetectEvery(n);
	}

	/** {@code n} when it is a valid key-frame interval (>= 1), else an IllegalArgumentException in the option's words. */
	public static int checkDetectEvery(int n) {
		if (n < 1)
			throw new IllegalArgumentException("--detect-every must be >= 1, got " + n);
		return n;
	}

	public void start(Consumer<VideoFrame> onFrame, Consumer<Update> onResult) {
		running = true;
		capture = new Thread(() -> captureLoop(onFrame), "live-capture");
		inference = new Thread(() -> inferenceLoop(onResult), "live-inference");
		capture.setDaemon(true);
		inference.setDaemon(true);
		capture.start();
		inference.start();
	}

	private void captureLoop(Consumer<VideoFrame> onFrame) {
		try {
			while (running) {
				VideoFrame f = source.read();
				if (f == null)
					break;
				if (onFrame != null)
					onFrame.accept(f);
				if (dropFrames) {
					synchronized (lock) {
						if (pending != null) {
							pending.bgr.release();
							dropped++;
						}
						pending = f;
						lock.notifyAll();
					}
				} else {
					while (running && !handoff.offer(f, 100, TimeUnit.MILLISECONDS)) {
						// inference busy: wait, every frame counts in throughput mode
					}
				}
			}
		} catch (RuntimeException e) {
			error = source.describe() + ": " + e.getMessage();
		} catch (InterruptedException e) {
			Thread.currentThread().interrupt();
		} finally {
			try {
				source.close();
			} catch (RuntimeException e) {
				// the source is gone anyway
			}
			synchronized (lock) {
				captureDone = true;
				lock.notifyAll();
			}
			ended.countDown();
		}
	}

	private void inferenceLoop(Consumer<Update> onResult) {
		long windowStart = System.nanoTime();
		int windowFrames = 0;
		java.util.List<org.faceemotion.core.model.Face> key = null;
		int sinceKey = 0;
		boolean photos = source.unrelatedFrames(); // every photo of a folder is a key frame
		try {
			while (true) {
				VideoFrame f = maxFrames > 0 && processed >= maxFrames ? null : next();
				if (f == null)
					break;
				FaceEngine.Analysis a;
				if (key == null || sinceKey >= detectEvery || photos) {
					a = engine.analyze(f.bgr);
					key = a.faces;
					sinceKey = 0;
				} else
					a = engine.analyzeAt(f.bgr, key);
				sinceKey++;
				FrameResult r = engine.track(source.describe(), f.index, f.timeSec, a);
				processed++;
				windowFrames++;
				long now = System.nanoTime();
				if (now - windowStart > 500_000_000L || fps == 0) {
					fps = windowFrames / ((now - windowStart) / 1e9);
					windowStart = now;
					windowFrames = 0;
				}
				synchronized (this) {
					if (recorder != null)
						recorder.write(r);
				}
				if (onResult != null)
					onResult.accept(new Update(f, r, fps));
				f.bgr.release();
			}
		} catch (RuntimeException | IOException e) {
			error = "inference failed: " + e.getMessage();
			running = false;
		} catch (InterruptedException e) {
			Thread.currentThread().interrupt();
		} finally {
			running = false;
			synchronized (lock) {
				lock.notifyAll();
			}
			ended.countDown();
		}
	}

	private VideoFrame next() throws InterruptedException {
		if (!dropFrames) {
			while (true) {
				VideoFrame f = handoff.poll(100, TimeUnit.MILLISECONDS);
				if (f != null)
					return f;
				synchronized (lock) {
					if (captureDone || !running)
						return null;
				}
			}
		}
		synchronized (lock) {
			while (pending == null && !captureDone && running)
				lock.wait(100);
			VideoFrame f = pending;
			pending = null;
			return f;
		}
	}

	/** Stop after this many processed frames (0: no limit); set before {@link #start}. */
	public void setMaxFrames(long n) {
		maxFrames = n;
	}

	/** Results of every processed frame go to {@code csv} from now on (null stops recording; the caller closes it). */
	public synchronized void record(ResultsCsv csv) throws IOException {
		if (recorder != null)
			recorder.flush();
		recorder = csv;
	}

	public boolean isRunning() {
		return running && ended.getCount() > 0;
	}

	/** Frames per second of the inference loop over the last half second. */
	public double fps() {
		return fps;
	}

	public long processed() {
		return processed;
	}

	public long dropped() {
		return dropped;
	}

	/** Why the stream ended, if it ended by an error (null otherwise). */
	public String error() {
		return error;
	}

	/** Waits until the source ends or {@link #stop()} is called. */
	public boolean await(long timeoutMs) throws InterruptedException {
		return ended.await(timeoutMs, TimeUnit.MILLISECONDS);
	}

	/** Stops both threads and releases the source; what was recorded stays recorded. */
	public void stop() {
		running = false;
		synchronized (lock) {
			lock.notifyAll();
		}
		try {
			if (!ended.await(5, TimeUnit.SECONDS) && inference != null)
				inference.interrupt();
			for (Thread t : new Thread[] { capture, inference })
				if (t != null && t != Thread.currentThread())
					t.join(2000);
		} catch (InterruptedException e) {
			Thread.currentThread().interrupt();
		}
		try {
			record(null);
		} catch (IOException e) {
			error = "recording: " + e.getMessage();
		}
	}

	@Override
	public void close() {
		stop();
	}
}
