package org.faceemotion.report;

import java.io.Serializable;
import java.nio.file.Path;
import java.util.Locale;

import org.faceemotion.core.pipeline.EngineConfig;
import org.faceemotion.io.video.VideoAnnotator;

import picocli.CommandLine.Option;

/**
 * The options of {@code annotate} (a picocli mixin), checked once, for every front door that
 * annotates files: the command line and the Spark job (which sends them to its executors, hence
 * serializable).
 */
public final class AnnotateSettings implements Serializable {
	private static final long serialVersionUID = 1L;

	@Option(names = "--detector", defaultValue = "blazeface-full",
			description = "blazeface-full (default; small and distant faces), blazeface (close faces, fastest), haar (the original app's), none (each image or frame is one face: folders of face crops)")
	public String detector = "blazeface-full";
	@Option(names = "--score-threshold", defaultValue = "0.5", description = "Minimum detector score (default: ${DEFAULT-VALUE})")
	public double scoreThreshold = 0.5;
	@Option(names = "--min-face", defaultValue = "12", description = "Smallest face side in pixels (default: ${DEFAULT-VALUE})")
	public double minFace = 12;
	@Option(names = "--tta", description = "Average each face with its mirror image")
	public boolean tta;
	@Option(names = "--overwrite", description = "Replace existing outputs (by default an input whose outputs exist is skipped and reported)")
	public boolean overwrite;
	@Option(names = "--resume", description = "Skip inputs whose outputs are all complete (after a crash or kill); redo the rest")
	public boolean resume;
	@Option(names = "--every", defaultValue = "1", description = "Videos: process every Nth frame (default: ${DEFAULT-VALUE})")
	public int every = 1;
	@Option(names = "--start", defaultValue = "0", description = "Videos: start at this time in seconds")
	public double start = 0;
	@Option(names = "--end", description = "Videos: stop at this time in seconds (default: the end)")
	public Double end;
	@Option(names = "--annotated-video", description = "Videos: also write <name>-annotated.mp4 with boxes, ids and labels")
	public boolean annotatedVideo;

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
