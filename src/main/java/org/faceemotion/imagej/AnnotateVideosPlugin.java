package org.faceemotion.imagej;

import java.io.File;
import java.nio.file.Path;
import java.util.List;

import ij.IJ;
import ij.gui.GenericDialog;
import ij.plugin.PlugIn;

import org.faceemotion.batch.AnnotateOptions;
import org.faceemotion.batch.Item;
import org.faceemotion.batch.Logger;
import org.faceemotion.core.classify.Prior;
import org.faceemotion.core.detect.DetectorKind;

/** ImageJ 1.x menu entry for Annotate Videos (macro keys: input, output_folder, detector, score_threshold, min_face_size, prior, every, annotated_video, resume, events, event_window, event_baseline, person_baseline, quality_min_face, quality_min_sharpness, quality_max_roll, quality_max_yaw, count_all_rows, min_track, detection_interval, labels; person_baseline and detection_interval rather than baseline and detect_every, which ImageJ would find inside event_baseline and every). */
public final class AnnotateVideosPlugin implements PlugIn {
	@Override
	public void run(String arg) {
		AnnotateOptions o = new AnnotateOptions();
		GenericDialog gd = new GenericDialog("Annotate Videos");
		gd.addFileField("input", "");
		gd.addDirectoryField("output_folder", "");
		gd.addChoice("detector", DetectorKind.ids(), o.detector);
		gd.addNumericField("score_threshold", o.scoreThreshold, 2);
		gd.addNumericField("min_face_size", o.minFace, 0);
		gd.addChoice("prior", Prior.ids(), o.prior);
		gd.addNumericField("every", o.every, 0);
		gd.addCheckbox("annotated_video", o.annotatedVideo);
		gd.addCheckbox("resume", true);
		gd.addFileField("events", "");
		gd.addNumericField("event_window", o.eventWindow, 1);
		gd.addNumericField("event_baseline", o.eventBaseline, 1);
		gd.addStringField("person_baseline", "");
		gd.addNumericField("quality_min_face", o.qualityMinFace, 0);
		gd.addNumericField("quality_min_sharpness", o.qualityMinSharpness, 2);
		gd.addNumericField("quality_max_roll", o.qualityMaxRoll, 0);
		gd.addNumericField("quality_max_yaw", o.qualityMaxYaw, 0);
		gd.addCheckbox("count_all_rows", o.countAllRows);
		gd.addNumericField("min_track", o.minTrack, 2);
		gd.addNumericField("detection_interval", o.detectEvery, 0);
		gd.addChoice("labels", org.faceemotion.core.classify.Labels.ids(), o.labels);
		gd.showDialog();
		if (gd.wasCanceled())
			return;
		String input = gd.getNextString(), output = gd.getNextString();
		if (input.isEmpty() || output.isEmpty()) {
			IJ.error("Annotate Videos", "Choose the videos (a file or a folder) and an output folder.");
			return;
		}
		o.detector = gd.getNextChoice();
		o.scoreThreshold = gd.getNextNumber();
		o.minFace = gd.getNextNumber();
		o.prior = gd.getNextChoice();
		o.every = (int) gd.getNextNumber();
		o.annotatedVideo = gd.getNextBoolean();
		o.resume = gd.getNextBoolean();
		String events = gd.getNextString().trim();
		o.events = events.isEmpty() ? null : events;
		o.eventWindow = gd.getNextNumber();
		o.eventBaseline = gd.getNextNumber();
		String baseline = gd.getNextString().trim();
		o.baseline = baseline.isEmpty() ? null : baseline;
		o.qualityMinFace = gd.getNextNumber();
		o.qualityMinSharpness = gd.getNextNumber();
		o.qualityMaxRoll = gd.getNextNumber();
		o.qualityMaxYaw = gd.getNextNumber();
		o.countAllRows = gd.getNextBoolean();
		o.minTrack = gd.getNextNumber();
		o.detectEvery = (int) gd.getNextNumber();
		o.labels = gd.getNextChoice();
		IJ.resetEscape();
		try {
			Path out = new File(output).toPath();
			List<Item> done = AnnotateVideos.run(List.of(new File(input).toPath()), out, o, IJ::escapePressed,
					Logger.of(IJ::log, IJ::log, IJ::showProgress));
			IJ.showProgress(1.0);
			if (!done.isEmpty() && !java.awt.GraphicsEnvironment.isHeadless())
				AnnotateVideos.showFirst(out, done.get(0));
		} catch (java.io.IOException | IllegalArgumentException e) {
			IJ.error("Annotate Videos", e.getMessage());
		}
	}
}
