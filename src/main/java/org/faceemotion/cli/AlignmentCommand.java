package org.faceemotion.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

import org.faceemotion.core.classify.OnnxEmotionClassifier;
import org.faceemotion.core.detect.DetectorKind;
import org.faceemotion.core.detect.FaceDetector;
import org.faceemotion.core.image.OpenCv;
import org.faceemotion.core.model.Emotion;
import org.faceemotion.core.model.Face;
import org.faceemotion.core.pipeline.CropGeometry;
import org.faceemotion.core.pipeline.FaceCrop;
import org.faceemotion.train.FerDataset;
import org.opencv.core.Core;
import org.opencv.core.Mat;
import org.opencv.core.Point;
import org.opencv.imgproc.Imgproc;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "alignment", mixinStandardHelpOptions = true,
		description = { "Measure eye alignment on the validation split under synthetic rotations: each face is enlarged, padded and turned,",
				"BlazeFace finds it and its eyes, and the crop is classified upright (as detected) and with the eyes levelled." })
public final class AlignmentCommand implements Callable<Integer> {
	@Option(names = "--data", required = true, description = "FER-2013 root with a val/ split")
	Path data;
	@Option(names = "--val-limit", defaultValue = "1000", description = "Validation faces per angle (default: ${DEFAULT-VALUE}; 0: all)")
	int valLimit;
	@Option(names = "--min-angle", description = "Level only eye lines tilted at least this much (default: the engine's, EngineConfig.alignMinDegrees)")
	Double minAngle;
	@Option(names = "--angles", split = ",", defaultValue = "-30,-15,0,15,30", description = "Rotations in degrees (default: ${DEFAULT-VALUE})")
	double[] angles;

	@Override
	public Integer call() throws Exception {
		try {
			OpenCv.load();
			FerDataset val = FerDataset.load(data, "val", w -> System.err.println("warning: " + w));
			int n = valLimit > 0 ? Math.min(valLimit, val.size()) : val.size();
			CropGeometry g = CropGeometry.of(DetectorKind.BLAZEFACE_FULL, CropGeometry.margin(0.15));
			double min = minAngle != null ? minAngle : new org.faceemotion.core.pipeline.EngineConfig().alignMinDegrees;
			System.out.printf(Locale.ROOT, "eye lines tilted %.1f to 60 degrees are levelled%n", min);
			System.out.println("rotation   found       upright crop   eyes levelled   mean |eye angle error|");
			try (FaceDetector d = DetectorKind.BLAZEFACE_FULL.create(0.5, 12); OnnxEmotionClassifier c = OnnxEmotionClassifier.shipped()) {
				for (double angle : angles) {
					int found = 0, upright = 0, aligned = 0;
					double residual = 0;
					for (int j = 0; j < n; j++) {
						int i = (int) ((long) j * val.size() / n);
						Mat scene = CropGeometryCommand.scene(val.images[i]);
						Mat turned = new Mat();
						Mat r = Imgproc.getRotationMatrix2D(new Point(scene.cols() / 2.0, scene.rows() / 2.0), angle, 1.0);
						Imgproc.warpAffine(scene, turned, r, scene.size(), Imgproc.INTER_LINEAR, Core.BORDER_REPLICATE);
						Face b = CropGeometryCommand.best(d.detect(turned));
						if (b != null) {
							found++;
							double[] sq = g.square(b);
							double eye = b.eyeAngle();
							boolean level = !Double.isNaN(eye) && Math.abs(eye) >= min && Math.abs(eye) <= 60;
							List<byte[]> crops = List.of(FaceCrop.input(turned, sq[0], sq[1], sq[2], 0),
									FaceCrop.input(turned, sq[0], sq[1], sq[2], level ? eye : 0));
							float[][] q = c.classify(crops);
							upright += Emotion.argmax(q[0]).ordinal() == val.labels[i] ? 1 : 0;
							aligned += Emotion.argmax(q[1]).ordinal() == val.labels[i] ? 1 : 0;
							// the same face upright would have eyes at the measured angle minus the rotation
							residual += Math.abs(eye + angle);
						}
						scene.release();
						turned.release();
						r.release();
					}
					System.out.printf(Locale.ROOT, "%+6.0f°    %4d/%-4d   %.4f         %.4f          %.1f°%n", angle, found, n,
							upright / (double) Math.max(1, found), aligned / (double) Math.max(1, found), residual / Math.max(1, found));
				}
			}
			return 0;
		} catch (FerDataset.DatasetException | IllegalArgumentException e) {
			System.err.println("error: " + e.getMessage());
			return 2;
		}
	}
}
