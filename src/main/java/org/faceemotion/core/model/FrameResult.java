package org.faceemotion.core.model;

import java.util.List;

/** All faces of one frame of one source. {@code frame} is 0-based; {@code timeSec} 0 where there is no time axis. */
public final class FrameResult {
	public final String source;
	public final int frame;
	public final double timeSec;
	public final List<FaceResult> faces;

	public FrameResult(String source, int frame, double timeSec, List<FaceResult> faces) {
		this.source = source;
		this.frame = frame;
		this.timeSec = timeSec;
		this.faces = List.copyOf(faces);
	}
}
