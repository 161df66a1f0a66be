package org.faceemotion.train;

import java.util.List;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Averages the weights of several checkpoints of one network (e.g. the last epochs of a cosine
 * schedule), which usually generalises a little better than any single one and, unlike an
 * ensemble, costs nothing at inference. Every parameter is averaged, batch-norm statistics
 * included; that is sound for checkpoints close together (low learning rate at the end of a run),
 * not for unrelated networks.
 */
public final class WeightAveraging {
	private WeightAveraging() {
	}

	/**
	 * A new network with the configuration of the first and the element-wise mean of all
	 * parameters. {@code names} label the networks in error messages (files, usually).
	 */
	public static MultiLayerNetwork average(List<MultiLayerNetwork> nets, List<String> names) {
		if (nets.isEmpty())
			throw new IllegalArgumentException("no networks to average");
		MultiLayerNetwork first = nets.get(0);
		String config = architecture(first);
		for (int i = 1; i < nets.size(); i++) {
			MultiLayerNetwork n = nets.get(i);
			if (n.numParams() != first.numParams() || !architecture(n).equals(config))
				throw new IllegalArgumentException(names.get(i) + ": not the same network as " + names.get(0) + " ("
						+ n.numParams() + " vs " + first.numParams() + " parameters, or different layers)");
		}
		INDArray sum = first.params().dup();
		for (int i = 1; i < nets.size(); i++)
			sum.addi(nets.get(i).params());
		sum.divi(nets.size());
		MultiLayerNetwork avg = new MultiLayerNetwork(first.getLayerWiseConfigurations().clone());
		avg.init(sum, false);
		return avg;
	}

	/** The layer structure, without the training-progress counters DL4J stores in the configuration. */
	private static String architecture(MultiLayerNetwork net) {
		StringBuilder sb = new StringBuilder();
		for (int i = 0; i < net.getnLayers(); i++) {
			org.deeplearning4j.nn.api.Layer l = net.getLayer(i);
			sb.append(l.conf().getLayer().getClass().getSimpleName()).append(':').append(l.numParams()).append(';');
		}
		return sb.toString();
	}
}
