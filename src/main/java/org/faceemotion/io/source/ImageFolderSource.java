package org.faceemotion.io.source;

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

/**
 * A folder of images (sorted by name) played as a camera at a fixed frame rate, paced or as fast
 * as asked, optionally looped. A file that cannot be read is skipped and reported
 * ({@link #skipped()}), never the end of the stream.
 */
public final class ImageFolderSource implements FrameSource {
	@Override
	public boolean unrelatedFrames() {
		return true;
	}

	private final Path folder;
	private final List<Path> files;
	private final double fps;
	private final boolean pace, loop;
	private final int[] size;
	private final Pacer pacer = new Pacer();
	private int frames, position;
	private final java.util.Set<String> skipped = new java.util.LinkedHashSet<>();

	public ImageFolderSource(Path folder, double fps, boolean pace, boolean loop) {
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
		Mat first = null;
		for (Path f : files)
			if ((first = readOrSkip(f)) != null)
				break;
		if (first == null)
			throw new IllegalArgumentException(folder + ": none of its " + files.size() + " image files can be read (" + skipped.iterator().next() + ")");
		size = new int[] { first.cols(), first.rows() };
		first.release();
		skipped.clear();
	}

	private Mat readOrSkip(Path f) {
		try {
			return GrayImages.read(f);
		} catch (IllegalArgumentException e) {
			skipped.add(e.getMessage());
			return null;
		}
	}

	/** The files skipped so far, each with the reason. */
	@Override
	public List<String> skipped() {
		return new java.util.ArrayList<>(skipped);
	}

	@Override
	public VideoFrame read() {
		Mat image = null;
		while (image == null) {
			if (position >= files.size() && (!loop || frames == 0))
				return null;
			Path f = files.get(position++ % files.size());
			image = readOrSkip(f);
		}
		double t = frames / fps;
		if (pace && !pacer.waitFor(t)) {
			image.release();
			return null;
		}
		return new VideoFrame(GrayImages.toBgr8(image), frames, t, frames++);
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
