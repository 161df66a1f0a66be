package org.faceemotion.batch;

import java.io.Serializable;
import java.util.Locale;

import org.faceemotion.core.classify.Prior;
import org.faceemotion.core.detect.DetectorKind;
import org.faceemotion.core.pipeline.EngineConfig;
import org.faceemotion.core.pipeline.EnginePool;
import org.faceemotion.io.video.VideoAnnotator;

/**
 * The options of annotating files, as plain values with one set of defaults and one validation,
 * for every front door: built by picocli on the command line and in the Spark job (which sends
 * them to its executors, hence serializable), by SciJava parameters and dialogs in Fiji.
 */
public final class AnnotateOptions implements Serializable {
	private static final long serialVersionUID = 2L;

	public String detector = DetectorKind.BLAZEFACE_FULL.id;
	public double scoreThreshold = 0.5;
	public double minFace = 12;
	public boolean tta;
	/** How the seven emotions are weighed: {@link Prior#id()}. */
	public String prior = Prior.EVERYDAY.id();
	public boolean overwrite;
	public boolean resume;
	/** Videos: every Nth frame, from {@code start} to {@code end} seconds (null: the end). */
	public int every = 1;
	public double start = 0;
	public Double end;
	public boolean annotatedVideo;
	/** Analysis workers, one engine each: the cores the JVM sees unless said otherwise. */
	public int workers = Runtime.getRuntime().availableProcessors();

	/** Every option in range, or an IllegalArgumentException whose message names the option and the value. */
	public AnnotateOptions check() {
		if (every < 1)
			throw new IllegalArgumentException("--every must be >= 1, got " + every);
		if (!(start >= 0) || Double.isInfinite(start))
			throw new IllegalArgumentException("--start must be a number of seconds >= 0, not " + start);
		if (end != null && (!(end > start) || Double.isNaN(end)))
			throw new IllegalArgumentException("--end must be a number of seconds after --start (" + start + "), not " + end);
		if (!(scoreThreshold > 0 && scoreThreshold < 1))
			throw new IllegalArgumentException("--score-threshold must be between 0 and 1, not " + scoreThreshold);
		if (workers < 1)
			throw new IllegalArgumentException("--workers must be at least 1, not " + workers);
		if (!(minFace >= 0) || Double.isInfinite(minFace))
			throw new IllegalArgumentException("--min-face must be a number of pixels >= 0, not " + minFace);
		policy();
		engineConfig();
		return this;
	}

	public EngineConfig engineConfig() {
		try {
			return EngineConfig.of(detector, scoreThreshold, minFace, tta, prior);
		} catch (IllegalArgumentException e) {
			throw new IllegalArgumentException(e.getMessage().startsWith("prior") ? "--" + e.getMessage() : e.getMessage());
		}
	}

	/** The engines of a run: {@link #workers} of them, made when first needed. */
	public EnginePool engines() {
		return new EnginePool(engineConfig(), workers);
	}

	public OutputPolicy policy() {
		return new OutputPolicy(resume, overwrite, annotatedVideo);
	}

	public VideoAnnotator.Options videoOptions() {
		VideoAnnotator.Options o = new VideoAnnotator.Options();
		o.every = every;
		o.startSec = start;
		o.endSec = end == null ? Double.POSITIVE_INFINITY : end;
		o.annotatedVideo = annotatedVideo;
		return o;
	}

	/** One video's counts and speed in one line. */
	public static String describe(VideoAnnotator.Result r) {
		return String.format(Locale.ROOT,
				"%d frames, %d faces, %d face ids in %.2f s (%.1f fps, %.1fx real time); per frame: decode %.1f ms, detect %.1f ms, classify %.1f ms, write %.1f ms",
				r.frames, r.faces, r.summary.tracks().size(), r.wallSec, r.frames / r.wallSec, r.durationSec / r.wallSec, r.decodeMs,
				r.detectMs, r.classifyMs, r.writeMs);
	}
}
