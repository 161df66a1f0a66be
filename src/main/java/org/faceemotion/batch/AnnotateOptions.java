package org.faceemotion.batch;

import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

import org.faceemotion.core.classify.Prior;
import org.faceemotion.core.detect.DetectorKind;
import org.faceemotion.core.model.FaceQuality;
import org.faceemotion.core.pipeline.EngineConfig;
import org.faceemotion.core.pipeline.EnginePool;
import org.faceemotion.io.video.VideoAnnotator;
import org.faceemotion.report.Baseline;
import org.faceemotion.report.Events;
import org.faceemotion.report.ResultOutputs;

/**
 * The options of annotating files, as plain values with one set of defaults and one validation,
 * for every front door: built by picocli on the command line and in the Spark job (which sends
 * them to its executors, hence serializable), by SciJava parameters and dialogs in Fiji.
 */
public final class AnnotateOptions implements Serializable {
	private static final long serialVersionUID = 4L;

	public String detector = DetectorKind.BLAZEFACE_FULL.id;
	public double scoreThreshold = 0.5;
	public double minFace = 12;
	public boolean tta;
	/** How the seven emotions are weighed: {@link Prior#id()}. */
	public String prior = Prior.EVERYDAY.id();
	/** Whose reading: {@link org.faceemotion.core.classify.Labels#id()} (people or fer2013). */
	public String labels = org.faceemotion.core.classify.Labels.PEOPLE.id();
	public boolean overwrite;
	public boolean resume;
	/** Videos: every Nth frame, from {@code start} to {@code end} seconds (null: the end). */
	public int every = 1;
	public double start = 0;
	public Double end;
	public boolean annotatedVideo;
	/** Analysis workers, one engine each: the cores the JVM sees unless said otherwise. */
	public int workers = Runtime.getRuntime().availableProcessors();
	/** Videos annotated at once, the workers shared among them; 0: {@link #lanes(int) chosen from the workers}. */
	public int videosAtOnce = 0;
	/** Thresholds of each row's quality label ({@link FaceQuality.Rules}). */
	public double qualityMinFace = 40, qualityMinSharpness = 0.35, qualityMaxRoll = 35, qualityMaxYaw = 45;
	/** Summaries, events and plots count all rows (not only those of quality ok). */
	public boolean countAllRows;
	/** Tracks spanning less than this (seconds) are marked short in the summary. */
	public double minTrack = 0.5;
	/** Videos: an events file for all videos, or a folder of {@code <video name>.csv}, or null. */
	public String events;
	/** Event window for events without a duration, and the baseline window before each onset (seconds). */
	public double eventWindow = 2, eventBaseline = 1;
	/** Per-person baseline ({@link Baseline#parse}), or null. */
	public String baseline;
	/** Videos: detect faces on every Nth analysed frame (key frames), classify the others at the key frame's boxes. */
	public int detectEvery = VideoAnnotator.DEFAULT_DETECT_EVERY;

	/** Every option in range, or an IllegalArgumentException whose message names the option and the value. */
	public AnnotateOptions check() {
		if (every < 1)
			throw new IllegalArgumentException("--every must be >= 1, got " + every);
		org.faceemotion.core.pipeline.LivePipeline.checkDetectEvery(detectEvery);
		if (!(start >= 0) || Double.isInfinite(start))
			throw new IllegalArgumentException("--start must be a number of seconds >= 0, not " + start);
		if (end != null && (!(end > start) || Double.isNaN(end)))
			throw new IllegalArgumentException("--end must be a number of seconds after --start (" + start + "), not " + end);
		if (!(scoreThreshold > 0 && scoreThreshold < 1))
			throw new IllegalArgumentException("--score-threshold must be between 0 and 1, not " + scoreThreshold);
		if (workers < 1)
			throw new IllegalArgumentException("--workers must be at least 1, not " + workers);
		if (videosAtOnce < 0)
			throw new IllegalArgumentException("--videos-at-once must be 0 (automatic) or more, not " + videosAtOnce);
		if (!(minFace >= 0) || Double.isInfinite(minFace))
			throw new IllegalArgumentException("--min-face must be a number of pixels >= 0, not " + minFace);
		policy();
		engineConfig();
		reportOptions();
		if (events != null) {
			Path e = Path.of(events);
			if (Files.isDirectory(e))
				return this;
			try {
				Events.read(e);
			} catch (IOException x) {
				throw new IllegalArgumentException("--events: " + x.getMessage());
			}
		}
		return this;
	}

	/** What is computed from each video's table: summary rules, event windows, baseline. */
	public ResultOutputs.Options reportOptions() {
		ResultOutputs.Options o = new ResultOutputs.Options();
		o.summary.countAllRows = countAllRows;
		o.summary.minTrackSec = minTrack;
		o.events.windowSec = eventWindow;
		o.events.baselineSec = eventBaseline;
		o.events.countAllRows = countAllRows;
		try {
			o.summary.check();
			o.events.check();
		} catch (IllegalArgumentException e) {
			throw new IllegalArgumentException("--" + e.getMessage().replace("minimum track duration", "min-track").replace("event window", "event-window")
					.replace("baseline window", "event-baseline"));
		}
		o.baseline = Baseline.parse(baseline);
		return o;
	}

	/**
	 * The events of one video (null without --events): the events file, or the video's own file in
	 * the events folder (none there: no events, said in {@code notes}).
	 */
	public List<Events.Event> events(String stem, List<String> notes) throws IOException {
		if (events == null)
			return null;
		Path file = Events.forVideo(Path.of(events), stem);
		if (file == null) {
			notes.add("no events file " + Path.of(events).resolve(stem + ".csv") + ": its event table is empty");
			return List.of();
		}
		return Events.read(file);
	}

	public EngineConfig engineConfig() {
		try {
			EngineConfig c = EngineConfig.of(detector, scoreThreshold, minFace, tta, prior);
			c.labels = org.faceemotion.core.classify.Labels.parse(labels);
			c.quality.minFacePx = qualityMinFace;
			c.quality.minSharpness = qualityMinSharpness;
			c.quality.maxRollDeg = qualityMaxRoll;
			c.quality.maxYawDeg = qualityMaxYaw;
			return c.check();
		} catch (IllegalArgumentException e) {
			throw new IllegalArgumentException(e.getMessage().startsWith("prior") || e.getMessage().startsWith("labels") ? "--" + e.getMessage()
					: e.getMessage());
		}
	}

	/**
	 * How many of {@code videos} videos run at once: {@link #videosAtOnce} when set, otherwise one
	 * per two workers (a video's own pipeline keeps two analysis workers busy beside its decoder and
	 * writer; BENCHMARKS.md), never more than the videos or the workers.
	 */
	public int lanes(int videos) {
		int want = videosAtOnce > 0 ? videosAtOnce : Math.max(1, workers / 2);
		return Math.max(1, Math.min(want, Math.min(videos, workers)));
	}

	/** The engines of a run: {@link #workers} of them, made when first needed. */
	public EnginePool engines() {
		return new EnginePool(engineConfig(), workers);
	}

	public OutputPolicy policy() {
		return new OutputPolicy(resume, overwrite, annotatedVideo, events != null);
	}

	public VideoAnnotator.Options videoOptions() {
		VideoAnnotator.Options o = new VideoAnnotator.Options();
		o.every = every;
		o.startSec = start;
		o.endSec = end == null ? Double.POSITIVE_INFINITY : end;
		o.annotatedVideo = annotatedVideo;
		o.detectEvery = detectEvery;
		return o;
	}

	/** One video's counts and speed in one line. */
	public static String describe(VideoAnnotator.Result r) {
		return String.format(Locale.ROOT,
				"%d frames, %d faces, %d face ids (%d short) in %.2f s (%.1f fps, %.1fx real time); per frame: decode %.1f ms, detect %.1f ms, classify %.1f ms, write %.1f ms",
				r.frames, r.faces, r.summary.tracks().size(), r.summary.tracks().stream().filter(t -> t.isShort()).count(), r.wallSec, r.frames / r.wallSec, r.durationSec / r.wallSec, r.decodeMs,
				r.detectMs, r.classifyMs, r.writeMs);
	}
}
