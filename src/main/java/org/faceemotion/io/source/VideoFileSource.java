package org.faceemotion.io.source;

import org.faceemotion.core.pipeline.FrameSource;
import java.nio.file.Path;

import org.faceemotion.io.video.FfmpegVideoSource;
import org.faceemotion.core.model.VideoFrame;

/**
 * A video file played as if it were a camera: with pacing, frames come at the video's own rate
 * (a slow consumer then misses frames, as with a camera); without, as fast as they are asked for.
 * Optionally loops, with time continuing across loops.
 */
public final class VideoFileSource implements FrameSource {
	private final Path file;
	private final boolean pace, loop;
	private FfmpegVideoSource video;
	private final Pacer pacer = new Pacer();
	private double offset, lastTime;
	private int frames;

	public VideoFileSource(Path file, boolean pace, boolean loop) {
		this.file = file;
		this.pace = pace;
		this.loop = loop;
		this.video = open(file);
	}

	/** Live analyses with one engine: one decoder thread (FfmpegVideoSource.decoderThreads). */
	private static FfmpegVideoSource open(Path file) {
		return new FfmpegVideoSource(file, 0, Double.POSITIVE_INFINITY, 1, FfmpegVideoSource.decoderThreads(1));
	}

	@Override
	public synchronized VideoFrame read() {
		VideoFrame f = video.next();
		if (f == null && loop && frames > 0) {
			video.close();
			offset = lastTime + 1 / Math.max(1, frameRate());
			video = open(file);
			f = video.next();
		}
		if (f == null)
			return null;
		double t = offset + f.timeSec;
		lastTime = t;
		if (pace && !pacer.waitFor(t))
			return null;
		return new VideoFrame(f.bgr, frames, t, frames++);
	}

	@Override
	public String describe() {
		return file.getFileName().toString();
	}

	@Override
	public int[] size() {
		return new int[] { video.width(), video.height() };
	}

	@Override
	public double frameRate() {
		return video.frameRate();
	}

	@Override
	public synchronized void close() {
		video.close();
	}
}
