package org.faceemotion.cli;

import org.faceemotion.batch.AnnotateOptions;

import picocli.CommandLine.Option;

/**
 * The options of annotating files on the command line (annotate, and the Spark job), mapped onto
 * {@link AnnotateOptions}, whose defaults and checks they share with Fiji.
 */
public final class AnnotateMixin {
	private static final AnnotateOptions DEFAULTS = new AnnotateOptions();

	@Option(names = "--detector", description = "blazeface-full (default; small and distant faces), blazeface (close faces, fastest), "
			+ "haar (the original app's), none (each image or frame is one face: folders of face crops)")
	String detector = DEFAULTS.detector;
	@Option(names = "--score-threshold", description = "Minimum detector score (default: 0.5)")
	double scoreThreshold = DEFAULTS.scoreThreshold;
	@Option(names = "--min-face", description = "Smallest face side in pixels (default: 12)")
	double minFace = DEFAULTS.minFace;
	@Option(names = "--tta", description = "Average each face with its mirror image")
	boolean tta;
	@Option(names = "--prior", paramLabel = "everyday|balanced", description = "How the seven emotions are weighed: everyday (default; "
			+ "the probabilities estimate the share of people who would name each emotion, with the emotions as common as in everyday "
			+ "images) or balanced (all seven equally likely a priori: posed or expressive recordings)")
	String prior = DEFAULTS.prior;
	@Option(names = "--labels", paramLabel = "people|fer2013", description = "Whose reading the probabilities state: people (default; what "
			+ "ten taggers see, FER+) or fer2013 (FER-2013's own labels, through a second head on the same network: for comparison with the literature)")
	String labels = DEFAULTS.labels;
	@Option(names = "--overwrite", description = "Replace existing outputs (by default an input whose outputs exist is skipped and reported)")
	boolean overwrite;
	@Option(names = "--resume", description = "Skip inputs whose outputs are all complete (after a crash or kill); redo the rest")
	boolean resume;
	@Option(names = "--every", description = "Videos: process every Nth frame (default: 1)")
	int every = DEFAULTS.every;
	@Option(names = "--start", description = "Videos: start at this time in seconds")
	double start = DEFAULTS.start;
	@Option(names = "--end", description = "Videos: stop at this time in seconds (default: the end)")
	Double end;
	@Option(names = "--detect-every", description = "Videos: detect faces on every Nth analysed frame only and classify the frames between at "
			+ "those boxes (default: 3; 1: every frame, as before session 16; BENCHMARKS.md has the speed and agreement of 1, 2, 3 and 5)")
	int detectEvery = DEFAULTS.detectEvery;
	@Option(names = "--workers", description = "Analysis workers, one engine each (about 65 MB of memory per engine); default: the cores the JVM sees")
	int workers = DEFAULTS.workers;
	@Option(names = "--videos-at-once", description = "Videos annotated at once, the workers shared among them (default: 0, one video per two "
			+ "workers; a video's frames stay in order either way)")
	int videosAtOnce = DEFAULTS.videosAtOnce;
	@Option(names = "--annotated-video", description = "Videos: also write <name>-annotated.mp4 with boxes, ids and labels")
	boolean annotatedVideo;
	@Option(names = "--quality-min-face", description = "Quality: rows whose face is smaller than this (pixels, shorter box side) are 'small' (default: 40)")
	double qualityMinFace = DEFAULTS.qualityMinFace;
	@Option(names = "--quality-min-sharpness", description = "Quality: rows whose crop is less sharp than this are 'blurred' (default: 0.35; README)")
	double qualityMinSharpness = DEFAULTS.qualityMinSharpness;
	@Option(names = "--quality-max-roll", description = "Quality: rows whose eye line tilts more than this (degrees) are 'turned' (default: 35)")
	double qualityMaxRoll = DEFAULTS.qualityMaxRoll;
	@Option(names = "--quality-max-yaw", description = "Quality: rows whose yaw estimate exceeds this (degrees) are 'turned' (default: 45)")
	double qualityMaxYaw = DEFAULTS.qualityMaxYaw;
	@Option(names = "--count-all-rows", description = "Summaries, events and plots count every row, not only those of quality ok")
	boolean countAllRows;
	@Option(names = "--min-track", description = "Videos: tracks spanning less than this (seconds) are marked short in the summary (default: 0.5)")
	double minTrack = DEFAULTS.minTrack;
	@Option(names = "--events", paramLabel = "FILE|FOLDER", description = "Videos: event onsets (CSV with onset, optional duration and label, in seconds); "
			+ "a file for every video, or a folder holding <video name>.csv per video; writes <name>-events.csv and -events.png")
	String events;
	@Option(names = "--event-window", description = "Events without a duration: the window after the onset in seconds (default: 2)")
	double eventWindow = DEFAULTS.eventWindow;
	@Option(names = "--event-baseline", description = "Events: the baseline window before each onset in seconds (default: 1)")
	double eventBaseline = DEFAULTS.eventBaseline;
	@Option(names = "--baseline", paramLabel = "neutral|neutral:P|START-END", description = "Per-person baseline: adds rel_<emotion> columns, "
			+ "each probability less the face's own level, from its rows read as neutral with probability >= P (default 0.8) or from a time window in seconds")
	String baseline;

	/** The options, checked. */
	public AnnotateOptions options() {
		AnnotateOptions o = new AnnotateOptions();
		o.detector = detector;
		o.scoreThreshold = scoreThreshold;
		o.minFace = minFace;
		o.tta = tta;
		o.prior = prior;
		o.labels = labels;
		o.overwrite = overwrite;
		o.resume = resume;
		o.every = every;
		o.start = start;
		o.end = end;
		o.annotatedVideo = annotatedVideo;
		o.workers = workers;
		o.videosAtOnce = videosAtOnce;
		o.detectEvery = detectEvery;
		o.qualityMinFace = qualityMinFace;
		o.qualityMinSharpness = qualityMinSharpness;
		o.qualityMaxRoll = qualityMaxRoll;
		o.qualityMaxYaw = qualityMaxYaw;
		o.countAllRows = countAllRows;
		o.minTrack = minTrack;
		o.events = events;
		o.eventWindow = eventWindow;
		o.eventBaseline = eventBaseline;
		o.baseline = baseline;
		return o.check();
	}
}
