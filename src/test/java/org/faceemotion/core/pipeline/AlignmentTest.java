package org.faceemotion.core.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.faceemotion.TestData;
import org.faceemotion.core.detect.DetectorKind;
import org.faceemotion.core.detect.FaceDetector;
import org.faceemotion.core.image.GrayImages;
import org.faceemotion.core.image.OpenCv;
import org.faceemotion.core.model.Face;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.opencv.core.Core;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.Point;
import org.opencv.core.Scalar;
import org.opencv.imgproc.Imgproc;

/** Crops are turned so that the eyes are level (BlazeFace's eye key points); Haar's stay upright. */
class AlignmentTest {
	@BeforeAll
	static void opencv() {
		OpenCv.load();
	}

	@Test
	void theAlignedCropLevelsTwoPointsOnATiltedLine() {
		Mat img = new Mat(200, 200, CvType.CV_8UC3, new Scalar(255, 255, 255));
		// "eyes" 40 px apart on a line tilted 25 degrees (down to the right, image y down)
		double a = Math.toRadians(25), cx = 100, cy = 100;
		Point left = new Point(cx - 20 * Math.cos(a), cy - 20 * Math.sin(a)), right = new Point(cx + 20 * Math.cos(a), cy + 20 * Math.sin(a));
		Imgproc.circle(img, left, 3, new Scalar(0, 0, 0), -1);
		Imgproc.circle(img, right, 3, new Scalar(0, 0, 0), -1);
		Face f = new Face(60, 60, 80, 80, 0.9, new double[] { left.x, left.y, right.x, right.y });
		assertEquals(25, f.eyeAngle(), 1e-6);
		Mat crop = FaceCrop.alignedCrop(img, cx, cy, 100, f.eyeAngle());
		Mat gray = new Mat();
		Imgproc.cvtColor(crop, gray, Imgproc.COLOR_BGR2GRAY);
		// the dark pixels of each dot now lie on the same rows
		double[] rowOf = new double[2];
		int[] count = new int[2];
		for (int y = 0; y < gray.rows(); y++)
			for (int x = 0; x < gray.cols(); x++)
				if (gray.get(y, x)[0] < 100) {
					int k = x < 50 ? 0 : 1;
					rowOf[k] += y;
					count[k]++;
				}
		assertTrue(count[0] > 5 && count[1] > 5);
		assertEquals(rowOf[0] / count[0], rowOf[1] / count[1], 1.0, "eyes level after alignment");
		assertEquals(50, rowOf[0] / count[0], 1.5, "about the rotation centre");
	}

	@Test
	void blazeFaceGivesEyesThatFollowATurnedFace() {
		Mat photo = GrayImages.read(TestData.faces().resolve("Tom_Cruise_avp_2014_4.jpg"));
		try (FaceDetector d = DetectorKind.BLAZEFACE_FULL.create(0.5, 12)) {
			Face upright = d.detect(photo).get(0);
			assertNotNull(upright.eyes, "BlazeFace reports the eyes");
			assertTrue(upright.eyes[0] < upright.eyes[2], "the eye on the image's left comes first");
			assertTrue(upright.eyes[1] > upright.y && upright.eyes[1] < upright.y + upright.height / 2, "eyes in the upper half of the box");
			Mat turned = new Mat();
			Mat r = Imgproc.getRotationMatrix2D(new Point(photo.cols() / 2.0, photo.rows() / 2.0), 20, 1.0);
			Imgproc.warpAffine(photo, turned, r, photo.size(), Imgproc.INTER_LINEAR, Core.BORDER_REPLICATE);
			List<Face> found = d.detect(turned);
			assertEquals(1, found.size());
			// turned 20 degrees counter-clockwise on screen: the eye line tilts by about -20 degrees
			assertEquals(upright.eyeAngle() - 20, found.get(0).eyeAngle(), 6);
		}
		try (FaceDetector haar = DetectorKind.HAAR.create(0.5, 12)) {
			assertTrue(haar.detect(photo).stream().allMatch(f -> f.eyes == null), "Haar gives no eyes: its crops stay upright");
		}
	}
}
