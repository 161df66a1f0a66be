package org.faceemotion.imagej;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import ij.ImagePlus;
import ij.ImageStack;
import ij.VirtualStack;
import ij.process.ColorProcessor;
import ij.process.ImageProcessor;

import org.faceemotion.io.video.FfmpegVideoSource;
import org.faceemotion.core.model.VideoFrame;
import org.opencv.core.Mat;

/**
 * Opens a video file as an ImageJ time series (RGB, frame interval from the video): in memory
 * when it fits in {@code maxBytes}, else as a virtual stack that decodes frames on demand (with a
 * small cache; going backwards reopens the file), so Annotate Faces and the overlay work on it
 * frame by frame.
 */
public final class VideoStacks {
	private VideoStacks() {
	}

	public static ImagePlus open(Path file, long maxBytes) {
		int w, h, frames;
		double fps;
		try (FfmpegVideoSource s = new FfmpegVideoSource(file, 0, Double.POSITIVE_INFINITY, 1)) {
			w = s.width();
			h = s.height();
			fps = s.frameRate();
			frames = Math.max(1, s.countFrames());
		}
		ImageStack stack;
		if ((long) w * h * 4 * frames <= maxBytes) {
			stack = new ImageStack(w, h);
			try (FfmpegVideoSource s = new FfmpegVideoSource(file, 0, Double.POSITIVE_INFINITY, 1)) {
				for (VideoFrame f; (f = s.next()) != null;)
					stack.addSlice(String.format(java.util.Locale.ROOT, "t=%.3f s", f.timeSec), toProcessor(f.bgr));
			}
		} else {
			stack = new DecodingStack(file, w, h, frames);
		}
		ImagePlus imp = new ImagePlus(file.getFileName().toString(), stack);
		imp.setDimensions(1, 1, stack.getSize());
		imp.setOpenAsHyperStack(true);
		imp.getCalibration().frameInterval = fps > 0 ? 1 / fps : 0;
		imp.getCalibration().setTimeUnit("sec");
		imp.getCalibration().fps = fps;
		return imp;
	}

	static ColorProcessor toProcessor(Mat bgr) {
		int w = bgr.cols(), h = bgr.rows();
		byte[] b = new byte[w * h * 3];
		bgr.get(0, 0, b);
		int[] px = new int[w * h];
		for (int i = 0; i < px.length; i++)
			px[i] = 0xFF000000 | (b[3 * i + 2] & 0xFF) << 16 | (b[3 * i + 1] & 0xFF) << 8 | (b[3 * i] & 0xFF);
		return new ColorProcessor(w, h, px);
	}

	/** Frames decoded on demand, in order where possible. */
	static final class DecodingStack extends VirtualStack {
		private final Path file;
		private final int frames;
		private FfmpegVideoSource source;
		private int position = -1;
		private final Map<Integer, ColorProcessor> cache = new LinkedHashMap<>(16, 0.75f, true) {
			private static final long serialVersionUID = 1L;

			@Override
			protected boolean removeEldestEntry(Map.Entry<Integer, ColorProcessor> e) {
				return size() > 16;
			}
		};

		DecodingStack(Path file, int w, int h, int frames) {
			super(w, h, null, null);
			this.file = file;
			this.frames = frames;
		}

		@Override
		public int getSize() {
			return frames;
		}

		@Override
		public String getSliceLabel(int n) {
			return "frame " + (n - 1);
		}

		@Override
		public synchronized ImageProcessor getProcessor(int n) {
			int index = n - 1;
			ColorProcessor cached = cache.get(index);
			if (cached != null)
				return cached.duplicate();
			if (source == null || index <= position) {
				if (source != null)
					source.close();
				source = new FfmpegVideoSource(file, 0, Double.POSITIVE_INFINITY, 1);
				position = -1;
			}
			VideoFrame f = null;
			while (position < index && (f = source.next()) != null)
				position = f.index;
			ColorProcessor ip = f == null ? new ColorProcessor(getWidth(), getHeight()) : toProcessor(f.bgr);
			cache.put(index, ip);
			return ip.duplicate();
		}
	}
}
