package org.faceemotion.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.faceemotion.TestData;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainerTest {
	static FerDataset small;

	@BeforeAll
	static void data() throws Exception {
		FerDataset val = FerDataset.load(TestData.fer(), "val", w -> {
		});
		small = val.subset(Arrays.copyOf(Batches.epochOrder(val.size(), 3, 0), 192));
	}

	static Trainer tinyTrainer(int epochs) {
		Trainer t = new Trainer();
		t.epochs = epochs;
		t.batchSize = 32;
		t.netSpec.widths = new int[] { 8, 16, 16, 32 };
		t.netSpec.hidden = 32;
		t.netSpec.learningRate = 3e-3;
		t.out = new PrintStream(new ByteArrayOutputStream());
		return t;
	}

	@Test
	void aFewStepsLowerTheLoss(@TempDir Path out) throws IOException {
		Trainer t = tinyTrainer(4);
		t.augmenter.eraseProbability = 0;
		t.train(small, small, out, false);
		MultiLayerNetwork trained = Dl4jEmotionClassifier.loadNetwork(out.resolve(Trainer.CHECKPOINT));
		t.netSpec.seed = t.seed;
		MultiLayerNetwork untrained = t.netSpec.build();
		double before = Trainer.accuracy(untrained, small, null)[1];
		double after = Trainer.accuracy(trained, small, null)[1];
		assertTrue(after < before - 0.05, "loss before " + before + ", after " + after);
		List<String> log = Files.readAllLines(out.resolve(Trainer.LOG));
		assertEquals(5, log.size(), "header and one row per epoch: " + log);
		assertTrue(log.get(0).startsWith("epoch,learning_rate,train_loss,train_accuracy,val_loss,val_accuracy,seconds"));
	}

	@Test
	void trainsTowardTheTaggersVotesWithoutClassWeightsAndKeepsTheTargetsOnResume(@TempDir Path out) throws Exception {
		FerPlusVotes votes = FerPlusVotes.load(TestData.fer().resolve(FerPlusVotes.FILE));
		Trainer t = tinyTrainer(2);
		t.targets = FerPlusVotes.TargetMode.FERPLUS;
		t.votes = votes;
		ByteArrayOutputStream log = new ByteArrayOutputStream();
		t.out = new PrintStream(log, true);
		t.train(small, small, out, false);
		FerPlusVotes.Matched m = votes.match(small);
		long usable = java.util.stream.IntStream.range(0, small.size()).filter(m::usable).count();
		String text = log.toString();
		assertTrue(text.contains("targets ferplus: " + usable + " of 192 training images"), text);
		assertTrue(text.contains("class weights null"), text);
		assertTrue(text.contains("val FER+ majority acc"), text);
		assertEquals("ferplus", props(out).getProperty("targets"));
		List<String> rows = Files.readAllLines(out.resolve(Trainer.LOG));
		String[] header = rows.get(0).split(","), last = rows.get(rows.size() - 1).split(",");
		int col = Arrays.asList(header).indexOf("val_ferplus_majority_accuracy");
		assertTrue(col > 0, rows.get(0));
		// the best figure is the majority accuracy when training on votes
		assertEquals(Double.parseDouble(props(out).getProperty("best_val_accuracy")),
				Math.max(Double.parseDouble(rows.get(1).split(",")[col]), Double.parseDouble(last[col])), 1e-5);

		// a warm start from a class-weighted network trains toward the votes with a plain loss
		Trainer warm = tinyTrainer(1);
		warm.netSpec.classWeights = new double[] { 1, 3, 1, 1, 1, 1, 1 };
		warm.initFrom = warm.netSpec.build();
		warm.targets = FerPlusVotes.TargetMode.parse("mix:0.5");
		warm.votes = votes;
		warm.train(small, small, out.resolve("warm"), false);
		MultiLayerNetwork net = Dl4jEmotionClassifier.loadNetwork(out.resolve("warm").resolve(Trainer.CHECKPOINT));
		org.deeplearning4j.nn.conf.layers.BaseOutputLayer layer = (org.deeplearning4j.nn.conf.layers.BaseOutputLayer) net
				.getLayerWiseConfigurations().getConf(net.getnLayers() - 1).getLayer();
		assertEquals(null, ((org.nd4j.linalg.lossfunctions.impl.LossMCXENT) layer.getLossFn()).getWeights());
		assertEquals("mix:0.5", props(out.resolve("warm")).getProperty("targets"));
	}

	@Test
	void everyOptionOfARunSurvivesResume(@TempDir Path out) throws Exception {
		Trainer first = tinyTrainer(2);
		first.augmenter.eraseProbability = 0.123;
		first.augmenter.mixupAlpha = 0.3;
		first.keepSnapshots = true;
		first.patience = 7;
		first.maxIterations = 6; // one epoch of 192 / 32
		first.train(small, small, out, false);
		Trainer second = tinyTrainer(99); // given nothing: everything comes from the state
		second.train(small, small, out, true);
		assertEquals(0.123, second.augmenter.eraseProbability, 1e-12);
		assertEquals(0.3, second.augmenter.mixupAlpha, 1e-12);
		assertTrue(second.keepSnapshots);
		assertEquals(7, second.patience);
		assertEquals(2, second.epochs);
		assertTrue(Files.exists(out.resolve(Trainer.SNAPSHOTS).resolve("epoch-2.zip")), "snapshots kept after the resume");
	}

	@Test
	void resumeAfterAKillContinuesFromTheLastCheckpoint(@TempDir Path out) throws IOException {
		Trainer first = tinyTrainer(3);
		// 192 images / 32 = 6 iterations per epoch: die in the middle of epoch 2
		first.afterIteration = i -> {
			if (i == 9)
				throw new IllegalStateException("simulated kill");
		};
		assertThrows(IllegalStateException.class, () -> first.train(small, small, out, false));
		assertTrue(Files.exists(out.resolve(Trainer.CHECKPOINT)));
		assertEquals("1", props(out).getProperty("epoch"));

		IOException refused = assertThrows(IOException.class, () -> tinyTrainer(3).train(small, small, out, false));
		assertTrue(refused.getMessage().contains("--resume"), refused.getMessage());

		Trainer second = tinyTrainer(99); // the planned epochs come from the checkpoint, not from here
		long[] firstIteration = { -1 };
		second.afterIteration = i -> {
			if (firstIteration[0] < 0)
				firstIteration[0] = i;
		};
		Trainer.Result r = second.train(small, small, out, true);
		assertEquals(7, firstIteration[0], "resumes at the first iteration of epoch 2");
		assertEquals(3, r.epochsDone);
		List<String> epochs = Files.readAllLines(out.resolve(Trainer.LOG)).stream().skip(1).map(l -> l.split(",")[0])
				.collect(Collectors.toList());
		assertEquals(List.of("1", "2", "3"), epochs, "each epoch logged once");
		assertTrue(Files.exists(out.resolve(Trainer.BEST)));
		ModelSerializer.restoreMultiLayerNetwork(out.resolve(Trainer.CHECKPOINT).toFile(), true);
	}

	@Test
	void resumeCanReplanTheNumberOfEpochs(@TempDir Path out) throws IOException {
		Trainer first = tinyTrainer(5);
		first.maxIterations = 12; // stops after epoch 2 of 5
		first.keepSnapshots = true;
		first.train(small, small, out, false);
		assertEquals("2", props(out).getProperty("epoch"));
		Path snapshots = out.resolve(Trainer.SNAPSHOTS);
		assertTrue(Files.exists(snapshots.resolve("epoch-1.zip")) && Files.exists(snapshots.resolve("epoch-2.zip")));
		assertArrayEquals(ModelSerializer.restoreMultiLayerNetwork(out.resolve(Trainer.CHECKPOINT).toFile(), false).params().toFloatVector(),
				Dl4jEmotionClassifier.loadNetwork(snapshots.resolve("epoch-2.zip")).params().toFloatVector(), "snapshot = checkpoint of that epoch");

		Trainer shorter = tinyTrainer(99);
		shorter.replanEpochs = 1;
		IllegalArgumentException tooShort = assertThrows(IllegalArgumentException.class, () -> shorter.train(small, small, out, true));
		assertTrue(tooShort.getMessage().contains("already finished epoch 2"), tooShort.getMessage());

		Trainer replanned = tinyTrainer(99);
		replanned.replanEpochs = 3;
		replanned.netSpec.learningRate = 0.5; // the base rate comes from the checkpoint (3e-3), not from here
		Trainer.Result r = replanned.train(small, small, out, true);
		assertEquals(3, r.epochsDone, "one more epoch, then the new plan is done");
		assertEquals("3", props(out).getProperty("epochs"));
		List<String> log = Files.readAllLines(out.resolve(Trainer.LOG));
		double lastRate = Double.parseDouble(log.get(log.size() - 1).split(",")[1]);
		double planned = replanned.learningRate(3e-3, 17, 6, 18); // the rate of its last batch
		assertEquals(planned, lastRate, planned * 1e-3, "epoch 3 starts on the 3-epoch schedule: " + log);
	}

	@Test
	void aWarmStartContinuesFromAModelsWeights(@TempDir Path out) throws IOException {
		Trainer first = tinyTrainer(1);
		first.train(small, small, out.resolve("a"), false);
		MultiLayerNetwork model = Dl4jEmotionClassifier.loadNetwork(out.resolve("a").resolve(Trainer.BEST));
		double before = Trainer.accuracy(model, small, null)[1];
		Trainer second = tinyTrainer(3);
		second.initFrom = model;
		second.initStartEpoch = 3;
		long[] iterations = { 0 };
		second.afterIteration = i -> iterations[0] = i;
		Trainer.Result r = second.train(small, small, out.resolve("b"), false);
		assertEquals(3, r.epochsDone);
		assertEquals(18, iterations[0], "only epoch 3 ran: iterations 13..18");
		assertEquals(2, Files.readAllLines(out.resolve("b").resolve(Trainer.LOG)).size());
		assertTrue(Trainer.accuracy(Dl4jEmotionClassifier.loadNetwork(out.resolve("b").resolve(Trainer.CHECKPOINT)), small, null)[1] < before + 0.5);
	}

	@Test
	void aFailedWriteKeepsThePreviousCheckpoint(@TempDir Path out) throws IOException {
		Path target = out.resolve("checkpoint.zip");
		Files.write(target, new byte[] { 1, 2, 3 });
		IOException e = assertThrows(IOException.class, () -> org.faceemotion.io.OutputFiles.write(target, o -> {
			o.write(9);
			throw new IOException("disk full");
		}));
		assertTrue(e.getMessage().contains("previous file is kept"), e.getMessage());
		assertArrayEquals(new byte[] { 1, 2, 3 }, Files.readAllBytes(target));
		assertEquals(1, Files.list(out).count(), "no temporary file left behind");
	}

	@Test
	void classWeightsLiftRareClassesOnly() {
		double[] w = Trainer.classWeights(new int[] { 3995, 436, 4097, 7215, 4965, 4830, 3171 });
		assertEquals(1.0, w[3], 1e-9);
		assertTrue(w[1] > 2.5 && w[1] < 3.5, Arrays.toString(w));
	}

	private static java.util.Properties props(Path out) throws IOException {
		java.util.Properties p = new java.util.Properties();
		try (var in = Files.newInputStream(out.resolve(Trainer.STATE))) {
			p.load(in);
		}
		return p;
	}
}
