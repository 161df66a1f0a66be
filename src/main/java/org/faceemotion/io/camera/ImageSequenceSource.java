package org.faceemotion.io.camera;

import org.faceemotion.core.pipeline.FrameSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.faceemotion.core.image.GrayImages;
import org.faceemotion.io.ImageFiles;
import org.faceemotion.core.model.VideoFrame;
import org.opencv.core.Mat;

/** A folder of images (sorted by name) played as a camera at a fixed frame rate, paced or as fast as asked, optionally looped. */
public final class ImageSequenceSource implements FrameSource {
	private final Path folder;
	private final List<Path> files;
	private final double fps;
	private final boolean pace, loop;
	private final int[] size;
	private final Pacer pacer = new Pacer();
	private int frames;

	public ImageSequenceSource(Path folder, double fps, boolean pace, boolean loop) {
		this.folder = folder;
		try (Stream<Path> s = Files.list(folder)) {
			files = s.filter(Files::isRegularFile).filter(ImageFiles::isImage).sorted().collect(Collectors.toList());
		} catch (IOException e) {
			throw new IllegalArgumentException(folder + ": cannot list folder (" + e.getMessage() + ")", e);
		}
		if (files.isEmpty())
			throw new IllegalArgumentException(folder + ": no image files to play");
		this.fps = fps > 0 ? fps : 25;
		this.pace = pace;
		this.loop = loop;
		Mat first = GrayImages.read(files.get(0));
		size = new int[] { first.cols(), first.rows() };
		first.release();
	}

	@Override
	public VideoFrame read() {
		if (frames >= files.size() && !loop)
			return null;
		double t = frames / fps;
		if (pace && !pacer.waitFor(t))
			return null;
		Mat m = GrayImages.toBgr8(GrayImages.read(files.get(frames % files.size())));
		return new VideoFrame(m, frames, t, frames++);
	}

	@Override
	public String describe() {
		return folder.getFileName().toString();
	}

	@Override
	public int[] size() {
		return size.clone();
	}

	@Override
	public double frameRate() {
		return fps;
	}

	@Override
	public void close() {
		// nothing held open between frames
	}
}
