package org.faceemotion.io.video;

import java.nio.file.Path;

import org.bytedeco.ffmpeg.global.avcodec;
import org.faceemotion.TestData;
import org.faceemotion.core.image.GrayImages;
import org.opencv.core.Mat;
import org.opencv.core.Rect;
import org.opencv.core.Scalar;
import org.opencv.core.Size;
import org.opencv.imgproc.Imgproc;

/**
 * Test videos made with FFmpeg (through JavaCV): two real faces cut from a shared photo move over
 * a grey background; face B leaves the picture for a few frames and comes back.
 */
public final class SyntheticVideo {
	public static final int W = 480, H = 270;
	public static final double FPS = 20;

	private SyntheticVideo() {
	}

	/** Face B is absent in frames [gapFrom, gapTo). */
	public static void write(Path file, int codec, int frames, int gapFrom, int gapTo) {
		Mat photo = GrayImages.toBgr8(GrayImages.read(TestData.faces().resolve("2008_002506.jpg")));
		// faces 1 and 3 of the photo (boxes at about (120,58) and (325,80), ~105 px), with some margin
		Mat a = new Mat(), b = new Mat();
		Imgproc.resize(photo.submat(new Rect(100, 35, 145, 145)), a, new Size(110, 110));
		Imgproc.resize(photo.submat(new Rect(305, 55, 150, 150)), b, new Size(110, 110));
		try (AnnotatedVideoWriter w = new AnnotatedVideoWriter(file, W, H, FPS, codec)) {
			for (int i = 0; i < frames; i++) {
				Mat f = new Mat(H, W, org.opencv.core.CvType.CV_8UC3, new Scalar(120, 120, 120));
				int ax = 10 + i * 2;
				a.copyTo(f.submat(new Rect(ax, 60, 110, 110)));
				if (i < gapFrom || i >= gapTo)
					b.copyTo(f.submat(new Rect(340 - i, 100, 110, 110)));
				w.write(f, i / FPS);
			}
		}
	}

	public static void writeMp4(Path file, int frames) {
		write(file, avcodec.AV_CODEC_ID_MPEG4, frames, frames, frames);
	}
}
