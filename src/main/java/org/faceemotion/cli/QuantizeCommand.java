package org.faceemotion.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.Callable;

import org.faceemotion.core.classify.Preprocessing;
import org.faceemotion.train.FerDataset;
import org.faceemotion.train.OnnxQuantizer;

import onnx.Onnx;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "quantize", mixinStandardHelpOptions = true,
		description = { "Write an 8-bit (QDQ) copy of an ONNX emotion model for ONNX Runtime, its activation scales measured on training faces.",
				"Measure it with `evaluate --model OUT` and `benchmark`; the float model stays what OpenCV DNN runs." })
public final class QuantizeCommand implements Callable<Integer> {
	@Option(names = "--model", defaultValue = "models/emotion-cnn.onnx", description = "Float ONNX model (default: ${DEFAULT-VALUE})")
	Path model;
	@Option(names = "--data", required = true, description = "FER-2013 folder or CSV whose faces calibrate the scales")
	Path data;
	@Option(names = "--split", defaultValue = "train", description = "Split of --data to draw the faces from (default: ${DEFAULT-VALUE}; never the split you evaluate on)")
	String split;
	@Option(names = "--faces", defaultValue = "2000", description = "Calibration faces, drawn at random (default: ${DEFAULT-VALUE})")
	int faces;
	@Option(names = "--percentile", defaultValue = "99.999", description = "Share of each ReLU's values inside its 8-bit range, in %% (default: ${DEFAULT-VALUE})")
	double percentile;
	@Option(names = "--weight-bits", defaultValue = "" + OnnxQuantizer.WEIGHT_BITS,
			description = "Bits per weight, 2-8 (default: ${DEFAULT-VALUE}: the same result on x86 processors with and without VNNI)")
	int weightBits;
	@Option(names = "--seed", defaultValue = "15", description = "Seed of the face draw (default: ${DEFAULT-VALUE})")
	long seed;
	@Option(names = "--out", defaultValue = "models/emotion-cnn.int8.onnx", description = "File to write (default: ${DEFAULT-VALUE})")
	Path out;
	@Option(names = "--overwrite", description = "Replace an existing file")
	boolean overwrite;

	@Override
	public Integer call() throws Exception {
		model = Models.projectDefault(model, "models/emotion-cnn.onnx");
		out = Models.projectDefault(out, "models/emotion-cnn.int8.onnx");
		String unwritable = Models.unwritable(out, overwrite);
		if (unwritable != null) {
			System.err.println("error: " + unwritable);
			return 2;
		}
		if (faces < 1 || !(percentile > 50 && percentile <= 100) || weightBits < 2 || weightBits > 8) {
			System.err.println("error: --faces must be at least 1, --percentile in (50, 100] and --weight-bits in 2..8");
			return 2;
		}
		FerDataset set;
		try {
			set = FerDataset.load(data, split, w -> System.err.println("warning: " + w));
		} catch (FerDataset.DatasetException e) {
			System.err.println("error: " + e.getMessage());
			return 2;
		}
		int n = Math.min(faces, set.size());
		int[] order = new Random(seed).ints(0, set.size()).distinct().limit(n).toArray();
		int px = Preprocessing.PIXELS;
		float[] input = new float[n * px];
		for (int i = 0; i < n; i++)
			Preprocessing.standardize(set.images[order[i]], input, i * px);
		Onnx.ModelProto m = Onnx.ModelProto.parseFrom(Files.readAllBytes(model));
		OnnxQuantizer.Ranges ranges = OnnxQuantizer.calibrate(m, input, n, Preprocessing.SIZE, percentile);
		ranges.forEach((k, v) -> System.out.printf(Locale.ROOT, "  %-12s %8.4f .. %8.4f%n", k, v[0], v[1]));
		Onnx.ModelProto q = OnnxQuantizer.quantize(m, ranges, weightBits).toBuilder()
				.addMetadataProps(Onnx.StringStringEntryProto.newBuilder().setKey(OnnxQuantizer.SOURCE_SHA256)
						.setValue(org.faceemotion.core.classify.OnnxEmotionClassifier.sha256(Files.readAllBytes(model))))
				.build();
		org.faceemotion.io.OutputFiles.write(out, q::writeTo);
		System.out.printf(Locale.ROOT, "wrote %s (%d bytes): %d-bit weights, %d calibration faces from %s %s, %.3f %% of each ReLU's values in range%n",
				out, Files.size(out), weightBits, n, data, split, percentile);
		return 0;
	}
}
