package org.faceemotion.cli;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.Callable;

import org.faceemotion.core.classify.Preprocessing;
import org.faceemotion.core.image.OpenCv;
import org.faceemotion.core.model.FaceQuality;
import org.faceemotion.train.FerDataset;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.Size;
import org.opencv.imgproc.Imgproc;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The figures behind the quality label's default sharpness threshold: the sharpness of FER-2013's
 * val faces as they are, and after Gaussian blurs of growing width, as percentiles; and how many
 * of each a threshold calls blurred.
 */
@Command(name = "quality-thresholds", mixinStandardHelpOptions = true,
		description = "Print the sharpness of FER-2013 val faces, sharp and blurred, and what a --quality-min-sharpness threshold calls blurred.")
public final class QualityCommand implements Callable<Integer> {
	@Option(names = "--data", required = true, description = "FER-2013 folder (with val/)")
	Path data;
	@Option(names = "--threshold", description = "The threshold to report on (default: the shipped default)")
	double threshold = new FaceQuality.Rules().minSharpness;

	@Override
	public Integer call() throws Exception {
		OpenCv.load();
		FerDataset val = FerDataset.load(data, "val", w -> {
		});
		System.out.printf(Locale.ROOT, "%d val faces (48 x 48); sharpness percentiles 1/5/25/50/75/95; share below %.2f%n", val.size(), threshold);
		for (double sigma : new double[] { 0, 0.75, 1.0, 1.5, 2.0, 3.0 }) {
			double[] s = new double[val.size()];
			Mat m = new Mat(Preprocessing.SIZE, Preprocessing.SIZE, CvType.CV_8UC1), b = new Mat();
			byte[] out = new byte[Preprocessing.PIXELS];
			for (int i = 0; i < s.length; i++) {
				if (sigma == 0) {
					s[i] = FaceQuality.sharpness(val.images[i]);
					continue;
				}
				m.put(0, 0, val.images[i]);
				Imgproc.GaussianBlur(m, b, new Size(0, 0), sigma, sigma, org.opencv.core.Core.BORDER_REPLICATE);
				b.get(0, 0, out);
				s[i] = FaceQuality.sharpness(out);
			}
			m.release();
			b.release();
			double below = Arrays.stream(s).filter(v -> v < threshold).count() / (double) s.length;
			Arrays.sort(s);
			System.out.printf(Locale.ROOT, "blur sigma %.2f px: %.3f %.3f %.3f %.3f %.3f %.3f; below %.2f: %.1f %%%n", sigma, p(s, 1), p(s, 5), p(s, 25),
					p(s, 50), p(s, 75), p(s, 95), threshold, 100 * below);
		}
		return 0;
	}

	private static double p(double[] sorted, double pct) {
		return sorted[Math.min(sorted.length - 1, (int) Math.floor(pct / 100 * sorted.length))];
	}
}
