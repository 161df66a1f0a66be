package org.faceemotion.train;

import java.util.ArrayList;
import java.util.List;

import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.DropoutLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.faceemotion.core.classify.Preprocessing;
import org.faceemotion.core.model.Emotion;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.impl.LossMCXENT;

/**
 * The emotion CNN: four convolution blocks (3x3 convolutions, batch norm, ReLU, 2x2 max pooling,
 * dropout) and two fully connected layers (a hidden layer and the softmax output), in the spirit of
 * the original app's Keras model, with batch norm and widths sized for CPU training.
 */
public final class EmotionNet {
	static {
		Nd4jBackend.init();
	}

	/**
	 * Channels of the convolutions, block by block; each block has {@code convsPerBlock[i]}
	 * convolutions. Depth sits in the low-resolution blocks: chosen when DL4J's own convolution
	 * (oneDNN helpers silently dropped, see {@link Nd4jBackend}) was memory-bound at high
	 * resolution (BENCHMARKS.md).
	 */
	public int[] widths = { 32, 64, 128, 256 };
	public int[] convsPerBlock = { 1, 1, 2, 2 };
	public int hidden = 256;
	/** Probability of keeping a unit after each block and in the hidden layer (DL4J's convention). */
	public double[] blockRetain = { 0.9, 0.85, 0.8, 0.75 };
	public double hiddenRetain = 0.5;
	public double learningRate = 1e-3;
	public double weightDecay = 1e-4;
	public CNN2DFormat format = CNN2DFormat.NCHW;
	public long seed = 42;
	/** Per-class loss weights (null: all 1), e.g. to lift the rare disgust class. */
	public double[] classWeights;

	public MultiLayerConfiguration configuration() {
		NeuralNetConfiguration.ListBuilder b = new NeuralNetConfiguration.Builder().seed(seed).dataType(DataType.FLOAT)
				.updater(new Adam(learningRate)).weightDecay(weightDecay, true).weightInit(WeightInit.RELU)
				.convolutionMode(ConvolutionMode.Same).list();
		for (int block = 0; block < widths.length; block++) {
			for (int c = 0; c < convsPerBlock[block]; c++) {
				b.layer(new ConvolutionLayer.Builder(3, 3).nOut(widths[block]).stride(1, 1).hasBias(false)
						.activation(Activation.IDENTITY).dataFormat(format).build());
				b.layer(new BatchNormalization.Builder().dataFormat(format).build());
				b.layer(new ActivationLayer.Builder().activation(Activation.RELU).build());
			}
			b.layer(new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.MAX).kernelSize(2, 2).stride(2, 2)
					.dataFormat(format).build());
			if (blockRetain[block] < 1)
				b.layer(new DropoutLayer.Builder(blockRetain[block]).build());
		}
		b.layer(new DenseLayer.Builder().nOut(hidden).activation(Activation.IDENTITY).hasBias(false).build());
		b.layer(new BatchNormalization.Builder().build());
		b.layer(new ActivationLayer.Builder().activation(Activation.RELU).build());
		if (hiddenRetain < 1)
			b.layer(new DropoutLayer.Builder(hiddenRetain).build());
		LossMCXENT loss = classWeights == null ? new LossMCXENT()
				: new LossMCXENT(Nd4j.createFromArray(classWeights).castTo(DataType.FLOAT));
		b.layer(new OutputLayer.Builder(loss).nOut(Emotion.COUNT).activation(Activation.SOFTMAX).build());
		b.setInputType(InputType.convolutional(Preprocessing.SIZE, Preprocessing.SIZE, 1, format));
		return b.build();
	}

	public MultiLayerNetwork build() {
		MultiLayerNetwork net = new MultiLayerNetwork(configuration());
		net.init();
		return net;
	}

	/**
	 * The widths, convolutions per block and hidden units of an existing network of this family
	 * (e.g. a shipped model), so that {@link #multiplyAdds()} describes it.
	 */
	public static EmotionNet describing(MultiLayerNetwork net) {
		List<Integer> widths = new ArrayList<>(), convs = new ArrayList<>();
		int inBlock = 0, lastWidth = 0, hidden = 0;
		for (NeuralNetConfiguration c : net.getLayerWiseConfigurations().getConfs()) {
			Layer l = c.getLayer();
			if (l instanceof ConvolutionLayer) {
				lastWidth = (int) ((ConvolutionLayer) l).getNOut();
				inBlock++;
			} else if (l instanceof SubsamplingLayer && inBlock > 0) {
				widths.add(lastWidth);
				convs.add(inBlock);
				inBlock = 0;
			} else if (l instanceof DenseLayer) {
				hidden = (int) ((DenseLayer) l).getNOut();
			}
		}
		if (widths.isEmpty() || hidden == 0)
			throw new IllegalArgumentException("not an emotion CNN of this project (no convolution blocks or hidden layer)");
		EmotionNet spec = new EmotionNet();
		spec.widths = widths.stream().mapToInt(Integer::intValue).toArray();
		spec.convsPerBlock = convs.stream().mapToInt(Integer::intValue).toArray();
		spec.hidden = hidden;
		return spec;
	}

	/** Multiply-adds of one forward pass (convolutions and dense layers). */
	public long multiplyAdds() {
		long macs = 0;
		int size = Preprocessing.SIZE, in = 1;
		for (int block = 0; block < widths.length; block++) {
			for (int c = 0; c < convsPerBlock[block]; c++) {
				macs += (long) size * size * 9 * in * widths[block];
				in = widths[block];
			}
			size /= 2;
		}
		macs += (long) size * size * in * hidden + (long) hidden * Emotion.COUNT;
		return macs;
	}
}
