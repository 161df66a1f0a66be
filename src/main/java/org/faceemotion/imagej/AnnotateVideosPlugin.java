package org.faceemotion.imagej;

import java.io.File;
import java.nio.file.Path;
import java.util.List;

import ij.IJ;
import ij.gui.GenericDialog;
import ij.plugin.PlugIn;

import org.faceemotion.core.detect.DetectorKind;
import org.faceemotion.core.pipeline.EngineConfig;
import org.faceemotion.io.video.VideoAnnotator;

/** ImageJ 1.x menu entry for Annotate Videos (macro keys: input, output_folder, detector, score_threshold, every, annotated_video, resume). */
public final class AnnotateVideosPlugin implements PlugIn {
	@Override
	public void run(String arg) {
		GenericDialog gd = new GenericDialog("Annotate Videos");
		gd.addFileField("input", "");
		gd.addDirectoryField("output_folder", "");
		gd.addChoice("detector", DetectorKind.ids(), DetectorKind.BLAZEFACE_FULL.id);
		gd.addNumericField("score_threshold", 0.5, 2);
		gd.addNumericField("every", 1, 0);
		gd.addCheckbox("annotated_video", false);
		gd.addCheckbox("resume", true);
		gd.showDialog();
		if (gd.wasCanceled())
			return;
		String input = gd.getNextString(), output = gd.getNextString();
		if (input.isEmpty() || output.isEmpty()) {
			IJ.error("Annotate Videos", "Choose the videos (a file or a folder) and an output folder.");
			return;
		}
		String detector = gd.getNextChoice();
		double score = gd.getNextNumber();
		VideoAnnotator.Options o = new VideoAnnotator.Options();
		o.every = (int) Math.max(1, gd.getNextNumber());
		o.annotatedVideo = gd.getNextBoolean();
		boolean resume = gd.getNextBoolean();
		IJ.resetEscape();
		try {
			Path out = new File(output).toPath();
			List<Path> done = VideoBatchRunner.run(List.of(new File(input).toPath()), out, EngineConfig.of(detector, score, 12, false), o, resume,
					(i, n, frac) -> IJ.showProgress((i + frac) / n), IJ::escapePressed, IJ::log);
			IJ.showProgress(1.0);
			if (!done.isEmpty() && !java.awt.GraphicsEnvironment.isHeadless())
				VideoBatchRunner.showFirst(out, done.get(0));
		} catch (java.io.IOException | IllegalArgumentException e) {
			IJ.error("Annotate Videos", e.getMessage());
		}
	}
}
