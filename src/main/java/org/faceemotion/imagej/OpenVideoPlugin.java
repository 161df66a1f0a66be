package org.faceemotion.imagej;

import ij.IJ;
import ij.ImagePlus;
import ij.gui.GenericDialog;
import ij.plugin.PlugIn;

import org.faceemotion.io.video.VideoDecodeException;

/**
 * ImageJ 1.x menu entry: open a video file as a time series, virtual when larger than
 * {@code max_memory_mb} (macro keys {@code video}, {@code max_memory_mb}, as in the Fiji command).
 */
public final class OpenVideoPlugin implements PlugIn {
	@Override
	public void run(String arg) {
		GenericDialog gd = new GenericDialog("Open Video as Stack");
		gd.addFileField("video", "");
		gd.addNumericField("max_memory_mb", 1024, 0, 6, "MB (larger videos open as virtual stacks)");
		gd.showDialog();
		if (gd.wasCanceled())
			return;
		String video = gd.getNextString();
		long maxMb = (long) Math.max(0, gd.getNextNumber());
		if (video.isEmpty()) {
			IJ.error("Open Video as Stack", "Choose a video file.");
			return;
		}
		try {
			ImagePlus imp = VideoStacks.open(java.nio.file.Path.of(video), maxMb * 1024L * 1024L);
			imp.show();
		} catch (VideoDecodeException | IllegalArgumentException e) {
			IJ.error("Open Video as Stack", e.getMessage());
		}
	}
}
