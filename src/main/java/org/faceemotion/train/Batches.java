package org.faceemotion.train;

import java.util.Random;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

import org.faceemotion.core.classify.Preprocessing;
import org.faceemotion.core.model.Emotion;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/** Turning decoded images into network batches: plain (evaluation) or augmented on a background thread (training). */
public final class Batches {
	private Batches() {
	}

	/** Features of images {@code idx[from..to)}, standardised, shape [n, 1, 48, 48] (same memory as NHWC for one channel). */
	public static INDArray features(byte[][] images, int[] idx, int from, int to) {
		int n = to - from;
		float[] buf = new float[n * Preprocessing.PIXELS];
		for (int i = 0; i < n; i++)
			Preprocessing.standardize(images[idx == null ? from + i : idx[from + i]], buf, i * Preprocessing.PIXELS);
		return Nd4j.create(buf, new long[] { n, 1, Preprocessing.SIZE, Preprocessing.SIZE }, 'c');
	}

	public static INDArray oneHot(int[] labels, int[] idx, int from, int to) {
		int n = to - from;
		return Nd4j.create(oneHotArray(labels, idx, from, to), new long[] { n, Emotion.COUNT }, 'c');
	}

	static float[] oneHotArray(int[] labels, int[] idx, int from, int to) {
		int n = to - from;
		float[] buf = new float[n * Emotion.COUNT];
		for (int i = 0; i < n; i++)
			buf[i * Emotion.COUNT + labels[idx == null ? from + i : idx[from + i]]] = 1;
		return buf;
	}

	static float[] rows(float[] targets, int[] idx, int from, int to) {
		float[] buf = new float[(to - from) * Emotion.COUNT];
		for (int i = from; i < to; i++)
			System.arraycopy(targets, idx[i] * Emotion.COUNT, buf, (i - from) * Emotion.COUNT, Emotion.COUNT);
		return buf;
	}

	/** Shuffled order of one epoch, the same for the same seed and epoch (so a resumed run sees the same data). */
	public static int[] epochOrder(int n, long seed, int epoch) {
		int[] order = new int[n];
		for (int i = 0; i < n; i++)
			order[i] = i;
		Random rng = new Random(seed * 1_000_003L + epoch);
		for (int i = n - 1; i > 0; i--) {
			int j = rng.nextInt(i + 1);
			int t = order[i];
			order[i] = order[j];
			order[j] = t;
		}
		return order;
	}

	/**
	 * Augmented batches of one epoch made on a daemon thread, a few batches ahead of the trainer.
	 * {@link #next()} returns null after the last batch.
	 */
	public static final class AugmentedEpoch implements AutoCloseable {
		private static final DataSet END = new DataSet();
		private final BlockingQueue<DataSet> queue = new ArrayBlockingQueue<>(6);
		private final Thread thread;
		private volatile boolean closed;
		private volatile RuntimeException failure;

		public AugmentedEpoch(FerDataset data, int batchSize, long seed, int epoch, Augmenter augmenter) {
			this(data, batchSize, seed, epoch, augmenter, null, null, 0);
		}

		/**
		 * {@code base} (n x 7, null: the one-hot labels) holds each image's target, e.g. FER+'s vote
		 * distribution. With distillation: each target is {@code (1 - weight)} times the one-hot label plus
		 * {@code weight} times the image's row of {@code soft} (n x 7, see {@link TeacherTargets}),
		 * before label smoothing and mixup.
		 */
		public AugmentedEpoch(FerDataset data, int batchSize, long seed, int epoch, Augmenter augmenter, float[] base, float[] soft,
				double weight) {
			int[] order = epochOrder(data.size(), seed, epoch);
			thread = new Thread(() -> {
				try {
					Random rng = new Random(seed * 31 + epoch * 7919L + 1);
					for (int from = 0; from < order.length && !closed; from += batchSize) {
						int to = Math.min(order.length, from + batchSize);
						int n = to - from;
						float[] buf = new float[n * Preprocessing.PIXELS];
						for (int i = 0; i < n; i++)
							augmenter.augment(data.images[order[from + i]], rng, buf, i * Preprocessing.PIXELS);
						float[] targets = base == null ? oneHotArray(data.labels, order, from, to) : rows(base, order, from, to);
						if (soft != null)
							for (int i = 0; i < n; i++)
								for (int k = 0; k < Emotion.COUNT; k++)
									targets[i * Emotion.COUNT + k] = (float) ((1 - weight) * targets[i * Emotion.COUNT + k]
											+ weight * soft[order[from + i] * Emotion.COUNT + k]);
						augmenter.mixBatch(buf, targets, n, rng);
						INDArray f = Nd4j.create(buf, new long[] { n, 1, Preprocessing.SIZE, Preprocessing.SIZE }, 'c');
						put(new DataSet(f, Nd4j.create(targets, new long[] { n, Emotion.COUNT }, 'c')));
					}
				} catch (RuntimeException e) {
					failure = e;
				} finally {
					try {
						put(END);
					} catch (RuntimeException ignored) {
						// closed
					}
				}
			}, "augment-epoch-" + epoch);
			thread.setDaemon(true);
			thread.start();
		}

		private void put(DataSet ds) {
			try {
				while (!closed && !queue.offer(ds, 100, TimeUnit.MILLISECONDS)) {
					// wait for the trainer
				}
			} catch (InterruptedException e) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException("interrupted");
			}
		}

		private boolean finished;

		public DataSet next() {
			if (finished)
				return null;
			try {
				DataSet ds = queue.take();
				if (ds == END) {
					finished = true;
					if (failure != null)
						throw failure;
					return null;
				}
				return ds;
			} catch (InterruptedException e) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException("interrupted while waiting for a batch");
			}
		}

		@Override
		public void close() {
			closed = true;
			queue.clear();
			thread.interrupt();
		}
	}
}
