package org.faceemotion.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import org.faceemotion.core.classify.EmotionClassifier;
import org.faceemotion.core.model.Emotion;
import org.faceemotion.train.FerDataset;
import org.faceemotion.train.FerPlusVotes;
import org.faceemotion.train.Metrics;
import org.faceemotion.train.VoteMetrics;
import org.faceemotion.core.classify.Prior;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "evaluate", mixinStandardHelpOptions = true,
		description = "Classify face images in <class>/ folders (no detection) and print precision, recall, F1, the confusion matrix and the accuracy.")
public final class EvaluateCommand implements Callable<Integer> {
	@Option(names = "--data", required = true, description = "Folder of <class>/*.{jpg,png,tif} (any subset of the 7 classes), or a fer2013.csv")
	Path data;
	@Option(names = "--split", description = "With a CSV or a folder of splits: which split (train, val, test)")
	String split;
	@Option(names = "--model", description = "DL4J .zip or .onnx model (default: the shipped emotion-cnn.onnx); "
			+ "given more than once, the ensemble of the models (mean probabilities)")
	List<Path> model;
	@Option(names = "--tta", description = "Test-time augmentation: average each face with its mirror image")
	boolean tta;
	@Option(names = "--labels", paramLabel = "fer2013|ferplus", description = "Also score against the FER+ taggers' votes (ferplus; "
			+ "the default when " + FerPlusVotes.FILE + " is in --data or its parent), or FER-2013's labels only (fer2013)")
	String labels;
	@Option(names = "--votes", paramLabel = "FILE", description = "FER+ votes (default: " + FerPlusVotes.FILE + " in --data or its parent)")
	Path votes;
	@Option(names = "--prior", paramLabel = "everyday|balanced", description = "How the emotions are weighed (the model's calibration "
			+ "must hold the class prior for balanced; default: everyday)")
	String prior;

	static boolean votesLabels(String labels) {
		switch (labels.trim().toLowerCase(java.util.Locale.ROOT)) {
		case "ferplus":
			return true;
		case "fer2013":
			return false;
		default:
			throw new IllegalArgumentException("--labels " + labels + ": expected fer2013 or ferplus");
		}
	}

	@Override
	public Integer call() {
		try (EmotionClassifier classifier = Models.open(model)) {
			Path votesFile = votes != null ? votes : FerPlusVotes.find(data);
			boolean toVotes = labels == null ? votesFile != null : votesLabels(labels);
			if (toVotes && (votesFile == null || !java.nio.file.Files.isRegularFile(votesFile)))
				throw new IllegalArgumentException("--labels ferplus: no " + FerPlusVotes.FILE + (votes != null ? " at " + votes : " in " + data
						+ " or its parent; give it with --votes"));
			if (prior != null)
				classifier.setPrior(Prior.parse(prior));
			FerDataset ds = FerDataset.load(data, split, w -> System.err.println("warning: " + w));
			FerPlusVotes.Matched matched = toVotes ? FerPlusVotes.load(votesFile).match(ds) : null;
			VoteMetrics people = new VoteMetrics();
			Metrics m = new Metrics();
			for (int from = 0; from < ds.size(); from += 128) {
				int to = Math.min(ds.size(), from + 128);
				List<byte[]> batch = new ArrayList<>();
				for (int i = from; i < to; i++)
					batch.add(ds.images[i]);
				float[][] p = tta ? classifier.classifyWithFlip(batch) : classifier.classify(batch);
				for (int i = from; i < to; i++) {
					m.add(ds.labels[i], Emotion.argmax(p[i - from]).ordinal());
					if (matched != null)
						people.add(p[i - from], matched, i);
				}
			}
			System.out.printf("model: %s; prior: %s%n", classifier, classifier.prior().id());
			if (matched != null) {
				System.out.print(people.report());
				System.out.printf("%nagainst FER-2013's labels:%n");
			}
			System.out.print(m.report());
			return 0;
		} catch (FerDataset.DatasetException | IllegalArgumentException e) {
			System.err.println("error: " + e.getMessage());
			return 2;
		}
	}
}
