package org.faceemotion.core.model;

import org.opencv.core.Mat;

/** A decoded frame: 8-bit BGR pixels, its 0-based index in the stream and its presentation time from the container. */
public final class VideoFrame {
	public final Mat bgr;
	public final int index;
	public final double timeSec;
	/** Position among the frames returned (differs from {@code index} with --every or --start). */
	public final int seq;

	public VideoFrame(Mat bgr, int index, double timeSec, int seq) {
		this.bgr = bgr;
		this.index = index;
		this.timeSec = timeSec;
		this.seq = seq;
	}
}
