package org.faceemotion.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.faceemotion.core.classify.EmotionClassifier;
import org.faceemotion.core.classify.EnsembleClassifier;
import org.faceemotion.core.classify.OnnxEmotionClassifier;
import org.faceemotion.train.Dl4jEmotionClassifier;

/** Opens an emotion model named on the command line: DL4J (.zip), ONNX (.onnx), or the shipped one. */
final class Models {
	private Models() {
	}

	/** One model, or the mean of several (an ensemble); none means the shipped model. */
	static EmotionClassifier open(List<Path> models) {
		if (models == null || models.isEmpty())
			return open((Path) null);
		if (models.size() == 1)
			return open(models.get(0));
		List<EmotionClassifier> opened = new ArrayList<>();
		try {
			for (Path m : models)
				opened.add(open(m));
		} catch (RuntimeException e) {
			opened.forEach(EmotionClassifier::close);
			throw e;
		}
		return new EnsembleClassifier(opened);
	}

	static EmotionClassifier open(Path model) {
		if (model == null)
			return OnnxEmotionClassifier.shipped();
		String n = model.getFileName().toString().toLowerCase(Locale.ROOT);
		if (n.endsWith(".zip"))
			return new Dl4jEmotionClassifier(Dl4jEmotionClassifier.loadNetwork(model));
		if (n.endsWith(".onnx"))
			return OnnxEmotionClassifier.load(model);
		throw new IllegalArgumentException(model + ": not a model file (expected a DL4J .zip or an .onnx file)");
	}
}
