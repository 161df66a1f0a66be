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
import org.faceemotion.train.FerPlusVotes;
import org.faceemotion.train.VoteMetrics;
import org.faceemotion.core.classify.Prior;

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
	@Option(names = "--no-bias", description = "With --labels ferplus: fit the temperature alone, no bias per emotion (the top emotion stays the network's)")
	boolean noBias;
	@Option(names = "--labels", paramLabel = "fer2013|ferplus", description = "What the probabilities are fitted to: FER-2013's labels "
			+ "(temperature only) or the FER+ taggers' vote distributions (temperature and a bias per emotion, and the taggers' prior of the "
			+ "training split written beside them for the balanced prior). Default: ferplus when " + FerPlusVotes.FILE + " is beside the data")
	String labels;
	@Option(names = "--votes", paramLabel = "FILE", description = "FER+ votes (default: " + FerPlusVotes.FILE + " in --data or its parent)")
	Path votes;
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
			Path votesFile = votes != null ? votes : FerPlusVotes.find(data);
			boolean toVotes = labels == null ? votesFile != null : EvaluateCommand.votesLabels(labels);
			if (toVotes && (votesFile == null || !Files.isRegularFile(votesFile)))
				throw new IllegalArgumentException("--labels ferplus: no " + FerPlusVotes.FILE + (votes != null ? " at " + votes : " in " + data
						+ " or its parent; give it with --votes"));
			FerDataset ds = FerDataset.load(data, split, w -> System.err.println("warning: " + w));
			OnnxEmotionClassifier c = OnnxEmotionClassifier.load(model);
			c.setCalibration(Calibration.NONE); // fit on the network's own probabilities
			float[][] p = new float[ds.size()][];
			for (int from = 0; from < ds.size(); from += 256) {
				int to = Math.min(ds.size(), from + 256);
				List<byte[]> batch = new ArrayList<>();
				for (int i = from; i < to; i++)
					batch.add(ds.images[i]);
				float[][] q = c.classify(batch);
				System.arraycopy(q, 0, p, from, q.length);
			}
			if (toVotes) {
				fitToVotes(FerPlusVotes.load(votesFile), ds, p, out);
				return 0;
			}
			double t = Calibration.fitTemperature(p, ds.labels);
			double eceBefore = Calibration.ece(p, ds.labels, 1, bins), eceAfter = Calibration.ece(p, ds.labels, t, bins);
			double nllBefore = Calibration.nll(p, ds.labels, 1), nllAfter = Calibration.nll(p, ds.labels, t);
			System.out.printf(Locale.ROOT, "%d faces of %s%n", ds.size(), data);
			System.out.printf(Locale.ROOT, "temperature: %.4f%n", t);
			System.out.printf(Locale.ROOT, "ECE (%d bins): %.4f before, %.4f after%n", bins, eceBefore, eceAfter);
			System.out.printf(Locale.ROOT, "NLL: %.4f before, %.4f after%n", nllBefore, nllAfter);
			// the prior the calibrated model reproduces: its mean probabilities over these faces (divided out for the balanced prior)
			double[] prior = new double[org.faceemotion.core.model.Emotion.COUNT];
			for (float[] q : p) {
				float[] calibrated = Calibration.apply(q, t);
				for (int k = 0; k < prior.length; k++)
					prior[k] += calibrated[k] / p.length;
			}
			System.out.printf(Locale.ROOT, "prior (mean calibrated probabilities): %s%n", java.util.Arrays.toString(prior));
			String note = String.format(Locale.ROOT, "fitted on %d faces of %s; ECE %.4f -> %.4f; prior: the mean calibrated probabilities", ds.size(),
					data.getFileName(), eceBefore, eceAfter);
			Calibration fit = new Calibration(t, new double[org.faceemotion.core.model.Emotion.COUNT], prior);
			org.faceemotion.io.OutputFiles.write(out, o -> o.write(fit.properties(note).getBytes(java.nio.charset.StandardCharsets.UTF_8)));
			System.out.println("wrote " + out);
			return 0;
		} catch (FerDataset.DatasetException | IllegalArgumentException e) {
			System.err.println("error: " + e.getMessage());
			return 2;
		}
	}

	/** Temperature and bias fitted to the votes of the usable images, the training split's prior, the figures before and after. */
	private void fitToVotes(FerPlusVotes votes, FerDataset ds, float[][] p, Path out) throws java.io.IOException {
		FerPlusVotes.Matched m = votes.match(ds);
		List<float[]> probs = new ArrayList<>(), targets = new ArrayList<>();
		for (int i = 0; i < ds.size(); i++) {
			float[] d = new float[org.faceemotion.core.model.Emotion.COUNT];
			if (m.distribution(i, d, 0)) {
				probs.add(p[i]);
				targets.add(d);
			}
		}
		if (probs.isEmpty())
			throw new IllegalArgumentException(data + ": none of its images has usable FER+ votes in " + votes.file);
		FerPlusVotes.Matched train = votes.rowsUnder("train/");
		double[] prior = (train.size() > 0 ? train : m).prior();
		Calibration fit = Calibration.fitToDistributions(probs.toArray(new float[0][]), targets.toArray(new float[0][]), prior, !noBias);
		System.out.printf(Locale.ROOT, "%d faces of %s with usable FER+ votes (of %d); prior from the %s votes%n", probs.size(), data,
				ds.size(), train.size() > 0 ? "training split's " + train.size() : "same images'");
		System.out.printf(Locale.ROOT, "temperature: %.4f%nbias: %s%nprior: %s%n", fit.temperature, java.util.Arrays.toString(fit.bias()),
				java.util.Arrays.toString(prior));
		for (Calibration cal : new Calibration[] { Calibration.NONE, fit })
			for (Prior mode : cal.hasPrior() ? Prior.values() : new Prior[] { Prior.EVERYDAY }) {
				VoteMetrics v = new VoteMetrics();
				for (int i = 0; i < ds.size(); i++)
					v.add(cal.apply(p[i], mode), m, i);
				System.out.printf(Locale.ROOT, "%s, %s prior: majority accuracy %.4f, balanced accuracy %.4f, tagger share %.4f, cross-entropy %.4f%n",
						cal == fit ? "calibrated" : "uncalibrated", mode.id(), v.majorityAccuracy(), v.balancedAccuracy(), v.taggerShare(),
						v.crossEntropy());
			}
		String note = String.format(Locale.ROOT, "fitted to the FER+ votes of %d faces of %s", probs.size(), data.getFileName());
		org.faceemotion.io.OutputFiles.write(out, o -> o.write(fit.properties(note).getBytes(java.nio.charset.StandardCharsets.UTF_8)));
		System.out.println("wrote " + out);
	}
}
