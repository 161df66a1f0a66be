package org.faceemotion.imagej;

import java.io.File;
import java.nio.file.Path;

import ij.IJ;
import ij.gui.GenericDialog;
import ij.plugin.PlugIn;

import org.faceemotion.batch.AnnotateOptions;

/**
 * ImageJ 1.x menu entry for Review Results (macro keys: table, video, events, person_baseline): a
 * video's results opened for review and correction ({@link ReviewResults}).
 */
public final class ReviewResultsPlugin implements PlugIn {
	@Override
	public void run(String arg) {
		GenericDialog gd = new GenericDialog("Review Results");
		gd.addFileField("table", "");
		gd.addFileField("video", "");
		gd.addMessage("video: empty to use the one the table was made from (its -run.json)");
		gd.addFileField("events", "");
		gd.addStringField("person_baseline", "");
		gd.showDialog();
		if (gd.wasCanceled())
			return;
		String table = gd.getNextString().trim(), video = gd.getNextString().trim(), events = gd.getNextString().trim(),
				baseline = gd.getNextString().trim();
		if (table.isEmpty()) {
			IJ.error("Review Results", "Choose a results table (<name>.csv) written by Annotate Videos or the command line.");
			return;
		}
		try {
			ReviewResults.open(new File(table).toPath(), video.isEmpty() ? null : Path.of(video), options(events, baseline));
		} catch (java.io.IOException | RuntimeException e) {
			IJ.error("Review Results", e.getMessage());
		}
	}

	static AnnotateOptions options(String events, String baseline) {
		AnnotateOptions o = new AnnotateOptions();
		o.events = events == null || events.isEmpty() ? null : events;
		o.baseline = baseline == null || baseline.isEmpty() ? null : baseline;
		o.reportOptions(); // a bad baseline is refused here, before anything opens
		return o;
	}
}
