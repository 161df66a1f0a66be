package org.faceemotion.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

import org.faceemotion.train.Nd4jBackend;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Command-line entry: {@code java -jar face-emotion.jar <command>}. */
@Command(name = "face-emotion", mixinStandardHelpOptions = true, version = "face-emotion 0.1.0",
		description = "Facial expression recognition: annotate images, stacks and videos, run live, train and evaluate the model.")
public final class Main implements Runnable {
	/** The commands by name, in the order of the help. */
	static final Map<String, Supplier<Object>> COMMANDS = new LinkedHashMap<>();
	static {
		COMMANDS.put("imagej", ImageJCommand::new);
		COMMANDS.put("annotate", AnnotateCommand::new);
		COMMANDS.put("train", TrainCommand::new);
		COMMANDS.put("evaluate", EvaluateCommand::new);
		COMMANDS.put("calibrate", CalibrateCommand::new);
		COMMANDS.put("crop-geometry", CropGeometryCommand::new);
		COMMANDS.put("alignment", AlignmentCommand::new);
		COMMANDS.put("export-onnx", ExportOnnxCommand::new);
		COMMANDS.put("quantize", QuantizeCommand::new);
		COMMANDS.put("convert-tflite", ConvertTfliteCommand::new);
		COMMANDS.put("average", AverageCommand::new);
		COMMANDS.put("benchmark", BenchmarkCommand::new);
		COMMANDS.put("bench-video", BenchVideoCommand::new);
		COMMANDS.put("live", LiveCommand::new);
		COMMANDS.put("quality-thresholds", QualityCommand::new);
		COMMANDS.put("compare-tables", CompareTablesCommand::new);
		COMMANDS.put("fit-fer2013-head", Fer2013HeadCommand::new);
	}
	/** Commands that run ONNX networks through OpenCV only: they never load DL4J. */
	private static final Set<String> WITHOUT_DL4J = Set.of("imagej", "annotate", "live", "bench-video", "compare-tables");

	@Override
	public void run() {
		commandLine("").usage(System.out); // with every command listed
	}

	public static int execute(String... args) {
		String name = args.length > 0 ? args[0] : "";
		// ND4J's native build must be chosen before javacpp loads its first library (FFmpeg may be
		// the first); commands without DL4J skip the class-path search it costs
		if (!WITHOUT_DL4J.contains(name))
			Nd4jBackend.init();
		return commandLine(name).execute(args);
	}

	/**
	 * The command line with only the named command, when it is one (building all twelve costs a
	 * user 0.1-0.2 s of start-up in picocli's reflection); with all of them for the help and for a
	 * mistyped name, so picocli lists them and suggests the nearest.
	 */
	static CommandLine commandLine(String name) {
		CommandLine cl = new CommandLine(new Main());
		Supplier<Object> only = COMMANDS.get(name);
		if (only != null)
			cl.addSubcommand(name, only.get());
		else
			COMMANDS.forEach((n, c) -> cl.addSubcommand(n, c.get()));
		return cl;
	}

	public static void main(String[] args) {
		System.exit(execute(args));
	}
}
