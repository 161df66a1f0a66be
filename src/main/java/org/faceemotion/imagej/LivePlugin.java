package org.faceemotion.imagej;

import java.io.File;

import ij.IJ;
import ij.gui.GenericDialog;
import ij.plugin.PlugIn;

import org.faceemotion.core.detect.DetectorKind;

/** ImageJ 1.x menu entry for Live (macro keys: camera, video_file, detector). */
public final class LivePlugin implements PlugIn {
	@Override
	public void run(String arg) {
		GenericDialog gd = new GenericDialog("Face Emotion Live");
		gd.addNumericField("camera", -1, 0, 3, "(-1: first that works)");
		gd.addFileField("video_file", "");
		gd.addChoice("detector", DetectorKind.ids(), DetectorKind.BLAZEFACE_FULL.id);
		gd.showDialog();
		if (gd.wasCanceled())
			return;
		int camera = (int) gd.getNextNumber();
		String file = gd.getNextString();
		try {
			LiveCommand.LiveStarter.start(camera, file.isEmpty() ? null : new File(file), gd.getNextChoice());
		} catch (Exception e) {
			IJ.error("Face Emotion Live", e.getMessage());
		}
	}
}
