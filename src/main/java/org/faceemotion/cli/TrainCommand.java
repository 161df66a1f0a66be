package org.faceemotion.cli;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;

import org.faceemotion.train.EmotionNet;
import org.faceemotion.train.FerDataset;
import org.faceemotion.train.Trainer;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "train", mixinStandardHelpOptions = true,
		description = "Train the emotion CNN with DL4J on FER-2013 (class folders or fer2013.csv), with a checkpoint after every epoch.")
public final class TrainCommand implements Callable<Integer> {
	@Option(names = "--data", required = true, description = "FER-2013 root: <root>/train and <root>/val class folders, or fer2013.csv")
	Path data;
	@Option(names = "--out", defaultValue = "training", description = "Folder for checkpoints and the log (default: ${DEFAULT-VALUE})")
	Path out;
	@Option(names = "--epochs", description = "Planned epochs; sets the learning-rate schedule (default: 60). "
			+ "With --resume: re-plans the run to this total (default: keep the checkpoint's plan)")
	Integer epochs;
	@Option(names = "--resume", description = "Continue from the checkpoint in --out")
	boolean resume;
	@Option(names = "--batch", defaultValue = "64", description = "Batch size (default: ${DEFAULT-VALUE})")
	int batch;
	@Option(names = "--lr", defaultValue = "0.001", description = "Base learning rate of Adam (default: ${DEFAULT-VALUE}); a resumed run keeps its own")
	double lr;
	@Option(names = "--patience", defaultValue = "15", description = "Early stop after this many epochs without val improvement")
	int patience;
	@Option(names = "--seed", defaultValue = "42")
	long seed;
	@Option(names = "--train-split", defaultValue = "train")
	String trainSplit;
	@Option(names = "--val-split", defaultValue = "val")
	String valSplit;
	@Option(names = "--limit", defaultValue = "0", description = "Use only the first N training images of a shuffled order (quick tries)")
	int limit;
	@Option(names = "--max-iterations", defaultValue = "0", description = "Stop after N iterations (benchmarks)")
	long maxIterations;
	@Option(names = "--erase", defaultValue = "0.4", description = "Probability of random erasing in augmentation (default: ${DEFAULT-VALUE}); kept on --resume")
	double erase;
	@Option(names = "--mixup", defaultValue = "0", description = "Mixup: alpha of the Beta distribution of the mixing weight, on half the batches (0 = off; 0.2-0.4 typical); kept on --resume")
	double mixup;
	@Option(names = "--label-smoothing", defaultValue = "0", description = "Label smoothing: targets (1 - e) one-hot + e / 7 (0 = off; 0.1 typical); kept on --resume")
	double labelSmoothing;
	@Option(names = "--jpeg", defaultValue = "0", description = "Probability of a JPEG round trip (quality 20-95) in augmentation (0 = off; 0.2 typical); kept on --resume")
	double jpeg;
	@Option(names = "--camera-effects", description = "Also augment with blur and sensor noise, as cameras and detectors give; kept on --resume")
	boolean cameraEffects;
	@Option(names = "--snapshots", description = "Keep the network after every epoch in <out>/snapshots/epoch-N.zip (for average); kept on --resume")
	boolean snapshots;
	@Option(names = "--nhwc", description = "Use the NHWC layout for convolutions")
	boolean nhwc;
	@Option(names = "--widths", split = ",", paramLabel = "C1,C2,C3,C4",
			description = "New runs: channels of the four convolution blocks (default: 32,64,128,256)")
	int[] widths;
	@Option(names = "--convs", split = ",", paramLabel = "N1,N2,N3,N4",
			description = "New runs: convolutions per block (default: 1,1,2,2)")
	int[] convs;
	@Option(names = "--hidden", description = "New runs: units of the hidden fully connected layer (default: 256)")
	Integer hidden;
	@Option(names = "--dropout", split = ",", paramLabel = "P1,P2,P3,P4,PH",
			description = "New runs: dropout probability after each convolution block and in the hidden layer (default: 0.1,0.15,0.2,0.25,0.5)")
	double[] dropout;
	@Option(names = "--teacher", paramLabel = "MODEL.onnx", description = "Distillation: an ONNX emotion model whose calibrated probabilities "
			+ "(with the mirror image; several: their mean) are mixed into the targets; computed once into <out>/" + org.faceemotion.train.TeacherTargets.CACHE
			+ "; kept on --resume")
	List<Path> teachers;
	@Option(names = "--distill", defaultValue = "0.5", description = "With --teacher: weight of the teachers' probabilities in each target, the label having the rest (default: ${DEFAULT-VALUE})")
	double distill;
	@Option(names = "--targets", paramLabel = "fer2013|ferplus|mix:W", description = "What the network learns: FER-2013's labels, "
			+ "the FER+ taggers' vote distributions (" + org.faceemotion.train.FerPlusVotes.FILE + " beside the data; images whose largest "
			+ "vote is unknown or not-a-face, and images without votes, are left out), or W * votes + (1 - W) * label "
			+ "(default: fer2013; a resumed run keeps its own)")
	String targets;
	@Option(names = "--votes", paramLabel = "FILE", description = "FER+ votes (default: " + org.faceemotion.train.FerPlusVotes.FILE
			+ " in --data or its parent); when found, every epoch also reports val agreement with the taggers")
	Path votes;
	@Option(names = "--init", description = "Warm start from this DL4J model's weights (when no checkpoint is left to --resume)")
	Path init;
	@Option(names = "--start-epoch", defaultValue = "1", description = "With --init: the epoch of the schedule to continue at")
	int startEpoch;

	@Override
	public Integer call() throws Exception {
		try {
			// settings first: a typo should not wait for the data to decode
			if (epochs != null && epochs < 1)
				throw new IllegalArgumentException("--epochs must be at least 1, not " + epochs);
			if (erase < 0 || erase > 1)
				throw new IllegalArgumentException("--erase must be between 0 and 1, not " + erase);
			if (!(mixup >= 0 && mixup <= 10))
				throw new IllegalArgumentException("--mixup must be between 0 and 10, not " + mixup);
			if (!(jpeg >= 0 && jpeg <= 1))
				throw new IllegalArgumentException("--jpeg must be between 0 and 1, not " + jpeg);
			if (!(labelSmoothing >= 0 && labelSmoothing < 1))
				throw new IllegalArgumentException("--label-smoothing must be at least 0 and below 1, not " + labelSmoothing);
			if (resume && !java.nio.file.Files.exists(out.resolve(Trainer.CHECKPOINT)))
				throw new IllegalArgumentException("--resume: no checkpoint in " + out.toAbsolutePath() + " (" + Trainer.CHECKPOINT
						+ "); start a new run without --resume, or give the --out of the run to continue");
			if (batch < 1)
				throw new IllegalArgumentException("--batch must be at least 1, not " + batch);
			EmotionNet defaults = new EmotionNet();
			checkBlocks("--widths", widths, defaults.widths.length);
			checkBlocks("--convs", convs, defaults.widths.length);
			if (dropout != null) {
				if (dropout.length != defaults.widths.length + 1)
					throw new IllegalArgumentException("--dropout needs " + (defaults.widths.length + 1)
							+ " values (one per block, then the hidden layer), not " + dropout.length);
				for (double p : dropout)
					if (!(p >= 0 && p < 1))
						throw new IllegalArgumentException("--dropout values must be at least 0 and below 1, not " + p);
			}
			if (!(distill >= 0 && distill <= 1))
				throw new IllegalArgumentException("--distill must be between 0 and 1, not " + distill);
			if (teachers != null) {
				if (resume)
					throw new IllegalArgumentException("--teacher: a resumed run keeps the teachers it was started with");
				for (Path t : teachers) {
					if (!java.nio.file.Files.isRegularFile(t))
						throw new IllegalArgumentException("--teacher " + t + ": no such file");
					if (!t.getFileName().toString().toLowerCase(java.util.Locale.ROOT).endsWith(".onnx"))
						throw new IllegalArgumentException("--teacher " + t + ": not an ONNX model (export a DL4J .zip with export-onnx first)");
				}
			}
			org.faceemotion.train.FerPlusVotes.TargetMode targetMode = targets == null ? null
					: org.faceemotion.train.FerPlusVotes.TargetMode.parse(targets);
			if (targetMode != null && resume)
				throw new IllegalArgumentException("--targets: a resumed run keeps the targets it was started with");
			Path votesFile = votes != null ? votes : org.faceemotion.train.FerPlusVotes.find(data);
			if (votes != null && !java.nio.file.Files.isRegularFile(votes))
				throw new IllegalArgumentException("--votes " + votes + ": no such file");
			if (targetMode != null && targetMode.usesVotes() && votesFile == null)
				throw new IllegalArgumentException("--targets " + targets + ": no " + org.faceemotion.train.FerPlusVotes.FILE + " in " + data
						+ " or its parent; give it with --votes");
			if (hidden != null && hidden < 1)
				throw new IllegalArgumentException("--hidden must be at least 1, not " + hidden);
			if (init != null && (widths != null || convs != null || hidden != null || dropout != null))
				throw new IllegalArgumentException("--widths, --convs, --hidden and --dropout describe a new network; --init brings its own");
			long t0 = System.nanoTime();
			FerDataset train = FerDataset.load(data, trainSplit, w -> System.err.println("warning: " + w));
			FerDataset val = FerDataset.load(data, valSplit, w -> System.err.println("warning: " + w));
			if (limit > 0 && limit < train.size())
				train = train.subset(Arrays.copyOf(org.faceemotion.train.Batches.epochOrder(train.size(), seed, -2), limit));
			System.out.printf("data: %d train, %d val images (decoded in %.1f s); train per class %s%n", train.size(), val.size(),
					(System.nanoTime() - t0) / 1e9, Arrays.toString(train.classCounts()));
			Trainer trainer = new Trainer();
			if (votesFile != null) {
				trainer.votes = org.faceemotion.train.FerPlusVotes.load(votesFile);
				System.out.printf("FER+ votes: %d rows from %s%n", trainer.votes.rows(), votesFile);
			}
			if (targetMode != null)
				trainer.targets = targetMode;
			if (epochs != null) {
				trainer.epochs = epochs;
				if (resume)
					trainer.replanEpochs = epochs;
			}
			trainer.batchSize = batch;
			trainer.patience = patience;
			trainer.seed = seed;
			trainer.maxIterations = maxIterations;
			trainer.keepSnapshots = snapshots;
			trainer.augmenter.eraseProbability = erase;
			trainer.augmenter.mixupAlpha = mixup;
			trainer.augmenter.labelSmoothing = labelSmoothing;
			trainer.augmenter.jpegProbability = jpeg;
			if (cameraEffects)
				trainer.augmenter.withCameraEffects();
			if (teachers != null)
				trainer.teachers = teachers;
			trainer.distillWeight = distill;
			trainer.netSpec.learningRate = lr;
			if (widths != null)
				trainer.netSpec.widths = widths;
			if (convs != null)
				trainer.netSpec.convsPerBlock = convs;
			if (hidden != null)
				trainer.netSpec.hidden = hidden;
			if (dropout != null) {
				for (int b = 0; b < defaults.widths.length; b++)
					trainer.netSpec.blockRetain[b] = 1 - dropout[b];
				trainer.netSpec.hiddenRetain = 1 - dropout[defaults.widths.length];
			}
			if (init != null) {
				trainer.initFrom = org.faceemotion.train.Dl4jEmotionClassifier.loadNetwork(init);
				trainer.initStartEpoch = startEpoch;
			}
			if (nhwc)
				trainer.netSpec.format = org.deeplearning4j.nn.conf.CNN2DFormat.NHWC;
			Trainer.Result r = trainer.train(train, val, out, resume);
			if (java.nio.file.Files.isRegularFile(out.resolve(Trainer.BEST)))
				System.out.printf("best val %s %.4f at epoch %d; best model: %s%n", trainer.targets.usesVotes() ? "agreement with the FER+ majority"
						: "accuracy", r.bestValAccuracy, r.bestEpoch, out.resolve(Trainer.BEST));
			else
				System.out.printf("no best model written: the validation figure never rose above 0 (%d epoch(s) done)%n", r.epochsDone);
			return 0;
		} catch (FerDataset.DatasetException | java.io.IOException | IllegalArgumentException e) {
			System.err.println("error: " + e.getMessage());
			return 2;
		}
	}

	private static void checkBlocks(String option, int[] values, int blocks) {
		if (values == null)
			return;
		if (values.length != blocks)
			throw new IllegalArgumentException(option + " needs " + blocks + " values (one per block), not " + values.length);
		for (int v : values)
			if (v < 1)
				throw new IllegalArgumentException(option + " values must be at least 1, not " + v);
	}
}
