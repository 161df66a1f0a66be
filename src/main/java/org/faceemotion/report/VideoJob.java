package org.faceemotion.report;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

import org.faceemotion.core.pipeline.FaceEngine;
import org.faceemotion.io.OutputFiles;
import org.faceemotion.io.video.VideoAnnotator;

/** One video's complete outputs (CSV, summary, timeline, optional annotated video); shared by the command line and Fiji. */
public final class VideoJob {
	private VideoJob() {
	}

	public static Path timelinePath(Path outDir, String stem) {
		return outDir.resolve(stem + "-timeline.png");
	}

	/** Every file a finished video leaves in {@code outDir}: all present means complete (each is renamed into place only when done). */
	public static List<Path> outputs(Path outDir, String stem, boolean annotatedVideo) {
		List<Path> p = new ArrayList<>(List.of(VideoAnnotator.csvPath(outDir, stem), VideoAnnotator.summaryPath(outDir, stem),
				timelinePath(outDir, stem)));
		if (annotatedVideo)
			p.add(VideoAnnotator.videoPath(outDir, stem));
		return p;
	}

	public static VideoAnnotator.Result run(Path video, Path outDir, String stem, FaceEngine engine, VideoAnnotator.Options options,
			VideoAnnotator.Progress progress, BooleanSupplier cancelled) throws IOException {
		VideoAnnotator.Result r = VideoAnnotator.annotate(video, outDir, stem, engine, options, progress, cancelled);
		Path timeline = timelinePath(outDir, stem);
		Path tmp = OutputFiles.temporary(timeline);
		TimelineChart.write(TimelineChart.render(video.getFileName() + ": emotion per face over time", r.summary.tracks(),
				Math.max(r.durationSec + options.startSec, r.summary.lastTime())), tmp);
		OutputFiles.commit(tmp, timeline);
		return r;
	}
}
