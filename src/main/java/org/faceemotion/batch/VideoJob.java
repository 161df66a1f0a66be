package org.faceemotion.batch;

import java.io.IOException;
import java.nio.file.Path;
import java.util.function.BooleanSupplier;

import org.faceemotion.core.pipeline.EnginePool;
import org.faceemotion.io.OutputFiles;
import org.faceemotion.io.OutputLayout;
import org.faceemotion.io.video.VideoAnnotator;
import org.faceemotion.report.TimelineChart;

/** One video's complete outputs (table, summary, timeline, optional annotated video), for every front door. */
public final class VideoJob {
	private VideoJob() {
	}

	public static VideoAnnotator.Result run(Path video, Path outDir, String stem, EnginePool engines, VideoAnnotator.Options options,
			VideoAnnotator.Progress progress, BooleanSupplier cancelled) throws IOException {
		VideoAnnotator.Result r = VideoAnnotator.annotate(video, outDir, stem, engines, options, progress, cancelled);
		java.awt.image.BufferedImage chart = TimelineChart.render(video.getFileName() + ": emotion per face over time", r.summary.tracks(),
				Math.max(r.durationSec + options.startSec, r.summary.lastTime()));
		OutputFiles.write(outDir.resolve(OutputLayout.timeline(stem)), o -> TimelineChart.write(chart, o));
		return r;
	}

	/**
	 * A video as a batch input: its outputs, the fraction of it done as progress (and, when not
	 * null, frames and times to {@code detail}), the summary line (with a truncation warning).
	 */
	public static String run(Item item, Path video, Path outDir, EnginePool engines, VideoAnnotator.Options options, Logger log,
			VideoAnnotator.Progress detail, BooleanSupplier cancelled) throws IOException {
		VideoAnnotator.Result r = run(video, outDir, item.stem, engines, options, (frames, t, duration) -> {
			log.progress(duration > 0 ? (t - options.startSec) / duration : 0);
			if (detail != null)
				detail.update(frames, t, duration);
		}, cancelled);
		if (detail != null)
			detail.update(r.frames, options.startSec + r.durationSec, r.durationSec);
		String line = AnnotateOptions.describe(r) + (r.note == null ? "" : "; note: " + r.note);
		return r.warning == null ? line : line + "; warning: " + r.warning + " (the frames that decoded are in the outputs)";
	}
}
