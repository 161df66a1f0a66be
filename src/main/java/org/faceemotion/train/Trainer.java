package org.faceemotion.train;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.faceemotion.core.model.Emotion;
import org.faceemotion.io.OutputFiles;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;

/**
 * Trains {@link EmotionNet} on FER-2013 with augmentation, a warm-up plus cosine learning-rate
 * schedule, class-weighted loss for the rare classes, early stopping on validation accuracy, and
 * a checkpoint after every epoch from which {@code resume} continues after a kill.
 *
 * Files in the output folder: {@code checkpoint.zip} (network and updater after the last finished
 * epoch), {@code state.properties}, {@code best.zip} (best validation accuracy so far) and
 * {@code training-log.csv}. Each is written to a temporary file and moved into place, so a kill
 * never leaves a half-written checkpoint and an old one is only replaced by a complete new one.
 */
public final class Trainer {
	static {
		Nd4jBackend.init();
	}

	public static final String CHECKPOINT = "checkpoint.zip", BEST = "best.zip", STATE = "state.properties", SNAPSHOTS = "snapshots",
			LOG = "training-log.csv";
	private static final String LOG_HEADER = "epoch,learning_rate,train_loss,train_accuracy,val_loss,val_accuracy,seconds,images_per_s,"
			+ "val_ferplus_majority_accuracy,val_ferplus_cross_entropy";

	public int epochs = 60;
	public int batchSize = 64;
	public int patience = 15;
	public long seed = 42;
	public double minLrFraction = 0.01;
	/** Stop after this many iterations in total (for tests and benchmarks); 0 = no limit. */
	public long maxIterations;
	/** Also keep the network after every epoch as {@code snapshots/epoch-N.zip} (for {@link WeightAveraging}). */
	public boolean keepSnapshots;
	public EmotionNet netSpec = new EmotionNet();
	/** Distillation: ONNX teachers whose soft targets ({@link TeacherTargets}) are mixed into the labels; kept on resume. */
	public List<Path> teachers = List.of();
	/** Weight of the teachers' probabilities in each target (the label has 1 - this). */
	public double distillWeight = 0.5;
	public Augmenter augmenter = new Augmenter();
	/** What the network learns: FER-2013's labels, FER+'s vote distributions or a mix of both; kept on resume. */
	public FerPlusVotes.TargetMode targets = FerPlusVotes.TargetMode.FER2013;
	/** The FER+ votes, needed when {@link #targets} uses them; with them the validation also measures agreement with the taggers. */
	public FerPlusVotes votes;
	public PrintStream out = System.out;
	/** Called after every training iteration with the iteration count (tests use it to simulate a kill). */
	public java.util.function.LongConsumer afterIteration = i -> {
	};

	/** What a finished (or stopped) run reached. */
	public static final class Result {
		public int epochsDone;
		/** Best validation figure: accuracy against FER-2013's labels, or against the taggers' majority when training on votes. */
		public double bestValAccuracy;
		public int bestEpoch;
		public boolean stoppedEarly;
		public double lastTrainLoss;
		public double imagesPerSecond;
	}

	/** Class weights max(1, sqrt(median count / count)): lifts disgust (about 3x) without weakening frequent classes. */
	public static double[] classWeights(int[] counts) {
		int[] sorted = counts.clone();
		java.util.Arrays.sort(sorted);
		double median = sorted[sorted.length / 2];
		double[] w = new double[counts.length];
		for (int i = 0; i < counts.length; i++)
			w[i] = counts[i] == 0 ? 1 : Math.min(4, Math.max(1, Math.sqrt(median / counts[i])));
		return w;
	}

	/**
	 * Warm start when no checkpoint can be resumed (e.g. on a fresh machine): the weights of this
	 * model, training continuing at {@link #initStartEpoch} of the schedule with a fresh optimiser.
	 */
	public MultiLayerNetwork initFrom;
	public int initStartEpoch = 1;
	/**
	 * On resume: a new planned number of epochs (0 = keep the checkpoint's plan). The learning-rate
	 * schedule is recomputed for the new total from the next epoch on, e.g. to finish a run sooner.
	 */
	public int replanEpochs;

	public Result train(FerDataset train, FerDataset val, Path outDir, boolean resume) throws IOException {
		Files.createDirectories(outDir);
		Path checkpoint = outDir.resolve(CHECKPOINT), statePath = outDir.resolve(STATE), logPath = outDir.resolve(LOG);
		Properties state = new Properties();
		MultiLayerNetwork net;
		int startEpoch;
		Result result = new Result();
		if (resume && Files.exists(checkpoint)) {
			if (!Files.exists(statePath))
				throw new IOException(statePath + ": missing, cannot resume from " + checkpoint);
			try (InputStream in = Files.newInputStream(statePath)) {
				state.load(in);
			}
			try {
				net = ModelSerializer.restoreMultiLayerNetwork(checkpoint.toFile(), true);
			} catch (Exception e) {
				throw new IOException(checkpoint + ": cannot read checkpoint (" + e.getMessage() + ")", e);
			}
			startEpoch = Integer.parseInt(state.getProperty("epoch")) + 1;
			epochs = Integer.parseInt(state.getProperty("epochs", String.valueOf(epochs)));
			if (replanEpochs > 0 && replanEpochs != epochs) {
				if (replanEpochs < startEpoch - 1)
					throw new IllegalArgumentException("--epochs " + replanEpochs + ": " + checkpoint + " has already finished epoch "
							+ (startEpoch - 1));
				out.printf(Locale.ROOT, "re-planned: %d epochs instead of %d (the learning-rate schedule follows the new total)%n",
						replanEpochs, epochs);
				epochs = replanEpochs;
			}
			seed = Long.parseLong(state.getProperty("seed", String.valueOf(seed)));
			batchSize = Integer.parseInt(state.getProperty("batch", String.valueOf(batchSize)));
			netSpec.learningRate = Double.parseDouble(state.getProperty("lr", String.valueOf(netSpec.learningRate)));
			augmenter.mixupAlpha = Double.parseDouble(state.getProperty("mixup", String.valueOf(augmenter.mixupAlpha)));
			augmenter.labelSmoothing = Double.parseDouble(state.getProperty("label_smoothing", String.valueOf(augmenter.labelSmoothing)));
			augmenter.blurProbability = Double.parseDouble(state.getProperty("blur", String.valueOf(augmenter.blurProbability)));
			augmenter.noiseProbability = Double.parseDouble(state.getProperty("noise", String.valueOf(augmenter.noiseProbability)));
			augmenter.jpegProbability = Double.parseDouble(state.getProperty("jpeg", String.valueOf(augmenter.jpegProbability)));
			teachers = new ArrayList<>();
			for (String t : state.getProperty("teachers", "").split(java.util.regex.Pattern.quote(java.io.File.pathSeparator)))
				if (!t.isEmpty())
					teachers.add(Path.of(t));
			distillWeight = Double.parseDouble(state.getProperty("distill", String.valueOf(distillWeight)));
			targets = FerPlusVotes.TargetMode.parse(state.getProperty("targets", "fer2013"));
			result.bestValAccuracy = Double.parseDouble(state.getProperty("best_val_accuracy", "0"));
			result.bestEpoch = Integer.parseInt(state.getProperty("best_epoch", "0"));
			if ("true".equals(state.getProperty("stopped_early"))) {
				out.println("training already finished (early stop at epoch " + state.getProperty("epoch") + ")");
				startEpoch = epochs + 1;
			}
			out.printf(Locale.ROOT, "resuming after epoch %d of %d (best val accuracy %.4f at epoch %d)%n", startEpoch - 1,
					epochs, result.bestValAccuracy, result.bestEpoch);
		} else {
			if (Files.exists(checkpoint))
				throw new IOException(outDir + ": holds a checkpoint already; use --resume to continue it, or another --out");
			netSpec.seed = seed;
			// votes: plain cross-entropy, so that the outputs estimate the taggers' shares (the prior is chosen at prediction)
			netSpec.classWeights = targets.usesVotes() ? null : classWeights(train.classCounts());
			net = initFrom != null ? initFrom : netSpec.build();
			if (initFrom != null && targets.usesVotes())
				unweightedLoss(net);
			startEpoch = initFrom != null ? initStartEpoch : 1;
			Files.write(logPath, (LOG_HEADER + "\n").getBytes(StandardCharsets.UTF_8));
			out.printf(Locale.ROOT, "network: %d parameters, %.1f M multiply-adds per face; class weights %s%n",
					net.numParams(), EmotionNet.describing(net).multiplyAdds() / 1e6, java.util.Arrays.toString(netSpec.classWeights));
		}
		if (targets.usesVotes() && votes == null)
			throw new IllegalArgumentException("--targets " + targets + ": no FER+ votes (" + FerPlusVotes.FILE + ") given");
		FerPlusVotes.Matched valVotes = votes == null ? null : votes.match(val);
		float[] base = null;
		if (targets.usesVotes()) {
			FerPlusVotes.Matched m = votes.match(train);
			int[] keep = java.util.stream.IntStream.range(0, train.size()).filter(m::usable).toArray();
			out.printf(Locale.ROOT, "targets %s: %d of %d training images have usable FER+ votes (the rest, without a row or with "
					+ "unknown / not-a-face on top, are left out)%n", targets, keep.length, train.size());
			base = new float[keep.length * Emotion.COUNT];
			double w = targets.voteWeight;
			for (int j = 0; j < keep.length; j++) {
				m.distribution(keep[j], base, j * Emotion.COUNT);
				for (int k = 0; k < Emotion.COUNT; k++)
					base[j * Emotion.COUNT + k] = (float) (w * base[j * Emotion.COUNT + k] + (1 - w) * (train.labels[keep[j]] == k ? 1 : 0));
			}
			train = train.subset(keep);
		}
		float[] soft = null;
		if (!teachers.isEmpty()) {
			for (Path t : teachers)
				if (!Files.isRegularFile(t))
					throw new IOException(t + ": teacher model not found" + (resume ? " (the run was started with it; it must stay in place)" : ""));
			soft = TeacherTargets.loadOrCompute(outDir, teachers, train, out);
			out.printf(Locale.ROOT, "distillation: targets %.2f label + %.2f teachers (%d)%n", 1 - distillWeight, distillWeight, teachers.size());
		}
		int itersPerEpoch = (train.size() + batchSize - 1) / batchSize;
		long totalIters = (long) itersPerEpoch * epochs;
		double lr0 = netSpec.learningRate;
		long iteration = (long) (startEpoch - 1) * itersPerEpoch;
		long runStart = System.nanoTime();
		long imagesThisRun = 0;
		int[] trainSample = sample(train.size(), Math.min(train.size(), 2000), seed);

		for (int epoch = startEpoch; epoch <= epochs; epoch++) {
			long t0 = System.nanoTime();
			double lossSum = 0;
			int batches = 0, seen = 0;
			double lr = lr0;
			try (Batches.AugmentedEpoch batchesOfEpoch = new Batches.AugmentedEpoch(train, batchSize, seed, epoch, augmenter, base, soft, distillWeight)) {
				DataSet ds;
				while ((ds = batchesOfEpoch.next()) != null) {
					lr = learningRate(lr0, iteration, itersPerEpoch, totalIters);
					net.setLearningRate(lr);
					net.fit(ds);
					lossSum += net.score();
					// free the batch's native memory now rather than whenever the GC collects its small Java wrappers
					ds.getFeatures().close();
					ds.getLabels().close();
					batches++;
					iteration++;
					afterIteration.accept(iteration);
					seen += ds.numExamples();
					imagesThisRun += ds.numExamples();
					if (batches % 50 == 0 || seen == train.size())
						progress(epoch, seen, train.size(), t0, runStart, imagesThisRun, epochs - epoch, lossSum / batches);
					if (maxIterations > 0 && iteration >= maxIterations)
						break;
				}
			}
			double seconds = (System.nanoTime() - t0) / 1e9;
			double trainAcc = accuracy(net, train, trainSample)[0];
			double[] valAccLoss = accuracy(net, val, null, valVotes);
			result.epochsDone = epoch;
			result.lastTrainLoss = lossSum / Math.max(1, batches);
			result.imagesPerSecond = seen / seconds;
			out.printf(Locale.ROOT, "epoch %d/%d: loss %.4f, train acc %.4f, val loss %.4f, val acc %.4f%s, %.0f s (%.1f img/s)%n",
					epoch, epochs, result.lastTrainLoss, trainAcc, valAccLoss[1], valAccLoss[0],
					valVotes == null ? "" : String.format(Locale.ROOT, ", val FER+ majority acc %.4f, val cross-entropy vs votes %.4f",
							valAccLoss[2], valAccLoss[3]),
					seconds, seen / seconds);
			double figure = targets.usesVotes() ? valAccLoss[2] : valAccLoss[0];
			boolean improved = figure > result.bestValAccuracy;
			if (improved) {
				result.bestValAccuracy = figure;
				result.bestEpoch = epoch;
				OutputFiles.write(outDir.resolve(BEST), o -> ModelSerializer.writeModel(net, o, false));
			}
			result.stoppedEarly = epoch - result.bestEpoch >= patience;
			if (keepSnapshots) {
				Path snapshot = Files.createDirectories(outDir.resolve(SNAPSHOTS)).resolve("epoch-" + epoch + ".zip");
				OutputFiles.write(snapshot, o -> ModelSerializer.writeModel(net, o, false));
			}
			OutputFiles.write(checkpoint, o -> ModelSerializer.writeModel(net, o, true));
			state.setProperty("epoch", String.valueOf(epoch));
			state.setProperty("epochs", String.valueOf(epochs));
			state.setProperty("seed", String.valueOf(seed));
			state.setProperty("batch", String.valueOf(batchSize));
			state.setProperty("lr", String.valueOf(lr0));
			state.setProperty("mixup", String.valueOf(augmenter.mixupAlpha));
			state.setProperty("label_smoothing", String.valueOf(augmenter.labelSmoothing));
			state.setProperty("blur", String.valueOf(augmenter.blurProbability));
			state.setProperty("noise", String.valueOf(augmenter.noiseProbability));
			state.setProperty("jpeg", String.valueOf(augmenter.jpegProbability));
			StringBuilder teacherList = new StringBuilder();
			for (Path t : teachers)
				teacherList.append(teacherList.length() > 0 ? java.io.File.pathSeparator : "").append(t.toAbsolutePath());
			state.setProperty("teachers", teacherList.toString());
			state.setProperty("distill", String.valueOf(distillWeight));
			state.setProperty("targets", targets.toString());
			state.setProperty("best_val_accuracy", String.valueOf(result.bestValAccuracy));
			state.setProperty("best_epoch", String.valueOf(result.bestEpoch));
			state.setProperty("stopped_early", String.valueOf(result.stoppedEarly));
			OutputFiles.write(statePath, o -> state.store(o, "face-emotion training state"));
			Files.write(logPath, String.format(Locale.ROOT, "%d,%.6g,%.5f,%.5f,%.5f,%.5f,%.1f,%.1f,%s,%s%n", epoch, lr,
					result.lastTrainLoss, trainAcc, valAccLoss[1], valAccLoss[0], seconds, seen / seconds,
					valVotes == null ? "" : String.format(Locale.ROOT, "%.5f", valAccLoss[2]),
					valVotes == null ? "" : String.format(Locale.ROOT, "%.5f", valAccLoss[3]))
					.getBytes(StandardCharsets.UTF_8), StandardOpenOption.APPEND);
			if (maxIterations > 0 && iteration >= maxIterations)
				break;
			if (result.stoppedEarly) {
				out.printf(Locale.ROOT, "early stop: no val improvement for %d epochs (best %.4f at epoch %d)%n", patience,
						result.bestValAccuracy, result.bestEpoch);
				break;
			}
		}
		return result;
	}

	/** Linear warm-up over the first epoch, then cosine decay to {@code minLrFraction} of the base rate. */
	double learningRate(double lr0, long iteration, int itersPerEpoch, long totalIters) {
		if (iteration < itersPerEpoch)
			return lr0 * (0.1 + 0.9 * iteration / (double) itersPerEpoch);
		double p = (iteration - itersPerEpoch) / (double) Math.max(1, totalIters - itersPerEpoch);
		double min = lr0 * minLrFraction;
		return min + (lr0 - min) * 0.5 * (1 + Math.cos(Math.PI * Math.min(1, p)));
	}

	private void progress(int epoch, int seen, int total, long t0, long runStart, long imagesThisRun, int epochsLeft, double loss) {
		double el = (System.nanoTime() - t0) / 1e9;
		double rate = imagesThisRun / ((System.nanoTime() - runStart) / 1e9);
		double epochEta = (total - seen) / rate;
		double totalEta = epochEta + epochsLeft * total / rate;
		out.printf(Locale.ROOT, "epoch %d  %3d%%  %5.1f img/s  loss %.4f  %s elapsed, epoch ETA %s, total ETA %s%n", epoch,
				100L * seen / total, rate, loss, duration(el), duration(epochEta), duration(totalEta));
	}

	static String duration(double s) {
		long t = Math.round(s);
		if (t >= 3600)
			return String.format(Locale.ROOT, "%dh%02dm", t / 3600, (t % 3600) / 60);
		if (t >= 60)
			return String.format(Locale.ROOT, "%dm%02ds", t / 60, t % 60);
		return t + "s";
	}

	/** The output layer's loss without class weights (a warm start from a network trained with them, toward votes). */
	static void unweightedLoss(MultiLayerNetwork net) {
		int last = net.getnLayers() - 1;
		((org.deeplearning4j.nn.conf.layers.BaseOutputLayer) net.getLayerWiseConfigurations().getConf(last).getLayer())
				.setLossFn(new org.nd4j.linalg.lossfunctions.impl.LossMCXENT());
	}

	/** Accuracy and mean cross-entropy of {@code net} on {@code idx} (null: all) of {@code data}, without augmentation. */
	public static double[] accuracy(MultiLayerNetwork net, FerDataset data, int[] idx) {
		return accuracy(net, data, idx, null);
	}

	/**
	 * Accuracy and mean cross-entropy against the labels, then (with {@code votes} of the whole data
	 * set; NaN without) accuracy against the taggers' one-emotion majority and the mean
	 * cross-entropy against the vote distributions of the usable images.
	 */
	public static double[] accuracy(MultiLayerNetwork net, FerDataset data, int[] idx, FerPlusVotes.Matched votes) {
		int n = idx == null ? data.size() : idx.length;
		int correct = 0, majorities = 0, majorityCorrect = 0, usable = 0;
		double loss = 0, voteLoss = 0;
		float[] dist = new float[Emotion.COUNT];
		for (int from = 0; from < n; from += 256) {
			int to = Math.min(n, from + 256);
			INDArray x = Batches.features(data.images, idx, from, to);
			INDArray p = net.output(x, false);
			float[][] probs = p.toFloatMatrix();
			x.close();
			p.close();
			for (int i = 0; i < probs.length; i++) {
				int label = data.labels[idx == null ? from + i : idx[from + i]];
				int predicted = Emotion.argmax(probs[i]).ordinal();
				if (predicted == label)
					correct++;
				loss -= Math.log(Math.max(1e-7, probs[i][label]));
				if (votes != null) {
					int image = idx == null ? from + i : idx[from + i];
					int majority = votes.majority(image);
					if (majority >= 0) {
						majorities++;
						if (majority == predicted)
							majorityCorrect++;
					}
					if (votes.distribution(image, dist, 0)) {
						usable++;
						for (int k = 0; k < Emotion.COUNT; k++)
							if (dist[k] > 0)
								voteLoss -= dist[k] * Math.log(Math.max(1e-7, probs[i][k]));
					}
				}
			}
		}
		return new double[] { correct / (double) n, loss / n, votes == null ? Double.NaN : majorityCorrect / (double) Math.max(1, majorities),
				votes == null ? Double.NaN : voteLoss / Math.max(1, usable) };
	}

	static int[] sample(int n, int k, long seed) {
		int[] order = Batches.epochOrder(n, seed, -1);
		return java.util.Arrays.copyOf(order, k);
	}
}
