package org.faceemotion.cli;

import org.faceemotion.train.Nd4jBackend;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Command-line entry: {@code java -jar face-emotion.jar <command>}. */
@Command(name = "face-emotion", mixinStandardHelpOptions = true, version = "face-emotion 0.1.0",
		description = "Facial expression recognition: annotate images, stacks and videos, run live, train and evaluate the model.",
		subcommands = { ImageJCommand.class, AnnotateCommand.class, TrainCommand.class, EvaluateCommand.class, CalibrateCommand.class, CropGeometryCommand.class, AlignmentCommand.class, ExportOnnxCommand.class, AverageCommand.class, BenchmarkCommand.class, BenchVideoCommand.class, LiveCommand.class })
public final class Main implements Runnable {
	@Override
	public void run() {
		CommandLine.usage(this, System.out);
	}

	public static int execute(String... args) {
		Nd4jBackend.init();
		return new CommandLine(new Main()).execute(args);
	}

	public static void main(String[] args) {
		System.exit(execute(args));
	}
}
