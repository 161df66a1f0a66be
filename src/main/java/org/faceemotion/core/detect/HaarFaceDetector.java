package org.faceemotion.core.detect;

import java.util.ArrayList;
import java.util.List;

import org.faceemotion.core.image.OpenCv;
import org.faceemotion.core.model.Face;
import org.opencv.core.Mat;
import org.opencv.core.MatOfDouble;
import org.opencv.core.MatOfInt;
import org.opencv.core.MatOfRect;
import org.opencv.core.Rect;
import org.opencv.core.Size;
import org.opencv.imgproc.Imgproc;
import org.opencv.objdetect.CascadeClassifier;

/**
 * OpenCV's frontal-face Haar cascade, the detector of the original app. Large frames are shrunk
 * to at most {@code maxSide} pixels first; the score is the cascade's level weight squashed to 0..1.
 */
public final class HaarFaceDetector implements FaceDetector {
	public static final String FILE = "haarcascade_frontalface_default.xml";
	private final CascadeClassifier cascade;
	private final double minFaceSize;
	private final int maxSide;
	private final int minNeighbors;

	public HaarFaceDetector(double minFaceSize, int maxSide, int minNeighbors) {
		OpenCv.load();
		cascade = new CascadeClassifier(ModelFiles.file(FILE).toString());
		if (cascade.empty())
			throw new IllegalStateException("OpenCV could not load " + FILE);
		this.minFaceSize = minFaceSize;
		this.maxSide = maxSide;
		this.minNeighbors = minNeighbors;
	}

	@Override
	public List<Face> detect(Mat bgr) {
		Mat gray = new Mat();
		Imgproc.cvtColor(bgr, gray, Imgproc.COLOR_BGR2GRAY);
		double scale = Math.min(1, maxSide / (double) Math.max(gray.cols(), gray.rows()));
		if (scale < 1)
			Imgproc.resize(gray, gray, new Size(Math.round(gray.cols() * scale), Math.round(gray.rows() * scale)), 0, 0,
					Imgproc.INTER_AREA);
		Imgproc.equalizeHist(gray, gray);
		MatOfRect rects = new MatOfRect();
		MatOfInt levels = new MatOfInt();
		MatOfDouble weights = new MatOfDouble();
		int min = (int) Math.max(20, Math.round(minFaceSize * scale));
		cascade.detectMultiScale3(gray, rects, levels, weights, 1.1, minNeighbors, 0, new Size(min, min), new Size(), true);
		Rect[] r = rects.toArray();
		gray.release();
		// no face: OpenCV leaves the weights an empty 0x1 matrix that toArray() refuses
		double[] wts = r.length > 0 && weights.total() == r.length ? weights.toArray() : new double[r.length];
		List<Face> faces = new ArrayList<>();
		for (int i = 0; i < r.length; i++)
			faces.add(new Face(r[i].x / scale, r[i].y / scale, r[i].width / scale, r[i].height / scale,
					1 / (1 + Math.exp(-wts[i]))));
		return faces;
	}

	@Override
	public String toString() {
		return "Haar cascade";
	}

	@Override
	public String runtime() {
		return "OpenCV cascade classifier";
	}
}
