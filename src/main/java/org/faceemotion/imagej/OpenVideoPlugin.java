package org.faceemotion.imagej;

import ij.IJ;
import ij.ImagePlus;
import ij.io.OpenDialog;
import ij.plugin.PlugIn;

import org.faceemotion.io.video.VideoDecodeException;

/** ImageJ 1.x menu entry: open a video file as a time series (virtual above 1 GB). */
public final class OpenVideoPlugin implements PlugIn {
	@Override
	public void run(String arg) {
		OpenDialog od = new OpenDialog("Open Video as Stack");
		if (od.getPath() == null)
			return;
		try {
			ImagePlus imp = VideoStacks.open(java.nio.file.Path.of(od.getPath()), 1024L * 1024 * 1024);
			imp.show();
		} catch (VideoDecodeException e) {
			IJ.error("Open Video as Stack", e.getMessage());
		}
	}
}
