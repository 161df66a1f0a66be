package org.faceemotion.imagej;

import java.io.File;

import ij.IJ;
import ij.gui.GenericDialog;
import ij.plugin.PlugIn;

import org.faceemotion.core.classify.Prior;
import org.faceemotion.core.detect.DetectorKind;

/**
 * ImageJ 1.x menu entry for Live (macro keys: camera, video_file, detector, prior, max_frames, detection_interval). Without
 * a display it processes the source without a window and shows the results table.
 */
public final class LivePlugin implements PlugIn {
	@Override
	public void run(String arg) {
		GenericDialog gd = new GenericDialog("Face Emotion Live");
		gd.addNumericField("camera", -1, 0, 3, "(-1: first that works)");
		gd.addFileField("video_file", "");
		gd.addChoice("detector", DetectorKind.ids(), DetectorKind.BLAZEFACE_FULL.id);
		gd.addChoice("prior", Prior.ids(), Prior.EVERYDAY.id());
		gd.addNumericField("max_frames", 0, 0, 6, "(without a display; 0: end of the file)");
		gd.addNumericField("detection_interval", org.faceemotion.core.pipeline.LivePipeline.DEFAULT_DETECT_EVERY, 0, 3, "(detect faces on every Nth frame; 1: every frame)");
		gd.showDialog();
		if (gd.wasCanceled())
			return;
		int camera = (int) gd.getNextNumber();
		String file = gd.getNextString();
		String detector = gd.getNextChoice();
		String prior = gd.getNextChoice();
		long maxFrames = (long) gd.getNextNumber();
		int detectEvery = (int) gd.getNextNumber();
		File video = file.isEmpty() ? null : new File(file);
		try {
			if (java.awt.GraphicsEnvironment.isHeadless()) {
				java.util.List<org.faceemotion.core.model.FrameResult> frames = new java.util.ArrayList<>();
				String summary = LiveViewCommand.runHeadless(camera, video, detector, prior, detectEvery, maxFrames, frames);
				ImageAnnotation.table(frames).show(ImageAnnotation.TABLE_TITLE);
				IJ.log(summary);
			} else {
				LiveViewCommand.start(camera, video, detector, prior, detectEvery);
			}
		} catch (Exception e) {
			IJ.error("Face Emotion Live", e.getMessage());
		}
	}
}
