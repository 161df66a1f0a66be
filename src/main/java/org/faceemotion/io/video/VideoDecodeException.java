package org.faceemotion.io.video;

/** A video that cannot be opened or stops decoding; the message names the file and, where known, the time. */
public final class VideoDecodeException extends RuntimeException {
	private static final long serialVersionUID = 1L;

	public VideoDecodeException(String message, Throwable cause) {
		super(message, cause);
	}
}
