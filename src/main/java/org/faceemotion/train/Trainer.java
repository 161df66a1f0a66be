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

	/** One option of a run kept in {@code state.properties}: written and read by the same entry. */
	private static final class Setting {
		final String key;
		final java.util.function.Supplier<Object> get;
		final java.util.function.Consumer<String> set;

		Setting(String key, java.util.function.Supplier<Object> get, java.util.function.Consumer<String> set) {
			this.key = key;
			this.get = get;
			this.set = set;
		}
	}

	/** Every option a resumed run must keep, in one list (a key missing from an older state keeps the value given now). */
	private List<Setting> settings() {
		return List.of(
				new Setting("epochs", () -> epochs, v -> epochs = Integer.parseInt(v)),
				new Setting("seed", () -> seed, v -> seed = Long.parseLong(v)),
				new Setting("batch", () -> batchSize, v -> batchSize = Integer.parseInt(v)),
				new Setting("patience", () -> patience, v -> patience = Integer.parseInt(v)),
				new Setting("lr", () -> netSpec.learningRate, v -> netSpec.learningRate = Double.parseDouble(v)),
				new Setting("mixup", () -> augmenter.mixupAlpha, v -> augmenter.mixupAlpha = Double.parseDouble(v)),
				new Setting("label_smoothing", () -> augmenter.labelSmoothing, v -> augmenter.labelSmoothing = Double.parseDouble(v)),
				new Setting("blur", () -> augmenter.blurProbability, v -> augmenter.blurProbability = Double.parseDouble(v)),
				new Setting("noise", () -> augmenter.noiseProbability, v -> augmenter.noiseProbability = Double.parseDouble(v)),
				new Setting("jpeg", () -> augmenter.jpegProbability, v -> augmenter.jpegProbability = Double.parseDouble(v)),
				new Setting("erase", () -> augmenter.eraseProbability, v -> augmenter.eraseProbability = Double.parseDouble(v)),
				new Setting("snapshots", () -> keepSnapshots, v -> keepSnapshots = Boolean.parseBoolean(v)),
				new Setting("teachers", () -> {
					StringBuilder list = new StringBuilder();
					for (Path t : teachers)
						list.append(list.length() > 0 ? java.io.File.pathSeparator : "").append(t.toAbsolutePath());
					return list;
				}, v -> {
					teachers = new ArrayList<>();
					for (String t : v.split(java.util.regex.Pattern.quote(java.io.File.pathSeparator)))
						if (!t.isEmpty())
							teachers.add(Path.of(t));
				}),
				new Setting("distill", () -> distillWeight, v -> distillWeight = Double.parseDouble(v)),
				new Setting("targets", () -> targets, v -> targets = FerPlusVotes.TargetMode.parse(v)));
	}

	private void readSettings(Properties state) {
		for (Setting s : settings()) {
			String v = state.getProperty(s.key);
			if (v != null)
				s.set.accept(v);
		}
	}

	private void writeSettings(Properties state) {
		for (Setting s : settings())
			state.setProperty(s.key, String.valueOf(s.get.get()));
	}

	public Result train(FerDataset train, FerDataset val, Path outDir, boolean resume) throws IOException {
		Files.createDirectories(outDir);
		Path checkpoint = outDir.resolve(CHECKPOINT);
		Result result = new Result();
		Properties state = new Properties();
		boolean resumed = resume && Files.exists(checkpoint);
		MultiLayerNetwork net = resumed ? restore(outDir, state, result) : begin(outDir, train);
		int startEpoch = resumed ? result.epochsDone + 1 : initFrom != null ? initStartEpoch : 1;
		if (resumed && result.stoppedEarly) {
			out.println("training already finished (early stop at epoch " + result.epochsDone + ")");
			startEpoch = epochs + 1;
		}
		if (targets.usesVotes() && votes == null)
			throw new IllegalArgumentException("--targets " + targets + ": no FER+ votes (" + FerPlusVotes.FILE + ") given");
		FerPlusVotes.Matched valVotes = votes == null ? null : votes.match(val);
		float[] base = null;
		if (targets.usesVotes()) {
			int[] keep = usableForVotes(train);
			base = voteTargets(train, keep);
			train = train.subset(keep);
		}
		float[] soft = teacherTargets(outDir, train, resume);
		Schedule schedule = new Schedule((train.size() + batchSize - 1) / batchSize, startEpoch);
		int[] trainSample = sample(train.size(), Math.min(train.size(), 2000), seed);
		for (int epoch = startEpoch; epoch <= epochs; epoch++) {
			long t0 = System.nanoTime();
			double[] fit = fitEpoch(net, train, epoch, base, soft, schedule);
			double seconds = (System.nanoTime() - t0) / 1e9;
			double trainAcc = accuracy(net, train, trainSample)[0];
			double[] v = accuracy(net, val, null, valVotes);
			result.epochsDone = epoch;
			result.lastTrainLoss = fit[0];
			result.imagesPerSecond = fit[1] / seconds;
			out.printf(Locale.ROOT, "epoch %d/%d: loss %.4f, train acc %.4f, val loss %.4f, val acc %.4f%s, %.0f s (%.1f img/s)%n",
					epoch, epochs, result.lastTrainLoss, trainAcc, v[1], v[0],
					valVotes == null ? "" : String.format(Locale.ROOT, ", val FER+ majority acc %.4f, val cross-entropy vs votes %.4f", v[2], v[3]),
					seconds, result.imagesPerSecond);
			double figure = targets.usesVotes() ? v[2] : v[0];
			if (figure > result.bestValAccuracy) {
				result.bestValAccuracy = figure;
				result.bestEpoch = epoch;
				OutputFiles.write(outDir.resolve(BEST), o -> ModelSerializer.writeModel(net, o, false));
			}
			result.stoppedEarly = epoch - result.bestEpoch >= patience;
			save(outDir, net, state, result);
			Files.write(outDir.resolve(LOG), String.format(Locale.ROOT, "%d,%.6g,%.5f,%.5f,%.5f,%.5f,%.1f,%.1f,%s,%s%n", epoch, fit[2],
					result.lastTrainLoss, trainAcc, v[1], v[0], seconds, result.imagesPerSecond,
					valVotes == null ? "" : String.format(Locale.ROOT, "%.5f", v[2]), valVotes == null ? "" : String.format(Locale.ROOT, "%.5f", v[3]))
					.getBytes(StandardCharsets.UTF_8), StandardOpenOption.APPEND);
			if (maxIterations > 0 && schedule.iteration >= maxIterations)
				break;
			if (result.stoppedEarly) {
				out.printf(Locale.ROOT, "early stop: no val improvement for %d epochs (best %.4f at epoch %d)%n", patience,
						result.bestValAccuracy, result.bestEpoch);
				break;
			}
		}
		return result;
	}

	/** The network, settings and progress of an interrupted run ({@code result.epochsDone}: the last finished epoch). */
	private MultiLayerNetwork restore(Path outDir, Properties state, Result result) throws IOException {
		Path checkpoint = outDir.resolve(CHECKPOINT), statePath = outDir.resolve(STATE);
		if (!Files.exists(statePath))
			throw new IOException(statePath + ": missing, cannot resume from " + checkpoint);
		try (InputStream in = Files.newInputStream(statePath)) {
			state.load(in);
		}
		MultiLayerNetwork net;
		try {
			net = ModelSerializer.restoreMultiLayerNetwork(checkpoint.toFile(), true);
		} catch (Exception e) {
			throw new IOException(checkpoint + ": cannot read checkpoint (" + e.getMessage() + ")", e);
		}
		result.epochsDone = Integer.parseInt(state.getProperty("epoch"));
		readSettings(state);
		if (replanEpochs > 0 && replanEpochs != epochs) {
			if (replanEpochs < result.epochsDone)
				throw new IllegalArgumentException("--epochs " + replanEpochs + ": " + checkpoint + " has already finished epoch " + result.epochsDone);
			out.printf(Locale.ROOT, "re-planned: %d epochs instead of %d (the learning-rate schedule follows the new total)%n", replanEpochs, epochs);
			epochs = replanEpochs;
		}
		result.bestValAccuracy = Double.parseDouble(state.getProperty("best_val_accuracy", "0"));
		result.bestEpoch = Integer.parseInt(state.getProperty("best_epoch", "0"));
		result.stoppedEarly = "true".equals(state.getProperty("stopped_early"));
		out.printf(Locale.ROOT, "resuming after epoch %d of %d (best val accuracy %.4f at epoch %d)%n", result.epochsDone, epochs,
				result.bestValAccuracy, result.bestEpoch);
		return net;
	}

	/** A new run: a new network (or the warm start's), the log's header. */
	private MultiLayerNetwork begin(Path outDir, FerDataset train) throws IOException {
		if (Files.exists(outDir.resolve(CHECKPOINT)))
			throw new IOException(outDir + ": holds a checkpoint already; use --resume to continue it, or another --out");
		netSpec.seed = seed;
		// votes: plain cross-entropy, so that the outputs estimate the taggers' shares (the prior is chosen at prediction)
		netSpec.classWeights = targets.usesVotes() ? null : classWeights(train.classCounts());
		MultiLayerNetwork net = initFrom != null ? initFrom : netSpec.build();
		if (initFrom != null && targets.usesVotes())
			unweightedLoss(net);
		Files.write(outDir.resolve(LOG), (LOG_HEADER + "\n").getBytes(StandardCharsets.UTF_8));
		out.printf(Locale.ROOT, "network: %d parameters, %.1f M multiply-adds per face; class weights %s%n", net.numParams(),
				EmotionNet.describing(net).multiplyAdds() / 1e6, java.util.Arrays.toString(netSpec.classWeights));
		return net;
	}

	/** The images with usable votes (the others are left out of training on votes). */
	private int[] usableForVotes(FerDataset train) {
		FerPlusVotes.Matched m = votes.match(train);
		int[] keep = java.util.stream.IntStream.range(0, train.size()).filter(m::usable).toArray();
		out.printf(Locale.ROOT, "targets %s: %d of %d training images have usable FER+ votes (the rest, without a row or with "
				+ "unknown / not-a-face on top, are left out)%n", targets, keep.length, train.size());
		return keep;
	}

	/** Targets of images {@code keep}: {@code w} times the vote distribution plus {@code 1 - w} times the one-hot label. */
	private float[] voteTargets(FerDataset train, int[] keep) {
		FerPlusVotes.Matched m = votes.match(train);
		float[] base = new float[keep.length * Emotion.COUNT];
		double w = targets.voteWeight;
		for (int j = 0; j < keep.length; j++) {
			m.distribution(keep[j], base, j * Emotion.COUNT);
			for (int k = 0; k < Emotion.COUNT; k++)
				base[j * Emotion.COUNT + k] = (float) (w * base[j * Emotion.COUNT + k] + (1 - w) * (train.labels[keep[j]] == k ? 1 : 0));
		}
		return base;
	}

	private float[] teacherTargets(Path outDir, FerDataset train, boolean resume) throws IOException {
		if (teachers.isEmpty())
			return null;
		for (Path t : teachers)
			if (!Files.isRegularFile(t))
				throw new IOException(t + ": teacher model not found" + (resume ? " (the run was started with it; it must stay in place)" : ""));
		float[] soft = TeacherTargets.loadOrCompute(outDir, teachers, train, out);
		out.printf(Locale.ROOT, "distillation: targets %.2f label + %.2f teachers (%d)%n", 1 - distillWeight, distillWeight, teachers.size());
		return soft;
	}

	/** Where the run is in its learning-rate schedule. */
	private final class Schedule {
		final int itersPerEpoch;
		final long totalIters;
		final double lr0 = netSpec.learningRate;
		final long runStart = System.nanoTime();
		long iteration, imagesThisRun;

		Schedule(int itersPerEpoch, int startEpoch) {
			this.itersPerEpoch = itersPerEpoch;
			this.totalIters = (long) itersPerEpoch * epochs;
			this.iteration = (long) (startEpoch - 1) * itersPerEpoch;
		}
	}

	/** One epoch of augmented batches: mean loss, images seen and the last learning rate. */
	private double[] fitEpoch(MultiLayerNetwork net, FerDataset train, int epoch, float[] base, float[] soft, Schedule s) {
		long t0 = System.nanoTime();
		double lossSum = 0, lr = s.lr0;
		int batches = 0, seen = 0;
		try (Batches.AugmentedEpoch batchesOfEpoch = new Batches.AugmentedEpoch(train, batchSize, seed, epoch, augmenter, base, soft, distillWeight)) {
			DataSet ds;
			while ((ds = batchesOfEpoch.next()) != null) {
				lr = learningRate(s.lr0, s.iteration, s.itersPerEpoch, s.totalIters);
				net.setLearningRate(lr);
				net.fit(ds);
				lossSum += net.score();
				// free the batch's native memory now rather than whenever the GC collects its small Java wrappers
				ds.getFeatures().close();
				ds.getLabels().close();
				batches++;
				s.iteration++;
				afterIteration.accept(s.iteration);
				seen += ds.numExamples();
				s.imagesThisRun += ds.numExamples();
				if (batches % 50 == 0 || seen == train.size())
					progress(epoch, seen, train.size(), t0, s.runStart, s.imagesThisRun, epochs - epoch, lossSum / batches);
				if (maxIterations > 0 && s.iteration >= maxIterations)
					break;
			}
		}
		return new double[] { lossSum / Math.max(1, batches), seen, lr };
	}

	/** The epoch's snapshot, checkpoint and state (every setting of the run, one list), each written whole or not at all. */
	private void save(Path outDir, MultiLayerNetwork net, Properties state, Result result) throws IOException {
		if (keepSnapshots) {
			Path snapshot = Files.createDirectories(outDir.resolve(SNAPSHOTS)).resolve("epoch-" + result.epochsDone + ".zip");
			OutputFiles.write(snapshot, o -> ModelSerializer.writeModel(net, o, false));
		}
		OutputFiles.write(outDir.resolve(CHECKPOINT), o -> ModelSerializer.writeModel(net, o, true));
		state.setProperty("epoch", String.valueOf(result.epochsDone));
		writeSettings(state);
		state.setProperty("best_val_accuracy", String.valueOf(result.bestValAccuracy));
		state.setProperty("best_epoch", String.valueOf(result.bestEpoch));
		state.setProperty("stopped_early", String.valueOf(result.stoppedEarly));
		OutputFiles.write(outDir.resolve(STATE), o -> state.store(o, "face-emotion training state"));
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
