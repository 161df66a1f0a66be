package org.faceemotion.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.faceemotion.train.Dl4jEmotionClassifier;
import org.faceemotion.train.Trainer;
import org.faceemotion.train.WeightAveraging;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "average", mixinStandardHelpOptions = true,
		description = { "Average the weights of several checkpoints of one network (e.g. the last epochs of a run) into one DL4J model.",
				"Unlike an ensemble the result costs no more than one network at inference; check it with evaluate." })
public final class AverageCommand implements Callable<Integer> {
	@Option(names = "--model", required = true, split = ",", description = "DL4J checkpoint; repeat (or separate by commas), at least two")
	List<Path> models;
	@Option(names = "--out", required = true, description = "DL4J model file to write")
	Path out;
	@Option(names = "--overwrite", description = "Replace an existing output file")
	boolean overwrite;

	@Override
	public Integer call() throws Exception {
		if (models.size() < 2) {
			System.err.println("error: give at least two --model files to average");
			return 2;
		}
		if (Files.exists(out) && !overwrite) {
			System.err.println("error: " + out + " exists; use --overwrite to replace it");
			return 2;
		}
		List<MultiLayerNetwork> nets = new ArrayList<>();
		List<String> names = new ArrayList<>();
		final MultiLayerNetwork avg;
		try {
			for (Path m : models) {
				nets.add(Dl4jEmotionClassifier.loadNetwork(m));
				names.add(m.toString());
			}
			avg = WeightAveraging.average(nets, names);
		} catch (IllegalArgumentException e) {
			System.err.println("error: " + e.getMessage());
			return 2;
		}
		Files.createDirectories(out.toAbsolutePath().getParent());
		org.faceemotion.io.OutputFiles.write(out, o -> ModelSerializer.writeModel(avg, o, false));
		System.out.printf("wrote %s: mean of %d networks (%d parameters each)%n", out, nets.size(), avg.numParams());
		return 0;
	}
}
