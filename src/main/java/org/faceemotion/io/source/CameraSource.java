package org.faceemotion.io.source;

import org.faceemotion.core.pipeline.FrameSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.faceemotion.core.image.OpenCv;
import org.faceemotion.core.model.VideoFrame;
import org.opencv.core.Mat;
import org.opencv.videoio.VideoCapture;
import org.opencv.videoio.Videoio;

/**
 * A camera through OpenCV's VideoCapture (V4L2 on Linux, the platform's backend elsewhere). Opening
 * fails with a message naming the indices tried; a camera that stops delivering (unplugged) ends
 * the stream instead of hanging.
 */
public final class CameraSource implements FrameSource {
	private final VideoCapture capture;
	private final int index;
	private final long start = System.nanoTime();
	private int frames;

	private CameraSource(VideoCapture capture, int index) {
		this.capture = capture;
		this.index = index;
	}

	/** Opens camera {@code index} (or the first working one of 0..3 when index < 0) with the requested size and rate (0: the camera's default). */
	public static CameraSource open(int index, int width, int height, double fps) {
		OpenCv.load();
		List<Integer> tried = new ArrayList<>();
		int from = index < 0 ? 0 : index, to = index < 0 ? 3 : index;
		for (int i = from; i <= to; i++) {
			tried.add(i);
			VideoCapture c = new VideoCapture();
			boolean ok;
			try {
				ok = c.open(i, backend());
			} catch (RuntimeException e) {
				ok = false;
			}
			if (!ok || !c.isOpened()) {
				c.release();
				continue;
			}
			if (width > 0)
				c.set(Videoio.CAP_PROP_FRAME_WIDTH, width);
			if (height > 0)
				c.set(Videoio.CAP_PROP_FRAME_HEIGHT, height);
			if (fps > 0)
				c.set(Videoio.CAP_PROP_FPS, fps);
			Mat probe = new Mat();
			if (c.read(probe) && !probe.empty()) {
				probe.release();
				return new CameraSource(c, i);
			}
			c.release();
		}
		throw new IllegalStateException(String.format(Locale.ROOT,
				"no camera could be opened (tried %s %s): none connected, busy in another program, or no permission", 
				tried.size() == 1 ? "index" : "indices", tried));
	}

	private static int backend() {
		String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
		if (os.contains("linux"))
			return Videoio.CAP_V4L2;
		return Videoio.CAP_ANY;
	}

	@Override
	public VideoFrame read() {
		Mat m = new Mat();
		if (!capture.read(m) || m.empty()) {
			m.release();
			return null;
		}
		return new VideoFrame(m, frames, (System.nanoTime() - start) / 1e9, frames++);
	}

	@Override
	public String describe() {
		return "camera " + index;
	}

	@Override
	public int[] size() {
		return new int[] { (int) capture.get(Videoio.CAP_PROP_FRAME_WIDTH), (int) capture.get(Videoio.CAP_PROP_FRAME_HEIGHT) };
	}

	@Override
	public double frameRate() {
		return capture.get(Videoio.CAP_PROP_FPS);
	}

	@Override
	public void close() {
		capture.release();
	}
}
