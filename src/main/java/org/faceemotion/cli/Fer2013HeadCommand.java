package org.faceemotion.cli;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.faceemotion.core.classify.LinearHead;
import org.faceemotion.train.Dl4jEmotionClassifier;
import org.faceemotion.train.Fer2013Head;
import org.faceemotion.train.FerDataset;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "fit-fer2013-head", mixinStandardHelpOptions = true,
		description = { "Fit the FER-2013 head: a softmax layer on the network's hidden features, fitted to FER-2013's labels on train "
				+ "(images and their mirror images), its temperature on val; the network is not changed. Used by --labels fer2013." })
public final class Fer2013HeadCommand implements Callable<Integer> {
	@Option(names = "--model", required = true, description = "The DL4J network (e.g. models/emotion-cnn.zip)")
	Path model;
	@Option(names = "--data", required = true, description = "FER-2013 folder (train/ and val/)")
	Path data;
	@Option(names = "--out", required = true, description = "Head file to write (beside the ONNX model: <model>.fer2013-head.csv)")
	Path out;
	@Option(names = "--steps", description = "Full-batch Adam steps (default: ${DEFAULT-VALUE})", defaultValue = "300")
	int steps;
	@Option(names = "--l2", description = "L2 penalty on the weights (default: ${DEFAULT-VALUE})", defaultValue = "0.0001")
	double l2;

	@Override
	public Integer call() throws Exception {
		MultiLayerNetwork net = Dl4jEmotionClassifier.loadNetwork(model);
		FerDataset train = FerDataset.load(data, "train", w -> {
		}), val = FerDataset.load(data, "val", w -> {
		});
		long t0 = System.nanoTime();
		float[][] xt = Fer2013Head.features(net, train.images, true);
		int[] yt = new int[xt.length];
		for (int i = 0; i < xt.length; i++)
			yt[i] = train.labels[i % train.size()];
		float[][] xv = Fer2013Head.features(net, val.images, false);
		System.out.printf(Locale.ROOT, "features: %d train (with mirrors), %d val, %d hidden units, %.0f s%n", xt.length, xv.length, xt[0].length,
				(System.nanoTime() - t0) / 1e9);
		LinearHead head = Fer2013Head.fit(xt, yt, steps, 0.01, l2, System.out::println);
		head = Fer2013Head.calibrate(head, xv, val.labels);
		System.out.printf(Locale.ROOT, "FER-2013 val accuracy %.4f (%d images), cross-entropy %.4f at temperature %.3f%n",
				Fer2013Head.accuracy(head, xv, val.labels), xv.length, Fer2013Head.nll(head, xv, val.labels), head.temperature);
		String text = head.write();
		org.faceemotion.io.OutputFiles.write(out, o -> o.write(text.getBytes(StandardCharsets.UTF_8)));
		System.out.println("wrote " + out + " (" + Files.size(out) + " bytes)");
		return 0;
	}
}
