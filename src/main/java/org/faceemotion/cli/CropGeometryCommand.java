package org.faceemotion.cli;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
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
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.Size;
import org.opencv.imgproc.Imgproc;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "crop-geometry", mixinStandardHelpOptions = true,
		description = { "Measure where each detector's box lies inside FER-2013's 48x48 face frames (training images, enlarged and",
				"padded so the detector sees a whole face), write the crop that reproduces those frames, and compare it end to end",
				"(detector, crop, classifier) with the old 15 % margin on the validation split." })
public final class CropGeometryCommand implements Callable<Integer> {
	@Option(names = "--data", required = true, description = "FER-2013 root with train/ and val/ class folders")
	Path data;
	@Option(names = "--limit", defaultValue = "3000", description = "Training images measured (default: ${DEFAULT-VALUE}, spread over the split)")
	int limit;
	@Option(names = "--val-limit", defaultValue = "0", description = "Validation images of the end-to-end comparison (0: all)")
	int valLimit;
	@Option(names = "--out", defaultValue = "models/" + CropGeometry.FILE, description = "Where to write the geometry (default: ${DEFAULT-VALUE})")
	Path out;
	@Option(names = "--overwrite", description = "Replace an existing file")
	boolean overwrite;

	static final int UP = 4;
	static final double PAD = 0.5;

	/** A 48x48 face enlarged 4x and padded by half its side on every edge (edges replicated), as BGR. */
	static Mat scene(byte[] face) {
		Mat g = new Mat(48, 48, CvType.CV_8UC1);
		g.put(0, 0, face);
		Mat big = new Mat();
		Imgproc.resize(g, big, new Size(48 * UP, 48 * UP), 0, 0, Imgproc.INTER_CUBIC);
		int p = (int) Math.round(48 * UP * PAD);
		Mat padded = new Mat();
		Core.copyMakeBorder(big, padded, p, p, p, p, Core.BORDER_REPLICATE);
		Mat bgr = new Mat();
		Imgproc.cvtColor(padded, bgr, Imgproc.COLOR_GRAY2BGR);
		g.release();
		big.release();
		padded.release();
		return bgr;
	}

	static Face best(List<Face> faces) {
		return faces.stream().max(Comparator.comparingDouble((Face f) -> f.score)).orElse(null);
	}

	static double median(List<Double> v) {
		double[] a = v.stream().mapToDouble(Double::doubleValue).toArray();
		Arrays.sort(a);
		return a.length == 0 ? Double.NaN : a.length % 2 == 1 ? a[a.length / 2] : (a[a.length / 2 - 1] + a[a.length / 2]) / 2;
	}

	@Override
	public Integer call() throws Exception {
		out = Models.projectDefault(out, "models/" + CropGeometry.FILE);
		try {
			if (limit < 10)
				throw new IllegalArgumentException("--limit must be at least 10, not " + limit);
			if (Files.exists(out) && !overwrite)
				throw new IllegalArgumentException(out + " exists; use --overwrite to replace it");
			OpenCv.load();
			FerDataset train = FerDataset.load(data, "train", w -> System.err.println("warning: " + w));
			FerDataset val = FerDataset.load(data, "val", w -> System.err.println("warning: " + w));
			double s = 48 * UP, p = Math.round(48 * UP * PAD);
			StringBuilder props = new StringBuilder(String.format(Locale.ROOT,
					"# crop around each detector's box that reproduces FER-2013's face frames (crop-geometry, median of %d training images)%n",
					limit));
			System.out.println("detector        found   crop side/box side   crop centre - box centre (x, y; crop sides)");
			List<String[]> rows = new ArrayList<>();
			for (DetectorKind k : DetectorKind.values()) {
				if (k == DetectorKind.NONE)
					continue;
				List<Double> scale = new ArrayList<>(), dx = new ArrayList<>(), dy = new ArrayList<>();
				try (FaceDetector d = k.create(0.5, 12)) {
					for (int j = 0; j < limit; j++) {
						int i = (int) ((long) j * train.size() / limit);
						Mat scene = scene(train.images[i]);
						Face b = best(d.detect(scene));
						scene.release();
						if (b == null)
							continue;
						double side = Math.max(b.width, b.height);
						scale.add(s / side);
						dx.add((p + s / 2 - b.centerX()) / s);
						dy.add((p + s / 2 - b.centerY()) / s);
					}
				}
				CropGeometry g = new CropGeometry(median(scale), median(dx), median(dy));
				System.out.printf(Locale.ROOT, "%-15s %5d   %.3f                %+.3f, %+.3f%n", k.id, scale.size(), g.scale, g.dx, g.dy);
				props.append(String.format(Locale.ROOT, "%s.scale=%.4f%n%s.dx=%.4f%n%s.dy=%.4f%n", k.id, g.scale, k.id, g.dx, k.id, g.dy));
				rows.add(compare(k, g, val));
			}
			System.out.println();
			System.out.println("end to end on val (detector on the enlarged, padded faces; accuracy over the faces found):");
			System.out.println("detector        found        15 % margin   measured crop");
			for (String[] r : rows)
				System.out.println(String.join("", r));
			org.faceemotion.io.OutputFiles.write(out, o -> o.write(props.toString().getBytes(StandardCharsets.UTF_8)));
			System.out.println("wrote " + out);
			return 0;
		} catch (FerDataset.DatasetException | IllegalArgumentException e) {
			System.err.println("error: " + e.getMessage());
			return 2;
		}
	}

	private String[] compare(DetectorKind k, CropGeometry measured, FerDataset val) {
		int n = valLimit > 0 ? Math.min(valLimit, val.size()) : val.size();
		int found = 0, rightMargin = 0, rightMeasured = 0;
		CropGeometry margin = CropGeometry.margin(0.15);
		try (FaceDetector d = k.create(0.5, 12); OnnxEmotionClassifier c = OnnxEmotionClassifier.shipped()) {
			for (int j = 0; j < n; j++) {
				int i = (int) ((long) j * val.size() / n);
				Mat scene = scene(val.images[i]);
				Face b = best(d.detect(scene));
				if (b != null) {
					found++;
					List<byte[]> crops = new ArrayList<>();
					for (CropGeometry g : List.of(margin, measured)) {
						double[] sq = g.square(b);
						crops.add(FaceCrop.input(scene, sq[0], sq[1], sq[2], 0));
					}
					float[][] q = c.classify(crops);
					rightMargin += Emotion.argmax(q[0]).ordinal() == val.labels[i] ? 1 : 0;
					rightMeasured += Emotion.argmax(q[1]).ordinal() == val.labels[i] ? 1 : 0;
				}
				scene.release();
			}
		}
		return new String[] { String.format(Locale.ROOT, "%-15s %4d/%-4d    %.4f        %.4f", k.id, found, n, rightMargin / (double) Math.max(1, found),
				rightMeasured / (double) Math.max(1, found)) };
	}
}
