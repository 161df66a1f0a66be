package org.faceemotion.batch;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.function.BooleanSupplier;

import org.faceemotion.core.pipeline.EnginePool;
import org.faceemotion.io.video.VideoAnnotator;
import org.faceemotion.report.Events;
import org.faceemotion.report.ResultOutputs;

/**
 * One video's complete outputs for every front door: the table and optional annotated video
 * ({@link VideoAnnotator}), then everything computed from the table ({@link ResultOutputs}:
 * summary, segments for coders, timeline, event tables, baseline columns).
 */
public final class VideoJob {
	private VideoJob() {
	}

	/** The outputs of {@code video}; {@code mediaUri} is how the coders' files link the video (null: the file's own URI). */
	public static VideoAnnotator.Result run(Path video, String mediaUri, Path outDir, String stem, EnginePool engines, AnnotateOptions options,
			VideoAnnotator.Options videoOptions, VideoAnnotator.Progress progress, BooleanSupplier cancelled, List<String> notes)
			throws IOException {
		// a bad events file fails the video before hours of decoding, not after
		List<Events.Event> events = options.events(stem, notes);
		VideoAnnotator.Result r = VideoAnnotator.annotate(video, outDir, stem, engines, videoOptions, progress, cancelled);
		String name = video.getFileName().toString();
		ResultOutputs.Media media = new ResultOutputs.Media(name, mediaUri != null ? mediaUri : video.toAbsolutePath().toUri().toString(),
				Math.max(r.durationSec + videoOptions.startSec, r.summary.lastTime()), r.frameRate);
		ResultOutputs.Written w = ResultOutputs.write(r.rows, r.csv, false, outDir, stem, name, media, events, options.reportOptions());
		r.summary = w.summary;
		notes.addAll(w.notes);
		return r;
	}

	/**
	 * A video as a batch input: its outputs, the fraction of it done as progress (and, when not
	 * null, frames and times to {@code detail}), the summary line (with a truncation warning).
	 */
	public static String run(Item item, Path video, Path outDir, EnginePool engines, AnnotateOptions options, VideoAnnotator.Options videoOptions,
			Logger log, VideoAnnotator.Progress detail, BooleanSupplier cancelled) throws IOException {
		List<String> notes = new java.util.ArrayList<>();
		String uri = item.input.contains("://") ? item.input : Path.of(item.input).toAbsolutePath().toUri().toString();
		VideoAnnotator.Result r = run(video, uri, outDir, item.stem, engines, options, videoOptions, (frames, t, duration) -> {
			log.progress(duration > 0 ? (t - videoOptions.startSec) / duration : 0);
			if (detail != null)
				detail.update(frames, t, duration);
		}, cancelled, notes);
		if (detail != null)
			detail.update(r.frames, videoOptions.startSec + r.durationSec, r.durationSec);
		if (r.note != null)
			notes.add(0, r.note);
		String line = AnnotateOptions.describe(r) + (notes.isEmpty() ? "" : "; note: " + String.join("; ", notes));
		return r.warning == null ? line : line + "; warning: " + r.warning + " (the frames that decoded are in the outputs)";
	}
}
