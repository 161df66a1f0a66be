package org.faceemotion.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import org.faceemotion.core.classify.EmotionClassifier;
import org.faceemotion.core.model.Emotion;
import org.faceemotion.train.FerDataset;
import org.faceemotion.train.Metrics;

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

	@Override
	public Integer call() {
		try (EmotionClassifier classifier = Models.open(model)) {
			FerDataset ds = FerDataset.load(data, split, w -> System.err.println("warning: " + w));
			Metrics m = new Metrics();
			for (int from = 0; from < ds.size(); from += 128) {
				int to = Math.min(ds.size(), from + 128);
				List<byte[]> batch = new ArrayList<>();
				for (int i = from; i < to; i++)
					batch.add(ds.images[i]);
				float[][] p = tta ? classifier.classifyWithFlip(batch) : classifier.classify(batch);
				for (int i = from; i < to; i++)
					m.add(ds.labels[i], Emotion.argmax(p[i - from]).ordinal());
			}
			System.out.print(m.report());
			return 0;
		} catch (FerDataset.DatasetException | IllegalArgumentException e) {
			System.err.println("error: " + e.getMessage());
			return 2;
		}
	}
}
