package org.faceemotion.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

import org.faceemotion.core.classify.Calibration;
import org.faceemotion.core.classify.OnnxEmotionClassifier;
import org.faceemotion.train.FerDataset;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "calibrate", mixinStandardHelpOptions = true,
		description = { "Fit the temperature that calibrates the model's probabilities on a validation split (FER-2013 PublicTest),",
				"print the expected calibration error (ECE) before and after, and write it beside the model, where the plugin reads it." })
public final class CalibrateCommand implements Callable<Integer> {
	@Option(names = "--data", required = true, description = "Validation images in <class>/ folders, or a FER-2013 root with --split")
	Path data;
	@Option(names = "--split", description = "With a folder of splits or fer2013.csv: which split (val)")
	String split;
	@Option(names = "--model", defaultValue = "models/emotion-cnn.onnx", description = "ONNX model (default: ${DEFAULT-VALUE}, the shipped one)")
	Path model;
	@Option(names = "--bins", defaultValue = "15", description = "Confidence bins of the ECE (default: ${DEFAULT-VALUE})")
	int bins;
	@Option(names = "--overwrite", description = "Replace an existing calibration file")
	boolean overwrite;

	@Override
	public Integer call() throws Exception {
		model = Models.projectDefault(model, "models/emotion-cnn.onnx");
		Path out = model.resolveSibling(model.getFileName().toString().replaceFirst("\\.onnx$", "") + OnnxEmotionClassifier.CALIBRATION_SUFFIX);
		try {
			if (bins < 2)
				throw new IllegalArgumentException("--bins must be at least 2, not " + bins);
			if (Files.exists(out) && !overwrite)
				throw new IllegalArgumentException(out + " exists; use --overwrite to replace it");
			FerDataset ds = FerDataset.load(data, split, w -> System.err.println("warning: " + w));
			OnnxEmotionClassifier c = OnnxEmotionClassifier.load(model);
			c.setTemperature(1); // fit on the network's own probabilities
			float[][] p = new float[ds.size()][];
			for (int from = 0; from < ds.size(); from += 256) {
				int to = Math.min(ds.size(), from + 256);
				List<byte[]> batch = new ArrayList<>();
				for (int i = from; i < to; i++)
					batch.add(ds.images[i]);
				float[][] q = c.classify(batch);
				System.arraycopy(q, 0, p, from, q.length);
			}
			double t = Calibration.fitTemperature(p, ds.labels);
			double eceBefore = Calibration.ece(p, ds.labels, 1, bins), eceAfter = Calibration.ece(p, ds.labels, t, bins);
			double nllBefore = Calibration.nll(p, ds.labels, 1), nllAfter = Calibration.nll(p, ds.labels, t);
			System.out.printf(Locale.ROOT, "%d faces of %s%n", ds.size(), data);
			System.out.printf(Locale.ROOT, "temperature: %.4f%n", t);
			System.out.printf(Locale.ROOT, "ECE (%d bins): %.4f before, %.4f after%n", bins, eceBefore, eceAfter);
			System.out.printf(Locale.ROOT, "NLL: %.4f before, %.4f after%n", nllBefore, nllAfter);
			String note = String.format(Locale.ROOT, "fitted on %d faces of %s; ECE %.4f -> %.4f", ds.size(), data.getFileName(), eceBefore,
					eceAfter);
			org.faceemotion.train.Trainer.writeAtomically(out, o -> o.write(Calibration.properties(t, note).getBytes(java.nio.charset.StandardCharsets.UTF_8)));
			System.out.println("wrote " + out);
			return 0;
		} catch (FerDataset.DatasetException | IllegalArgumentException e) {
			System.err.println("error: " + e.getMessage());
			return 2;
		}
	}
}
