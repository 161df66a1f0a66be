package org.faceemotion.core.image;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.faceemotion.TestData;
import org.junit.jupiter.api.Test;
import org.opencv.core.Core;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.Scalar;
import org.opencv.imgcodecs.Imgcodecs;

/** Deep images read by OpenCV (live's image folders) are shown as annotate's reader shows them: one hot pixel or +Inf changes nothing. */
class AutoRangeTest {
	static double meanDifference(Mat a, Mat b) {
		Mat d = new Mat();
		Core.absdiff(a, b, d);
		return Core.mean(d).val[0];
	}

	@Test
	void aHotPixelOrAnInfinityDoesNotBlackenTheImage() {
		OpenCv.load();
		Mat gray = Imgcodecs.imread(TestData.faces().resolve("2008_001009.jpg").toString(), Imgcodecs.IMREAD_GRAYSCALE);
		Mat deep = new Mat(), real = new Mat();
		gray.convertTo(deep, CvType.CV_16U, 40, 1000); // 1000..11200 of 65535
		gray.convertTo(real, CvType.CV_32F, 1 / 255.0);
		Mat hot = deep.clone(), inf = real.clone();
		hot.put(5, 5, new short[] { (short) 65535 });
		inf.put(7, 7, new float[] { Float.POSITIVE_INFINITY });
		inf.put(8, 8, new float[] { Float.NaN });
		Mat[][] pairs = { { deep, hot }, { real, inf } };
		for (Mat[] p : pairs) {
			Mat clean = GrayImages.to8Bit(p[0]), damaged = GrayImages.to8Bit(p[1]);
			org.opencv.core.MatOfDouble mean = new org.opencv.core.MatOfDouble(), sd = new org.opencv.core.MatOfDouble();
			Core.meanStdDev(clean, mean, sd);
			assertTrue(sd.get(0, 0)[0] > 40, "the photo's contrast is shown: sd " + sd.get(0, 0)[0]);
			double d = meanDifference(clean, damaged);
			assertTrue(d < 1, CvType.typeToString(p[1].type()) + ": one bad pixel moves the picture by " + d);
		}
		// what the minimum-to-maximum range did: the hot pixel darkens everything else
		assertTrue(meanDifference(GrayImages.to8Bit(hot, 0, 65535), GrayImages.to8Bit(deep)) > 40);
	}

	@Test
	void aFlatOrEmptyImageGivesAFlatRange() {
		OpenCv.load();
		Mat flat = new Mat(10, 10, CvType.CV_16U, new Scalar(300));
		double[] r = GrayImages.autoRange(flat);
		assertTrue(r[0] == 300 && r[1] == 300);
		Mat nan = new Mat(4, 4, CvType.CV_32F, new Scalar(Float.NaN));
		r = GrayImages.autoRange(nan);
		assertTrue(r[0] == 0 && r[1] == 0);
	}
}
