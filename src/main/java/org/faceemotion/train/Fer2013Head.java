package org.faceemotion.train;

import java.util.Locale;
import java.util.function.Consumer;

import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.faceemotion.core.classify.LinearHead;
import org.faceemotion.core.model.Emotion;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Fits the FER-2013 head ({@link LinearHead}): a softmax layer on the network's hidden features
 * (the input of its output layer, at inference), fitted by full-batch gradient descent (Adam,
 * L2) to FER-2013's labels on train, with its temperature then fitted on val (least
 * cross-entropy). The network itself is not changed.
 */
public final class Fer2013Head {
	private Fer2013Head() {
	}

	/** The hidden features of every image (and of its mirror image when {@code mirror}): [images][hidden], rows in image order. */
	public static float[][] features(MultiLayerNetwork net, byte[][] images, boolean mirror) {
		int out = -1;
		for (int i = 0; i < net.getnLayers(); i++)
			if (net.getLayerWiseConfigurations().getConf(i).getLayer() instanceof OutputLayer)
				out = i;
		if (out < 0)
			throw new IllegalArgumentException("the network has no output layer");
		float[][] f = new float[images.length * (mirror ? 2 : 1)][];
		int batch = 256;
		for (int m = 0; m < (mirror ? 2 : 1); m++)
			for (int s = 0; s < images.length; s += batch) {
				int n = Math.min(batch, images.length - s);
				byte[][] part = new byte[n][];
				for (int i = 0; i < n; i++)
					part[i] = m == 0 ? images[s + i] : flip(images[s + i]);
				INDArray x = Batches.features(part, null, 0, n);
				java.util.List<INDArray> acts = net.feedForward(x, false);
				float[][] h = acts.get(out).reshape(n, -1).toFloatMatrix();
				for (int i = 0; i < n; i++)
					f[m * images.length + s + i] = h[i];
				x.close();
			}
		return f;
	}

	static byte[] flip(byte[] img) {
		int n = (int) Math.round(Math.sqrt(img.length));
		byte[] out = new byte[img.length];
		for (int y = 0; y < n; y++)
			for (int x = 0; x < n; x++)
				out[y * n + x] = img[y * n + n - 1 - x];
		return out;
	}

	/** Softmax regression of {@code labels} on {@code x}; {@code steps} of full-batch Adam at {@code lr} with L2 {@code l2}. */
	public static LinearHead fit(float[][] x, int[] labels, int steps, double lr, double l2, Consumer<String> log) {
		int n = x.length, h = x[0].length, k = Emotion.COUNT;
		// standardise the features for the fit, folded back into the weights at the end
		double[] mean = new double[h], sd = new double[h];
		for (float[] r : x)
			for (int j = 0; j < h; j++)
				mean[j] += r[j] / (double) n;
		for (float[] r : x)
			for (int j = 0; j < h; j++)
				sd[j] += (r[j] - mean[j]) * (r[j] - mean[j]) / n;
		for (int j = 0; j < h; j++)
			sd[j] = Math.sqrt(sd[j]) + 1e-6;
		double[][] w = new double[k][h], mw = new double[k][h], vw = new double[k][h];
		double[] b = new double[k], mb = new double[k], vb = new double[k];
		double b1 = 0.9, b2 = 0.999;
		double[] z = new double[k];
		for (int step = 1; step <= steps; step++) {
			double[][] gw = new double[k][h];
			double[] gb = new double[k];
			double loss = 0;
			int correct = 0;
			for (int i = 0; i < n; i++) {
				float[] r = x[i];
				double max = Double.NEGATIVE_INFINITY;
				for (int c = 0; c < k; c++) {
					double s = b[c];
					for (int j = 0; j < h; j++)
						s += w[c][j] * (r[j] - mean[j]) / sd[j];
					z[c] = s;
					max = Math.max(max, s);
				}
				int arg = 0;
				for (int c = 1; c < k; c++)
					if (z[c] > z[arg])
						arg = c;
				double sum = 0;
				for (int c = 0; c < k; c++) {
					z[c] = Math.exp(z[c] - max);
					sum += z[c];
				}
				if (arg == labels[i])
					correct++;
				loss -= Math.log(Math.max(1e-12, z[labels[i]] / sum));
				for (int c = 0; c < k; c++) {
					double g = z[c] / sum - (c == labels[i] ? 1 : 0);
					gb[c] += g;
					for (int j = 0; j < h; j++)
						gw[c][j] += g * (r[j] - mean[j]) / sd[j];
				}
			}
			for (int c = 0; c < k; c++) {
				gb[c] /= n;
				mb[c] = b1 * mb[c] + (1 - b1) * gb[c];
				vb[c] = b2 * vb[c] + (1 - b2) * gb[c] * gb[c];
				b[c] -= lr * (mb[c] / (1 - Math.pow(b1, step))) / (Math.sqrt(vb[c] / (1 - Math.pow(b2, step))) + 1e-8);
				for (int j = 0; j < h; j++) {
					double g = gw[c][j] / n + l2 * w[c][j];
					mw[c][j] = b1 * mw[c][j] + (1 - b1) * g;
					vw[c][j] = b2 * vw[c][j] + (1 - b2) * g * g;
					w[c][j] -= lr * (mw[c][j] / (1 - Math.pow(b1, step))) / (Math.sqrt(vw[c][j] / (1 - Math.pow(b2, step))) + 1e-8);
				}
			}
			if (step % 25 == 0 || step == steps)
				log.accept(String.format(Locale.ROOT, "step %d: train loss %.4f, train accuracy %.4f", step, loss / n, correct / (double) n));
		}
		// back to raw features: w' = w / sd, b' = b - sum(w * mean / sd)
		double[][] wr = new double[k][h];
		double[] br = b.clone();
		for (int c = 0; c < k; c++)
			for (int j = 0; j < h; j++) {
				wr[c][j] = w[c][j] / sd[j];
				br[c] -= w[c][j] * mean[j] / sd[j];
			}
		return new LinearHead(wr, br, 1);
	}

	/** The same head with the temperature that gives the least cross-entropy on {@code x}, {@code labels} (golden-section search in 0.3..5). */
	public static LinearHead calibrate(LinearHead head, float[][] x, int[] labels) {
		double lo = 0.3, hi = 5;
		double g = (Math.sqrt(5) - 1) / 2;
		for (int it = 0; it < 40; it++) {
			double m1 = hi - g * (hi - lo), m2 = lo + g * (hi - lo);
			if (nll(head.withTemperature(m1), x, labels) < nll(head.withTemperature(m2), x, labels))
				hi = m2;
			else
				lo = m1;
		}
		return head.withTemperature((lo + hi) / 2);
	}

	public static double nll(LinearHead head, float[][] x, int[] labels) {
		double s = 0;
		for (int i = 0; i < x.length; i++)
			s -= Math.log(Math.max(1e-12, head.probabilities(x[i], 0)[labels[i]]));
		return s / x.length;
	}

	public static double accuracy(LinearHead head, float[][] x, int[] labels) {
		int ok = 0;
		for (int i = 0; i < x.length; i++)
			if (Emotion.argmax(head.probabilities(x[i], 0)).ordinal() == labels[i])
				ok++;
		return ok / (double) x.length;
	}
}
