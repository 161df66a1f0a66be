package org.faceemotion.io.video;

import java.nio.ByteBuffer;
import java.nio.file.Path;

import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.FrameRecorder;
import org.opencv.core.Mat;

/** Encodes 8-bit BGR frames to a video file through FFmpeg (MPEG-4 part 2 in .mp4 by default; the container follows the extension). */
public final class AnnotatedVideoWriter implements AutoCloseable {
	private final FFmpegFrameRecorder recorder;
	private final Frame frame;
	private final byte[] row;
	private final Path file;

	public AnnotatedVideoWriter(Path file, int width, int height, double fps, int codec) {
		this.file = file;
		recorder = new FFmpegFrameRecorder(file.toFile(), width, height, 0);
		recorder.setVideoCodec(codec);
		recorder.setFrameRate(fps > 0 ? fps : 25);
		recorder.setVideoQuality(4);
		recorder.setPixelFormat(codec == avcodec.AV_CODEC_ID_MJPEG ? org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUVJ420P
				: org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUV420P);
		try {
			recorder.start();
		} catch (FrameRecorder.Exception e) {
			throw new VideoDecodeException(file + ": cannot start the video encoder (" + e.getMessage() + ")", e);
		}
		frame = new Frame(width, height, Frame.DEPTH_UBYTE, 3);
		row = new byte[width * 3];
	}

	public AnnotatedVideoWriter(Path file, int width, int height, double fps) {
		this(file, width, height, fps, avcodec.AV_CODEC_ID_MPEG4);
	}

	public void write(Mat bgr, double timeSec) {
		ByteBuffer buf = (ByteBuffer) frame.image[0];
		int w = frame.imageWidth, h = frame.imageHeight, stride = frame.imageStride;
		for (int y = 0; y < h; y++) {
			bgr.get(y, 0, row);
			buf.position(y * stride);
			buf.put(row, 0, w * 3);
		}
		buf.position(0);
		try {
			long ts = Math.round(timeSec * 1e6);
			if (ts > recorder.getTimestamp())
				recorder.setTimestamp(ts);
			recorder.record(frame);
		} catch (FrameRecorder.Exception e) {
			throw new VideoDecodeException(file + ": encoding failed at " + timeSec + " s (" + why(e) + ")", e);
		}
	}

	@Override
	public void close() {
		try {
			recorder.stop();
			recorder.release();
		} catch (FrameRecorder.Exception e) {
			throw new VideoDecodeException(file + ": cannot finish the video (" + why(e) + ")", e);
		}
	}

	/** FFmpeg's error numbers in words: -28 is ENOSPC, -13 EACCES. */
	static String why(Exception e) {
		String m = String.valueOf(e.getMessage());
		if (m.matches("(?s).*error -28\\b.*"))
			return "no space left on the device";
		if (m.matches("(?s).*error -13\\b.*"))
			return "permission denied";
		return m;
	}
}
