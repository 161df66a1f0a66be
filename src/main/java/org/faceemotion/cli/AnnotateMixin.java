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
	@Option(names = "--workers", description = "Analysis workers, one engine each (about 100 MB of memory per engine); default: the cores the JVM sees")
	int workers = DEFAULTS.workers;
	@Option(names = "--annotated-video", description = "Videos: also write <name>-annotated.mp4 with boxes, ids and labels")
	boolean annotatedVideo;

	/** The options, checked. */
	public AnnotateOptions options() {
		AnnotateOptions o = new AnnotateOptions();
		o.detector = detector;
		o.scoreThreshold = scoreThreshold;
		o.minFace = minFace;
		o.tta = tta;
		o.prior = prior;
		o.overwrite = overwrite;
		o.resume = resume;
		o.every = every;
		o.start = start;
		o.end = end;
		o.annotatedVideo = annotatedVideo;
		o.workers = workers;
		return o.check();
	}
}
