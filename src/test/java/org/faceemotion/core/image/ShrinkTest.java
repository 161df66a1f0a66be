package org.faceemotion.core.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.faceemotion.TestData;
import org.junit.jupiter.api.Test;
import org.opencv.core.Core;
import org.opencv.core.Mat;
import org.opencv.core.Size;
import org.opencv.imgcodecs.Imgcodecs;
import org.opencv.imgproc.Imgproc;

/** Shrinking by exact halvings first stays close to one area resize: far closer than a bilinear resize, which aliases. */
class ShrinkTest {
	static double meanDifference(Mat a, Mat b) {
		Mat d = new Mat();
		Core.absdiff(a, b, d);
		return Core.mean(d.reshape(1)).val[0];
	}

	@Test
	void halvingsThenAreaGiveTheAreaMeans() {
		OpenCv.load();
		Mat photo = Imgcodecs.imread(TestData.faces().resolve("bald_guys.jpg").toString());
		Mat frame = new Mat();
		Imgproc.resize(photo, frame, new Size(1280, 720), 0, 0, Imgproc.INTER_AREA);
		for (int[] size : new int[][] { { 192, 108 }, { 128, 72 }, { 48, 48 }, { 700, 400 } }) {
			Mat fast = new Mat(), direct = new Mat(), linear = new Mat();
			GrayImages.shrink(frame, fast, size[0], size[1]);
			Imgproc.resize(frame, direct, new Size(size[0], size[1]), 0, 0, Imgproc.INTER_AREA);
			Imgproc.resize(frame, linear, new Size(size[0], size[1]), 0, 0, Imgproc.INTER_LINEAR);
			assertEquals(direct.size(), fast.size());
			double mean = meanDifference(fast, direct), aliased = meanDifference(linear, direct);
			assertTrue(mean < 5 && mean < 0.5 * aliased, size[0] + "x" + size[1] + ": mean |difference| " + mean + ", bilinear " + aliased);
		}
	}
}
