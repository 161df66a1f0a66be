package org.faceemotion.io;

import java.util.Locale;

import org.faceemotion.core.model.Emotion;
import org.faceemotion.core.model.FaceResult;
import org.faceemotion.core.model.FrameResult;
import org.opencv.core.Mat;
import org.opencv.core.Point;
import org.opencv.core.Scalar;
import org.opencv.imgproc.Imgproc;

/** Draws boxes, ids and labels of a frame's faces onto an 8-bit BGR image (annotated copies and videos). */
public final class FrameDrawer {
	private FrameDrawer() {
	}

	public static Scalar color(Emotion e) {
		int rgb = e.rgb();
		return new Scalar(rgb & 0xFF, (rgb >> 8) & 0xFF, (rgb >> 16) & 0xFF);
	}

	public static String label(FaceResult f) {
		return String.format(Locale.ROOT, "%d: %s %.2f", f.faceId, f.smoothedEmotion().label(), f.smoothed[f.smoothedEmotion().ordinal()]);
	}

	public static void draw(Mat bgr, FrameResult fr) {
		int thick = Math.max(1, (int) Math.round(Math.max(bgr.cols(), bgr.rows()) / 500.0));
		double fontScale = Math.max(0.4, Math.max(bgr.cols(), bgr.rows()) / 1400.0);
		for (FaceResult f : fr.faces) {
			Scalar c = color(f.smoothedEmotion());
			Point tl = new Point(f.box.x, f.box.y), br = new Point(f.box.x + f.box.width, f.box.y + f.box.height);
			Imgproc.rectangle(bgr, tl, br, c, thick);
			String text = label(f);
			int[] baseline = new int[1];
			org.opencv.core.Size ts = Imgproc.getTextSize(text, Imgproc.FONT_HERSHEY_SIMPLEX, fontScale, thick, baseline);
			double ty = f.box.y - 4 >= ts.height ? f.box.y - 4 : f.box.y + f.box.height + ts.height + 4;
			Imgproc.rectangle(bgr, new Point(f.box.x, ty - ts.height - 2), new Point(f.box.x + ts.width + 2, ty + baseline[0]),
					c, Imgproc.FILLED);
			Imgproc.putText(bgr, text, new Point(f.box.x + 1, ty), Imgproc.FONT_HERSHEY_SIMPLEX, fontScale, new Scalar(0, 0, 0), thick,
					Imgproc.LINE_AA);
		}
	}
}
