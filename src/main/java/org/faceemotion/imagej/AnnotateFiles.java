package org.faceemotion.imagej;

import java.io.IOException;
import java.nio.file.Path;

import org.faceemotion.core.pipeline.FaceEngine;
import org.faceemotion.io.video.VideoAnnotator;
import org.faceemotion.report.AnnotateSettings;
import org.faceemotion.report.BatchRunner;
import org.faceemotion.report.VideoJob;

/** One planned input of {@code annotate} (command line and Spark): images through ImageJ, videos through FFmpeg. */
public final class AnnotateFiles {
	private AnnotateFiles() {
	}

	/** Writes the input's outputs into {@code out}; returns a one-line summary. */
	public static String run(BatchRunner.Item item, Path out, FaceEngine engine, VideoAnnotator.Options video,
			VideoAnnotator.Progress progress) throws IOException {
		if (!item.video)
			return ImageFileJob.run(item.input, item.outputs.get(0), item.outputs.get(1), engine);
		VideoAnnotator.Result r = VideoJob.run(item.input, out, item.stem, engine, video, progress, () -> false);
		String line = AnnotateSettings.describe(r);
		return r.warning == null ? line : line + "; warning: " + r.warning + "; the frames before it are in the outputs";
	}
}
