package org.faceemotion.imagej;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.function.BooleanSupplier;

import ij.IJ;
import ij.measure.ResultsTable;

import org.faceemotion.batch.AnnotateOptions;
import org.faceemotion.batch.BatchPlan;
import org.faceemotion.batch.BatchReport;
import org.faceemotion.batch.BatchRunner;
import org.faceemotion.batch.Item;
import org.faceemotion.batch.LocalStore;
import org.faceemotion.batch.Logger;
import org.faceemotion.core.pipeline.EnginePool;
import org.faceemotion.io.OutputLayout;

/** Annotate Videos, for its Fiji command and its ImageJ 1.x plugin: the batch of the command line over video files only, then the first result shown. */
final class AnnotateVideos {
	private AnnotateVideos() {
	}

	/** Runs the batch; returns the finished videos (complete ones of an earlier run included), in order. */
	static List<Item> run(List<Path> inputs, Path out, AnnotateOptions options, BooleanSupplier cancelled, Logger log) throws IOException {
		options.check();
		BatchPlan plan = BatchPlan.local(inputs, out, BatchPlan.Kinds.VIDEOS, options.annotatedVideo, options.events != null);
		plan.skipped.forEach(m -> log.log("left out: " + m));
		LocalStore store = LocalStore.prepare(out);
		BatchReport r;
		try (EnginePool engines = options.engines()) {
			if (!plan.items.isEmpty())
				engines.readyForVideo();
			// several videos at once when there are more videos than one video's workers can use
			List<BatchRunner.InputJob> lanes = new java.util.ArrayList<>();
			for (EnginePool lane : engines.lanes(options.lanes(plan.items.size())))
				lanes.add(new InputAnnotator(lane, options, options.videoOptions(), cancelled, null));
			log.log(((InputAnnotator) lanes.get(0)).provenance().summary());
			if (lanes.size() > 1)
				log.log(lanes.size() + " videos at once, " + options.workers + " workers shared among them");
			r = BatchRunner.run(plan, options.policy(), store, lanes, cancelled, log);
		}
		log.log(r.summary(out.toString()));
		if (!r.failed.isEmpty())
			log.log(r.failed.size() + " video(s) failed or were refused; see above");
		return r.finishedItems(plan);
	}

	/**
	 * Opens the results table, the summary, the timeline and the probability traces of a finished
	 * video, and its event table and plot when it has them (not in headless mode).
	 */
	static void showFirst(Path outDir, Item video) {
		Path table = outDir.resolve(video.table());
		String source = Path.of(video.input).getFileName().toString();
		try {
			ResultsTable rt = ResultsTable.open(table.toString());
			rt.show(ImageAnnotation.TABLE_TITLE);
			FaceEmotionReports.timeline(rt, source).show();
			java.util.List<org.faceemotion.core.pipeline.ResultRow> rows = org.faceemotion.core.pipeline.ResultsCsv.read(table);
			Path events = outDir.resolve(OutputLayout.events(video.stem));
			FaceEmotionReports.traces(rows, source, java.nio.file.Files.exists(events) ? onsets(events) : java.util.List.of()).show();
		} catch (IOException | IllegalArgumentException e) {
			IJ.log("cannot open " + table + ": " + e.getMessage());
		}
		Path summary = outDir.resolve(OutputLayout.summary(video.stem));
		try {
			ResultsTable.open(summary.toString()).show(FaceEmotionReports.SUMMARY_TITLE);
		} catch (IOException e) {
			IJ.log("cannot open " + summary + ": " + e.getMessage());
		}
		Path events = outDir.resolve(OutputLayout.events(video.stem));
		if (java.nio.file.Files.exists(events)) {
			try {
				ResultsTable.open(events.toString()).show(FaceEmotionReports.EVENTS_TITLE);
			} catch (IOException e) {
				IJ.log("cannot open " + events + ": " + e.getMessage());
			}
			ij.ImagePlus plot = IJ.openImage(outDir.resolve(OutputLayout.eventsPlot(video.stem)).toString());
			if (plot != null)
				plot.show();
		}
	}

	/** The event onsets of an events table (one per event), for the marks on the traces. */
	static java.util.List<double[]> onsets(Path eventsTable) throws IOException {
		java.util.Map<String, double[]> byEvent = new java.util.LinkedHashMap<>();
		ResultsTable rt = ResultsTable.open(eventsTable.toString());
		for (int r = 0; r < rt.size(); r++)
			byEvent.putIfAbsent(rt.getStringValue("event", r), new double[] { rt.getValue("onset_s", r) });
		return new java.util.ArrayList<>(byEvent.values());
	}
}
