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

	/** Why a model file cannot be written to {@code out} (it exists without {@code overwrite}, or its folder is missing), or null. */
	static String unwritable(Path out, boolean overwrite) {
		if (java.nio.file.Files.exists(out) && !overwrite)
			return out + " exists; use --overwrite to replace it";
		Path folder = out.toAbsolutePath().getParent();
		if (folder != null && !java.nio.file.Files.isDirectory(folder))
			return "--out " + out + ": the folder " + folder + " does not exist";
		return null;
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

	/**
	 * A default path of the project (models/..., ../shared/...) from wherever the command is
	 * started: as given when it exists from the current folder, otherwise from the project folder
	 * that holds target/face-emotion.jar. Paths the user typed are never redirected.
	 */
	static Path projectDefault(Path p, String defaultValue) {
		if (p == null || p.isAbsolute() || java.nio.file.Files.exists(p) || !p.toString().equals(defaultValue))
			return p;
		try {
			Path jar = Path.of(Models.class.getProtectionDomain().getCodeSource().getLocation().toURI());
			Path project = java.nio.file.Files.isDirectory(jar) ? jar.getParent().getParent() : jar.getParent().getParent();
			Path candidate = project.resolve(p).normalize();
			return java.nio.file.Files.exists(candidate) || java.nio.file.Files.isDirectory(candidate.getParent()) ? candidate : p;
		} catch (Exception e) {
			return p;
		}
	}
}
