package org.faceemotion.core.pipeline;

import org.faceemotion.core.model.VideoFrame;

/** A live source of frames: a camera, or a file played as if it were one. */
public interface FrameSource extends AutoCloseable {
	/** The next frame (blocking), or null when the source has ended or was unplugged. */
	VideoFrame read();

	/** What the source is, for titles and messages. */
	String describe();

	/** Width and height of the frames. */
	int[] size();

	/** Frames per second the source delivers (0 if unknown). */
	double frameRate();

	/** Parts of the source that could not be read and were skipped (e.g. bad files of an image folder), each with the reason. */
	/** Whether its frames are unrelated pictures (a folder of photos), whose faces are never carried from one to the next. */
	default boolean unrelatedFrames() {
		return false;
	}

	default java.util.List<String> skipped() {
		return java.util.List.of();
	}

	@Override
	void close();
}
