package org.faceemotion.train;

import java.util.Random;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.faceemotion.core.classify.Preprocessing;
import org.faceemotion.core.model.Emotion;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/** Measures DL4J training throughput and inference latency of {@link EmotionNet} on synthetic batches. */
public final class TrainingSpeed {
	private TrainingSpeed() {
	}

	/** Images per second of {@code net.fit} at the given batch size, after warm-up. */
	public static double trainImagesPerSecond(MultiLayerNetwork net, int batch, int iterations) {
		DataSet ds = randomBatch(batch, 1, net);
		for (int i = 0; i < 3; i++)
			net.fit(ds);
		long t0 = System.nanoTime();
		for (int i = 0; i < iterations; i++)
			net.fit(ds);
		return iterations * batch / ((System.nanoTime() - t0) / 1e9);
	}

	/** Milliseconds per face of {@code net.output} for batches of {@code batch} faces. */
	public static double inferenceMsPerFace(MultiLayerNetwork net, int batch, int iterations) {
		INDArray x = randomBatch(batch, 2, net).getFeatures();
		for (int i = 0; i < 3; i++)
			net.output(x, false);
		long t0 = System.nanoTime();
		for (int i = 0; i < iterations; i++)
			net.output(x, false);
		return (System.nanoTime() - t0) / 1e6 / iterations / batch;
	}

	static DataSet randomBatch(int batch, long seed, MultiLayerNetwork net) {
		boolean nhwc = net.getLayerWiseConfigurations().toJson().contains("\"NHWC\"");
		Random rng = new Random(seed);
		float[] f = new float[batch * Preprocessing.PIXELS];
		for (int i = 0; i < f.length; i++)
			f[i] = (float) rng.nextGaussian();
		float[] l = new float[batch * Emotion.COUNT];
		for (int i = 0; i < batch; i++)
			l[i * Emotion.COUNT + rng.nextInt(Emotion.COUNT)] = 1;
		return new DataSet(Nd4j.create(f, nhwc ? new long[] { batch, Preprocessing.SIZE, Preprocessing.SIZE, 1 } : new long[] { batch, 1, Preprocessing.SIZE, Preprocessing.SIZE }, 'c'),
				Nd4j.create(l, new long[] { batch, Emotion.COUNT }, 'c'));
	}
}
