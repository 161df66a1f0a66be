package org.faceemotion.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

import org.faceemotion.imagej.FaceEmotionImageJ;

import ij.IJ;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "imagej", mixinStandardHelpOptions = true,
		description = "Open ImageJ with the Plugins > Face Emotion menu (and optionally some images).")
public final class ImageJCommand implements Callable<Integer> {
	@Parameters(arity = "0..*", paramLabel = "IMAGE")
	List<Path> images;

	@Override
	public Integer call() throws Exception {
		if (java.awt.GraphicsEnvironment.isHeadless()) {
			System.err.println("error: no display; ImageJ's window needs one (on a server, run under xvfb-run)");
			return 2;
		}
		FaceEmotionImageJ.open(ij.ImageJ.STANDALONE);
		if (images != null)
			for (Path p : images)
				IJ.open(p.toString());
		// ImageJ's window keeps the JVM alive; quitting ImageJ exits
		Thread.currentThread().join();
		return 0;
	}
}
