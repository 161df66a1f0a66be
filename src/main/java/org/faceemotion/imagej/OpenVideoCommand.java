package org.faceemotion.imagej;

import java.io.File;

import ij.ImagePlus;

import org.faceemotion.io.video.VideoDecodeException;
import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.command.ContextCommand;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

/** Fiji menu entry: a video file as an ImageJ time series (virtual when larger than the memory limit). */
@Plugin(type = Command.class, menuPath = "Plugins>Face Emotion>Open Video as Stack...", headless = true)
public final class OpenVideoCommand extends ContextCommand {
	@Parameter(label = "Video file", style = "open")
	private File video;
	@Parameter(label = "Load into memory up to (MB)", min = "0")
	private int max_memory_mb = 1024;
	@Parameter(type = ItemIO.OUTPUT)
	private ImagePlus stack;

	@Override
	public void run() {
		try {
			stack = VideoStacks.open(video.toPath(), max_memory_mb * 1024L * 1024L);
		} catch (VideoDecodeException e) {
			cancel(e.getMessage());
		}
	}
}
