package org.faceemotion.imagej;

import java.util.List;

import ij.ImagePlus;
import ij.gui.Roi;
import ij.plugin.frame.RoiManager;

/** Adds face ROIs to the ROI Manager (a window: never in headless mode). */
final class RoiManagers {
	private RoiManagers() {
	}

	static void add(ImagePlus imp, List<Roi> rois) {
		RoiManager rm = RoiManager.getRoiManager();
		for (Roi r : rois)
			rm.add((Roi) r.clone(), -1);
		rm.runCommand("Show All with labels");
	}
}
