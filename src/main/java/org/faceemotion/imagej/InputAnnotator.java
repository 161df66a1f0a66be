package org.faceemotion.imagej;

import java.nio.file.Path;
import java.util.function.BooleanSupplier;

import org.faceemotion.batch.BatchRunner;
import org.faceemotion.batch.Item;
import org.faceemotion.batch.Logger;
import org.faceemotion.batch.VideoJob;
import org.faceemotion.core.pipeline.FaceEngine;
import org.faceemotion.io.OutputLayout;
import org.faceemotion.io.video.VideoAnnotator;

/**
 * Annotating one input of a batch, for the command line, Fiji and the Spark job alike: images
 * (and stacks) through ImageJ as Annotate Faces reads them, videos through FFmpeg.
 */
public final class InputAnnotator implements BatchRunner.InputJob {
	private final FaceEngine engine;
	private final VideoAnnotator.Options video;
	private final BooleanSupplier cancelled;
	private final VideoAnnotator.Progress detail;

	/** {@code detail}: frames and times of each video as it runs (a progress bar), or null. */
	public InputAnnotator(FaceEngine engine, VideoAnnotator.Options video, BooleanSupplier cancelled, VideoAnnotator.Progress detail) {
		this.engine = engine;
		this.video = video;
		this.cancelled = cancelled;
		this.detail = detail;
	}

	@Override
	public String run(Item item, Path input, Path outDir, Logger log) throws Exception {
		if (item.video())
			return VideoJob.run(item, input, outDir, engine, video, log, detail, cancelled);
		return ImageFileJob.run(input, outDir.resolve(item.table()), outDir.resolve(OutputLayout.annotatedImage(item.stem, item.kind)), engine);
	}
}
