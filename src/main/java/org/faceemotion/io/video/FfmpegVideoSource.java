package org.faceemotion.io.video;

import org.faceemotion.core.model.VideoFrame;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.FrameGrabber;
import org.faceemotion.core.image.OpenCv;
import org.opencv.core.CvType;
import org.opencv.core.Mat;

/**
 * Streams the frames of a video file through FFmpeg (JavaCV): any container and codec of the
 * bundled FFmpeg build, timestamps from the container (variable frame rate is fine), one frame in
 * memory at a time. A stream that stops early is reported with the file and the time where it
 * stopped.
 */
public final class FfmpegVideoSource implements AutoCloseable {
	static {
		avutil.av_log_set_level(avutil.AV_LOG_FATAL); // failures are reported in words by this class, not as raw FFmpeg lines
	}

	private final Path file;
	private final FFmpegFrameGrabber grabber;
	private final double endSec;
	private final int every;
	private int index = -1, returned;
	private double lastTime = -1;
	private boolean ended;
	/** Clockwise rotation (0, 90, 180, 270) that shows the frames as players do (the stream's display matrix). */
	private final int rotation;
	private final double startSec;
	/** The first frame's stored size and the size it is shown at (pixel aspect applied), before rotation. */
	private int storedW, storedH, shownW, shownH;
	private String geometryNote;
	/** After a seek the first frame's index in the stream is not known until it is counted. */
	private boolean seeked;

	/**
	 * Opens {@code file}; frames before {@code startSec} are skipped (by seeking), decoding stops at
	 * {@code endSec} (infinite: the end), and only every {@code every}-th frame is returned.
	 */
	public FfmpegVideoSource(Path file, double startSec, double endSec, int every) {
		this(file, startSec, endSec, every, 0);
	}

	/**
	 * The same with {@code decoderThreads} threads for FFmpeg's decoder (0: FFmpeg's choice, about
	 * one per core; see {@link #decoderThreads(int)}).
	 */
	public FfmpegVideoSource(Path file, double startSec, double endSec, int every, int decoderThreads) {
		OpenCv.load();
		if (!Files.exists(file))
			throw new VideoDecodeException(file + ": no such file", null);
		if (!Files.isRegularFile(file))
			throw new VideoDecodeException(file + ": not a regular file (a folder, FIFO, device or socket)", null);
		if (!Files.isReadable(file))
			throw new VideoDecodeException(file + ": cannot be read (permission denied)", null);
		try {
			if (Files.size(file) == 0)
				throw new VideoDecodeException(file + ": the file is empty (0 bytes)", null);
		} catch (java.io.IOException e) {
			throw new VideoDecodeException(file + ": cannot be read (" + e.getMessage() + ")", e);
		}
		if (every < 1)
			throw new IllegalArgumentException("every must be >= 1, got " + every);
		this.file = file;
		this.startSec = startSec;
		this.endSec = endSec;
		this.every = every;
		grabber = new FFmpegFrameGrabber(file.toFile());
		grabber.setPixelFormat(avutil.AV_PIX_FMT_BGR24);
		if (decoderThreads > 0)
			grabber.setVideoOption("threads", Integer.toString(decoderThreads));
		try {
			grabber.start();
		} catch (FrameGrabber.Exception | RuntimeException e) {
			closeQuietly();
			throw new VideoDecodeException(file + ": not a video FFmpeg can read: damaged, cut off before its index was written, or not a video ("
					+ e.getMessage() + ")", e);
		}
		if (grabber.getVideoStream() < 0 || grabber.getImageWidth() <= 0) {
			closeQuietly();
			throw new VideoDecodeException(file + ": holds no video stream", null);
		}
		rotation = displayRotation(grabber);
		storedW = grabber.getImageWidth();
		storedH = grabber.getImageHeight();
		double sar = grabber.getAspectRatio();
		// non-square pixels (anamorphic video): shown wider or narrower than stored, as players show it
		shownW = sar > 0 && Math.abs(sar - 1) > 0.01 ? (int) Math.round(storedW * sar) : storedW;
		shownH = storedH;
		if (shownW != storedW)
			geometryNote = String.format(Locale.ROOT, "pixel aspect %.3f: frames of %dx%d are analysed at %dx%d, as players show them", sar, storedW,
					storedH, shownW, shownH);
		double duration = grabber.getLengthInTime() / 1e6;
		if (startSec > 0 && duration > 0 && startSec >= duration) {
			closeQuietly();
			throw new VideoDecodeException(String.format(Locale.ROOT, "%s: --start %.2f s is after the end of the video (%.2f s); nothing to annotate",
					file, startSec, duration), null);
		}
		if (startSec > 0) {
			try {
				grabber.setTimestamp(Math.round(startSec * 1e6), true);
				seeked = true;
			} catch (FrameGrabber.Exception e) {
				closeQuietly();
				throw new VideoDecodeException(file + ": cannot seek to " + startSec + " s (" + e.getMessage() + ")", e);
			}
		}
	}

	public Path file() {
		return file;
	}

	/** Width of the frames as shown (pixel aspect and the stream's rotation applied; every frame has this size). */
	public int width() {
		return rotation % 180 == 0 ? shownW : shownH;
	}

	public int height() {
		return rotation % 180 == 0 ? shownH : shownW;
	}

	/** What was done to the frames' geometry besides rotation (non-square pixels, a size change mid-stream), or null. */
	public String geometryNote() {
		return geometryNote;
	}

	/** Clockwise rotation applied to the stored frames (from the display matrix or rotate tag; 0 if none). */
	public int rotation() {
		return rotation;
	}

	/**
	 * The rotation players apply, as FFmpeg's own command line does: clockwise by minus the display
	 * matrix's angle. JavaCV 1.5.10 (Fiji) reads it with getDisplayRotation(), 1.5.7 (command line)
	 * exposes the matrix as side data; both are reached by reflection so one build runs on either.
	 */
	static int displayRotation(FFmpegFrameGrabber g) {
		Double angle = null;
		try {
			angle = (Double) g.getClass().getMethod("getDisplayRotation").invoke(g);
		} catch (ReflectiveOperationException | RuntimeException e) {
			try {
				angle = streamSideDataRotation(g);
			} catch (LinkageError | RuntimeException e2) {
				// neither: fall back to the tag
			}
		}
		double clockwise;
		if (angle != null && !angle.isNaN() && angle != 0)
			clockwise = -angle;
		else {
			String tag = g.getVideoMetadata("rotate");
			try {
				clockwise = tag == null ? 0 : Double.parseDouble(tag.trim());
			} catch (NumberFormatException e) {
				clockwise = 0;
			}
		}
		int r = (int) Math.round(clockwise / 90.0) * 90 % 360;
		return r < 0 ? r + 360 : r;
	}

	/** The display matrix of the video stream through FFmpeg's API (JavaCV 1.5.7 has no accessor for it); null if none. */
	private static Double streamSideDataRotation(FFmpegFrameGrabber g) {
		org.bytedeco.ffmpeg.avformat.AVStream st = g.getFormatContext().streams(g.getVideoStream());
		org.bytedeco.javacpp.SizeTPointer size = new org.bytedeco.javacpp.SizeTPointer(1);
		org.bytedeco.javacpp.BytePointer data = org.bytedeco.ffmpeg.global.avformat.av_stream_get_side_data(st,
				avcodec.AV_PKT_DATA_DISPLAYMATRIX, size);
		if (data == null || data.isNull() || size.get() < 36)
			return null;
		return avutil.av_display_rotation_get(new org.bytedeco.javacpp.IntPointer(data));
	}

	/** FFmpeg's av_display_rotation_get on the first two rows of a 16.16 fixed-point display matrix (degrees, counter-clockwise). */
	static double matrixRotation(int[] m) {
		double a = m[0] / 65536.0, b = m[1] / 65536.0, c = m[3] / 65536.0, d = m[4] / 65536.0;
		double s0 = Math.hypot(a, c), s1 = Math.hypot(b, d);
		if (s0 == 0 || s1 == 0)
			return Double.NaN;
		return -Math.toDegrees(Math.atan2(b / s1, a / s0));
	}

	public double frameRate() {
		return grabber.getVideoFrameRate() > 0 ? grabber.getVideoFrameRate() : grabber.getFrameRate();
	}

	/** Duration from the container in seconds (0 if unknown). */
	public double durationSec() {
		return Math.max(0, grabber.getLengthInTime() / 1e6);
	}

	/**
	 * Exact number of frames of the video stream, by reading its packets without decoding them
	 * (fast: about a hundred times quicker than decoding). Consumes this source: call it on a fresh one.
	 */
	public int countFrames() {
		int n = 0;
		try {
			for (org.bytedeco.ffmpeg.avcodec.AVPacket p; (p = grabber.grabPacket()) != null;) {
				if (p.stream_index() == grabber.getVideoStream())
					n++;
				org.bytedeco.ffmpeg.global.avcodec.av_packet_unref(p);
			}
		} catch (FrameGrabber.Exception e) {
			// a damaged tail: the packets read so far
		}
		ended = true;
		return n;
	}

	public String codec() {
		return grabber.getVideoCodecName() != null ? grabber.getVideoCodecName() : avcodec.avcodec_get_name(grabber.getVideoCodec()).getString();
	}

	/** The next frame, or null at the end (or at {@code endSec}). */
	public VideoFrame next() {
		while (!ended) {
			Frame f;
			try {
				f = grabber.grabImage();
			} catch (FrameGrabber.Exception | RuntimeException e) {
				ended = true;
				throw new VideoDecodeException(String.format(Locale.ROOT, "%s: decoding failed at %.2f s (%s)", file, Math.max(0, lastTime),
						e.getMessage()), e);
			}
			if (f == null || f.image == null) {
				ended = true;
				return null;
			}
			double t = grabber.getTimestamp() / 1e6;
			if (t > endSec) {
				ended = true;
				return null;
			}
			if (seeked) {
				// frame numbers stay the stream's own after --start, so rows join back to the video
				index = packetsBefore(t) - 1;
				seeked = false;
			}
			index++;
			if (t < startSec - 1e-6 || index % every != 0) // a seek may land on the frame before --start: not asked for
				continue;
			lastTime = t;
			return new VideoFrame(toMat(f), index, t, returned++);
		}
		return null;
	}

	/**
	 * Video packets presented before {@code timeSec} (the index of the frame shown at that time),
	 * read from a second demuxer without decoding: fast, and exact for variable frame rates too.
	 */
	private int packetsBefore(double timeSec) {
		FFmpegFrameGrabber g = new FFmpegFrameGrabber(file.toFile());
		try {
			g.start();
			int stream = g.getVideoStream();
			org.bytedeco.ffmpeg.avutil.AVRational tb = g.getFormatContext().streams(stream).time_base();
			double unit = tb.num() / (double) tb.den();
			double frame = frameRate() > 0 ? 1 / frameRate() : 0.01;
			int n = 0;
			for (org.bytedeco.ffmpeg.avcodec.AVPacket p; (p = g.grabPacket()) != null;) {
				if (p.stream_index() == stream) {
					long pts = p.pts() != avutil.AV_NOPTS_VALUE ? p.pts() : p.dts();
					double pt = pts * unit;
					if (pt < timeSec - frame / 2)
						n++;
					else if (pt > timeSec + 5) { // past any reordering of B-frames
						avcodec.av_packet_unref(p);
						break;
					}
				}
				avcodec.av_packet_unref(p);
			}
			return n;
		} catch (FrameGrabber.Exception e) {
			throw new VideoDecodeException(file + ": cannot count the frames before " + timeSec + " s (" + e.getMessage() + ")", e);
		} finally {
			try {
				g.release();
			} catch (FrameGrabber.Exception e) {
				// counted already
			}
		}
	}

	/**
	 * Why a run got no frame at all, in words: the time window holds none, the codec cannot be
	 * decoded by this FFmpeg build, or the stream is damaged ({@code warning}: what decoding said).
	 */
	public String noFrames(double startSec, double endSec, String warning) {
		if (startSec > 0 || endSec < Double.POSITIVE_INFINITY) {
			String window = String.format(Locale.ROOT, "%.2f s to %s", startSec, endSec < Double.POSITIVE_INFINITY ? String.format(Locale.ROOT, "%.2f s", endSec) : "the end");
			return String.format(Locale.ROOT, "%s: no frame from %s (%s video of %.2f s); choose another --start/--end", file, window, codec(), durationSec());
		}
		String codec = codec();
		boolean decoder = avcodec.avcodec_find_decoder(grabber.getVideoCodec()) != null;
		return file + ": cannot decode " + codec.toUpperCase(Locale.ROOT) + " video" + (decoder ? ": no frame could be decoded (a damaged stream, or a "
				+ "format this FFmpeg build decodes only with hardware it lacks)" : " (codec not in this FFmpeg build)")
				+ (warning == null || warning.contains("no frame could be decoded") ? "" : "; " + warning);
	}

	/**
	 * After the last frame: a message if the stream ended well before the container's duration
	 * (a truncated or damaged file), else null.
	 */
	public String truncation() {
		double d = durationSec();
		if (d <= 0 || endSec < d || lastTime < 0)
			return lastTime < 0 && d > 0 ? String.format(Locale.ROOT, "%s: no frame could be decoded (duration %.2f s)", file, d) : null;
		double frame = frameRate() > 0 ? every / frameRate() : 0.1;
		if (lastTime < d - Math.max(0.5, 3 * frame))
			return String.format(Locale.ROOT, "%s: video ends at %.2f s of %.2f s (truncated or corrupt)", file, lastTime, d);
		return null;
	}

	/**
	 * Decoder threads for a video analysed by {@code workers} engines: one while the engines keep
	 * the cores busy (frame threading costs 0.4 ms more processor time per 1280x720 frame on two
	 * cores, 1.7 against 1.3 ms, BENCHMARKS.md session 16), one more per four workers beyond that, so
	 * that one decoder (about 800 frames/s of 1280x720 H.264 per thread) keeps up with many engines.
	 */
	public static int decoderThreads(int workers) {
		return Math.max(1, workers / 4);
	}

	private Mat toMat(Frame f) {
		int w = f.imageWidth, h = f.imageHeight, stride = f.imageStride;
		ByteBuffer buf = (ByteBuffer) f.image[0];
		// FFmpeg's frame, in native memory: one native copy (the decoder reuses its buffer)
		Mat decoded = new Mat(h, w, CvType.CV_8UC3, buf, stride);
		Mat m = decoded.clone();
		decoded.release();
		if (w != shownW || h != shownH) {
			if ((w != storedW || h != storedH) && (geometryNote == null || !geometryNote.contains("size changed")))
				geometryNote = (geometryNote == null ? "" : geometryNote + "; ") + String.format(Locale.ROOT,
						"frame size changed from %dx%d to %dx%d at %.2f s: frames are scaled to %dx%d, the first frame's shown size", storedW, storedH, w, h,
						Math.max(0, grabber.getTimestamp() / 1e6), shownW, shownH);
			Mat scaled = new Mat();
			org.opencv.imgproc.Imgproc.resize(m, scaled, new org.opencv.core.Size(shownW, shownH), 0, 0, org.opencv.imgproc.Imgproc.INTER_AREA);
			m.release();
			m = scaled;
		}
		if (rotation == 0)
			return m;
		Mat shown = new Mat();
		org.opencv.core.Core.rotate(m, shown, rotation == 90 ? org.opencv.core.Core.ROTATE_90_CLOCKWISE
				: rotation == 180 ? org.opencv.core.Core.ROTATE_180 : org.opencv.core.Core.ROTATE_90_COUNTERCLOCKWISE);
		m.release();
		return shown;
	}

	private void closeQuietly() {
		try {
			grabber.release();
		} catch (Exception e) {
			// already failing
		}
	}

	@Override
	public void close() {
		closeQuietly();
	}
}
