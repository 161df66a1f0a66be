package org.faceemotion.core.pipeline;

import java.util.ArrayList;
import java.util.List;

import org.faceemotion.core.classify.EmotionClassifier;
import org.faceemotion.core.classify.OnnxEmotionClassifier;
import org.faceemotion.core.detect.FaceDetector;
import org.faceemotion.core.image.GrayImages;
import org.faceemotion.core.model.Face;
import org.faceemotion.core.model.FaceQuality;
import org.faceemotion.core.model.FaceResult;
import org.faceemotion.core.model.FrameResult;
import org.faceemotion.core.track.FaceTracker;
import org.opencv.core.Mat;

/**
 * The headless engine: frame in, typed results out. Detects faces, crops each as a square with a
 * margin (edges replicated where the square leaves the frame), classifies all faces of the frame
 * in one batch, and tracks and smooths them over time. {@link #analyze} (detection and
 * classification) is stateless between frames and may be called from any thread, one call at a
 * time per engine (it locks); parallel analysis uses several engines ({@link EnginePool}), while
 * {@link #track} keeps one stream's ids in frame order.
 */
public final class FaceEngine implements AutoCloseable {
	private final EngineConfig config;
	/** Guards the detector and the classifier, which are not thread-safe (and the detector's replacement). */
	private final Object analysisLock = new Object();
	private FaceDetector detector;
	private final EmotionClassifier classifier;
	private final FaceTracker tracker;
	private long detectNanos, classifyNanos, frames, faces;

	public FaceEngine(EngineConfig config) {
		this(config, null, OnnxEmotionClassifier.shipped());
	}

	public FaceEngine(EngineConfig config, FaceDetector detector, EmotionClassifier classifier) {
		this.config = config.copy().check();
		this.detector = detector != null ? detector : tiled(config.detector);
		this.cropGeometry = cropGeometryOf(this.config);
		this.classifier = classifier;
		classifier.setLabels(this.config.labels);
		classifier.setPrior(this.config.prior);
		this.tracker = new FaceTracker(config.trackIou, config.trackMaxCenterDistance, config.trackMaxGapSec, config.smoothingTauSec);
	}

	public EngineConfig config() {
		return config.copy();
	}

	/** The emotion model this engine runs (name, SHA-256, calibration), for provenance. */
	public EmotionClassifier classifierInfo() {
		return classifier;
	}

	/** What runs the face detector ("ONNX Runtime", "OpenCV DNN" with the reason, ...), for provenance. */
	public String detectorRuntime() {
		synchronized (analysisLock) {
			return detector.runtime();
		}
	}

	/** Forget all tracks (next frame starts ids at 1), e.g. between unrelated images. */
	public void resetTracking() {
		synchronized (tracker) {
			tracker.reset();
		}
	}

	/** Faces of one frame, their raw probabilities and qualities, before tracking. */
	public static final class Analysis {
		public final List<Face> faces;
		public final List<float[]> probabilities;
		public final List<FaceQuality> qualities;

		Analysis(List<Face> faces, List<float[]> probabilities, List<FaceQuality> qualities) {
			this.faces = faces;
			this.probabilities = probabilities;
			this.qualities = qualities;
		}
	}

	/** Processes a frame of any depth (higher depths scaled by their own range) and channel count. */
	public FrameResult process(String source, int frameIndex, double timeSec, Mat frame) {
		return track(source, frameIndex, timeSec, analyze(frame));
	}

	/**
	 * Detection and classification of one frame: no state between frames, so frames may be analysed
	 * by several engines in parallel and then tracked in order with {@link #track}.
	 */
	public Analysis analyze(Mat frame) {
		// detector and classifier are not thread-safe; the tracker has its own lock, so tracking
		// one frame never waits for the analysis of the next
		synchronized (analysisLock) {
			Mat bgr = GrayImages.toBgr8(frame);
			long t0 = System.nanoTime();
			List<Face> found = detector.detect(bgr);
			long t1 = System.nanoTime();
			Analysis analysis = classifyAndRate(bgr, found);
			long t2 = System.nanoTime();
			if (bgr != frame)
				bgr.release();
			synchronized (this) {
				detectNanos += t1 - t0;
				classifyNanos += t2 - t1;
				frames++;
				faces += found.size();
			}
			return analysis;
		}
	}

	/**
	 * Classification of one frame at faces found on another (a key frame's detections, carried to
	 * the frames between key frames): no detection here. Thread-safe as {@link #analyze}.
	 */
	public Analysis analyzeAt(Mat frame, List<Face> faces) {
		synchronized (analysisLock) {
			Mat bgr = GrayImages.toBgr8(frame);
			long t1 = System.nanoTime();
			// boxes from another frame may reach past this one's border after a size change: keep those inside
			List<Face> inside = new ArrayList<>(faces.size());
			for (Face f : faces)
				if (f.x < bgr.cols() && f.y < bgr.rows() && f.x + f.width > 0 && f.y + f.height > 0)
					inside.add(f);
			Analysis analysis = classifyAndRate(bgr, inside);
			long t2 = System.nanoTime();
			if (bgr != frame)
				bgr.release();
			synchronized (this) {
				classifyNanos += t2 - t1;
				frames++;
				this.faces += inside.size();
			}
			return analysis;
		}
	}

	/** The probabilities and the quality of each face of an 8-bit BGR frame (the caller holds the analysis lock). */
	private Analysis classifyAndRate(Mat bgr, List<Face> faces) {
		double[] sharpness = new double[faces.size()];
		List<float[]> probs = classify(bgr, faces, sharpness);
		List<FaceQuality> qualities = new ArrayList<>(faces.size());
		for (int i = 0; i < faces.size(); i++)
			qualities.add(FaceQuality.of(faces.get(i), sharpness[i], bgr.cols(), bgr.rows(), config.quality));
		return new Analysis(faces, probs, qualities);
	}

	/** Ids and smoothing for an analysed frame; frames must come in time order. */
	public FrameResult track(String source, int frameIndex, double timeSec, Analysis a) {
		List<FaceResult> tracked;
		synchronized (tracker) {
			tracked = tracker.update(a.faces, a.probabilities, timeSec);
		}
		// the tracker keeps the order of the detections
		List<FaceResult> out = new ArrayList<>(tracked.size());
		for (int i = 0; i < tracked.size(); i++)
			out.add(tracked.get(i).withQuality(a.qualities.get(i)));
		return new FrameResult(source, frameIndex, timeSec, out);
	}

	private volatile boolean stillImages;

	/**
	 * Still images (photos, not video or live): the detector also searches overlapping tiles of
	 * large frames, so small faces in group photos are found (see {@link TiledDetector}).
	 */
	public void setStillImages(boolean on) {
		stillImages = on;
	}

	private FaceDetector tiled(org.faceemotion.core.detect.DetectorKind kind) {
		FaceDetector d = kind.create(config.scoreThreshold, config.minFaceSize);
		return kind == org.faceemotion.core.detect.DetectorKind.NONE ? d : new org.faceemotion.core.detect.TiledDetector(d, () -> stillImages);
	}

	/**
	 * Another detector from the next frame on, keeping the tracks (face ids and smoothing go on);
	 * the old detector is closed once no frame uses it.
	 */
	public void switchDetector(org.faceemotion.core.detect.DetectorKind kind) {
		FaceDetector next = tiled(kind);
		FaceDetector old;
		synchronized (analysisLock) {
			old = detector;
			detector = next;
			config.detector = kind;
			cropGeometry = cropGeometryOf(config);
		}
		old.close();
	}

	/** Passes of {@link #warmUp(int)}; more reach the pipeline's first frames on two cores (measured, BENCHMARKS.md). */
	static final int WARM_UP_PASSES = 3;

	/**
	 * Runs both networks a few times on a synthetic frame (a grey gradient, one face box in its
	 * middle), outside the statistics: the first passes of OpenCV's networks allocate their buffers
	 * and the JIT compiles the engine's own code, which otherwise happens inside the first frames of
	 * a video while both cores are busy.
	 */
	void warmUp(int passes) {
		if (passes <= 0)
			return;
		Mat frame = new Mat(480, 640, org.opencv.core.CvType.CV_8UC3);
		try {
			byte[] row = new byte[640 * 3];
			for (int y = 0; y < 480; y++) {
				java.util.Arrays.fill(row, (byte) (y * 255 / 479));
				frame.put(y, 0, row);
			}
			Face face = new Face(240, 160, 160, 160, 1);
			synchronized (analysisLock) { // not counted in stageStats (forwardNanos are running totals)
				for (int i = 0; i < passes; i++) {
					detector.detect(frame);
					classify(frame, List.of(face));
				}
			}
		} finally {
			frame.release();
		}
	}

	public List<float[]> classify(Mat bgr8, List<Face> found) {
		return classify(bgr8, found, new double[found.size()]);
	}

	/** The same, writing the {@link FaceQuality#sharpness(byte[]) sharpness} of each face's model input into {@code sharpness}. */
	List<float[]> classify(Mat bgr8, List<Face> found, double[] sharpness) {
		if (found.isEmpty())
			return List.of();
		List<byte[]> crops = new ArrayList<>(found.size());
		CropGeometry g = cropGeometry;
		for (Face f : found) {
			double[] sq = g.square(f);
			double angle = config.alignEyes ? f.eyeAngle() : Double.NaN;
			// eyes level (BlazeFace gives them; Haar does not: its crop stays upright)
			boolean level = Math.abs(angle) >= config.alignMinDegrees && Math.abs(angle) <= 60;
			byte[] input = FaceCrop.input(bgr8, sq[0], sq[1], sq[2], level ? angle : 0);
			sharpness[crops.size()] = FaceQuality.sharpness(input);
			crops.add(input);
		}
		long t0 = System.nanoTime();
		float[][] p = config.testTimeAugmentation ? classifier.classifyWithFlip(crops) : classifier.classify(crops);
		classifierNanos += System.nanoTime() - t0;
		return List.of(p);
	}

	/** The crop of the current detector: measured on FER-2013 (crop-geometry), or the configured margin when not measured or switched off. */
	public CropGeometry cropGeometry() {
		return cropGeometry;
	}

	/** Looked up once per detector (not per frame): set at construction and on a detector switch. */
	private volatile CropGeometry cropGeometry;

	private static CropGeometry cropGeometryOf(EngineConfig c) {
		CropGeometry margin = CropGeometry.margin(c.cropMargin);
		return c.measuredCrop ? CropGeometry.of(c.detector, margin)
				: c.detector == org.faceemotion.core.detect.DetectorKind.NONE ? new CropGeometry(1, 0, 0) : margin;
	}

	private volatile long classifierNanos;

	/**
	 * Nanoseconds so far in the two networks alone: the detector's forward pass and the emotion
	 * classifier's (blob and forward), without resizing, decoding, cropping or alignment.
	 */
	public long[] forwardNanos() {
		synchronized (analysisLock) {
			return new long[] { detector.forwardNanos(), classifierNanos };
		}
	}

	/** Mean milliseconds per frame of detection and of classification, frames and faces seen so far; then the counters restart. */
	public synchronized double[] stageStats() {
		double n = Math.max(1, frames);
		double[] s = { detectNanos / 1e6 / n, classifyNanos / 1e6 / n, frames, faces };
		detectNanos = classifyNanos = frames = faces = 0;
		return s;
	}

	@Override
	public void close() {
		synchronized (analysisLock) {
			detector.close();
		}
		try {
			classifier.close();
		} catch (Exception e) {
			// nothing held that outlives the JVM
		}
	}
}
