package org.faceemotion.report;

import java.io.Serializable;
import java.nio.file.Path;
import java.util.Locale;

import org.faceemotion.core.pipeline.EngineConfig;
import org.faceemotion.io.video.VideoAnnotator;

/**
 * The options of {@code annotate}, checked once, for every front door that annotates files: the
 * command line and the Spark job (which sends them to its executors, hence serializable).
 */
public final class AnnotateSettings implements Serializable {
	private static final long serialVersionUID = 1L;

	public String detector = "blazeface-full";
	public double scoreThreshold = 0.5, minFace = 12;
	public boolean tta, overwrite, resume, annotatedVideo;
	public int every = 1;
	public double start = 0;
	/** Seconds; null: the end of each video. */
	public Double end;

	/** Every option in range, or an IllegalArgumentException whose message names the option and the value. */
	public AnnotateSettings check() {
		if (every < 1)
			throw new IllegalArgumentException("--every must be >= 1, got " + every);
		if (!(start >= 0) || Double.isInfinite(start))
			throw new IllegalArgumentException("--start must be a number of seconds >= 0, not " + start);
		if (end != null && (!(end > start) || Double.isNaN(end)))
			throw new IllegalArgumentException("--end must be a number of seconds after --start (" + start + "), not " + end);
		if (!(scoreThreshold > 0 && scoreThreshold < 1))
			throw new IllegalArgumentException("--score-threshold must be between 0 and 1, not " + scoreThreshold);
		if (!(minFace >= 0) || Double.isInfinite(minFace))
			throw new IllegalArgumentException("--min-face must be a number of pixels >= 0, not " + minFace);
		if (resume && overwrite)
			throw new IllegalArgumentException("--resume and --overwrite exclude each other");
		engineConfig();
		return this;
	}

	public EngineConfig engineConfig() {
		return EngineConfig.of(detector, scoreThreshold, minFace, tta);
	}

	public BatchRunner.Settings batch(Path out) {
		BatchRunner.Settings s = new BatchRunner.Settings();
		s.out = out;
		s.resume = resume;
		s.overwrite = overwrite;
		s.annotatedVideo = annotatedVideo;
		return s;
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
