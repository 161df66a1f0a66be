package org.faceemotion.imagej;

import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BooleanSupplier;

import org.faceemotion.batch.AnnotateOptions;
import org.faceemotion.batch.Provenance;
import org.faceemotion.io.video.FfmpegVideoSource;

import org.faceemotion.batch.BatchRunner;
import org.faceemotion.batch.Item;
import org.faceemotion.batch.Logger;
import org.faceemotion.batch.VideoJob;
import org.faceemotion.core.pipeline.EnginePool;
import org.faceemotion.io.OutputLayout;
import org.faceemotion.io.video.VideoAnnotator;

/**
 * Annotating one input of a batch, for the command line, Fiji and the Spark job alike: images
 * (and stacks) through ImageJ as Annotate Faces reads them, videos through FFmpeg; then the
 * input's provenance ({@code <name>-run.json}), last, so that it exists only beside whole outputs.
 */
public final class InputAnnotator implements BatchRunner.InputJob {
	private final EnginePool engines;
	private final AnnotateOptions options;
	private final VideoAnnotator.Options video;
	private final BooleanSupplier cancelled;
	private final VideoAnnotator.Progress detail;

	/** {@code detail}: frames and times of each video as it runs (a progress bar), or null. */
	public InputAnnotator(EnginePool engines, AnnotateOptions options, VideoAnnotator.Options video, BooleanSupplier cancelled,
			VideoAnnotator.Progress detail) {
		this.engines = engines;
		this.options = options;
		this.video = video;
		this.cancelled = cancelled;
		this.detail = detail;
	}

	@Override
	public String run(Item item, Path input, Path outDir, Logger log) throws Exception {
		Instant start = Instant.now();
		String line = item.video() ? VideoJob.run(item, input, outDir, engines, options, video, log, detail, cancelled)
				: ImageFileJob.run(input, outDir.resolve(item.table()), outDir.resolve(OutputLayout.annotatedImage(item.stem, item.kind)),
						engines.primary());
		provenance().input(item.input, input, details(item, input)).times(start, Instant.now()).outputs(item.outputs)
				.write(outDir.resolve(OutputLayout.run(item.stem)));
		return line;
	}

	/** The run's provenance without its input: program, model, settings, system. */
	public Provenance provenance() {
		return new Provenance(options, engines.config(), engines.primary().classifierInfo(), engines.primary().detectorRuntime());
	}

	/** What the input is: a video's duration, frame rate, geometry and codec; an image's size from its header. */
	static Map<String, Object> details(Item item, Path input) {
		Map<String, Object> d = new LinkedHashMap<>();
		d.put("kind", item.kind.name().toLowerCase(java.util.Locale.ROOT));
		if (item.video()) {
			try (FfmpegVideoSource s = new FfmpegVideoSource(input, 0, Double.POSITIVE_INFINITY, 1)) {
				d.put("duration_s", s.durationSec());
				d.put("frame_rate", s.frameRate());
				d.put("width", s.width());
				d.put("height", s.height());
				d.put("rotation", s.rotation());
				d.put("codec", s.codec());
			}
		} else {
			long[] size = ImageReader.headerSize(input);
			if (size != null) {
				d.put("width", size[0]);
				d.put("height", size[1]);
			}
		}
		return d;
	}
}
