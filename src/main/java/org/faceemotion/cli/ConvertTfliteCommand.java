package org.faceemotion.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.Callable;

import org.faceemotion.core.image.OpenCv;
import org.faceemotion.core.runtime.OrtNet;
import org.faceemotion.io.OutputFiles;
import org.faceemotion.train.TfliteToOnnx;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.MatOfByte;
import org.opencv.dnn.Dnn;
import org.opencv.dnn.Net;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "convert-tflite", mixinStandardHelpOptions = true,
		description = { "Convert a TFLite face detector (BlazeFace) to ONNX for ONNX Runtime, then check that ONNX Runtime and OpenCV DNN "
				+ "(on the TFLite file) give the same outputs.", "The engine runs X.onnx beside X.tflite in models/ with ONNX Runtime." })
public final class ConvertTfliteCommand implements Callable<Integer> {
	@Parameters(index = "0", paramLabel = "MODEL.tflite", description = "TensorFlow Lite model")
	Path tflite;
	@Option(names = "--out", description = "ONNX file to write (default: MODEL.onnx beside it)")
	Path out;
	@Option(names = "--overwrite", description = "Replace an existing file")
	boolean overwrite;
	@Option(names = "--tolerance", defaultValue = "1e-3", description = "Largest |difference| allowed between the runtimes (default: ${DEFAULT-VALUE})")
	double tolerance;

	@Override
	public Integer call() throws Exception {
		if (!Files.isRegularFile(tflite)) {
			System.err.println("error: " + tflite + ": no such file");
			return 2;
		}
		if (out == null)
			out = tflite.resolveSibling(tflite.getFileName().toString().replaceFirst("\\.tflite$", "") + ".onnx");
		String unwritable = Models.unwritable(out, overwrite);
		if (unwritable != null) {
			System.err.println("error: " + unwritable);
			return 2;
		}
		byte[] model = Files.readAllBytes(tflite);
		onnx.Onnx.ModelProto converted;
		try {
			converted = TfliteToOnnx.convert(model);
		} catch (IllegalArgumentException | IndexOutOfBoundsException e) {
			System.err.println("error: " + tflite + ": " + e.getMessage());
			return 1;
		}
		double diff = maxDifference(model, converted, 4, 15);
		byte[] onnx = converted.toByteArray();
		if (!(diff <= tolerance)) {
			System.err.printf(Locale.ROOT, "error: ONNX Runtime and OpenCV DNN disagree (max |difference| %.2e > %.1e); nothing written%n", diff, tolerance);
			return 1;
		}
		OutputFiles.write(out, o -> o.write(onnx));
		System.out.printf(Locale.ROOT, "wrote %s (%d bytes); max |ONNX Runtime - OpenCV DNN| over 4 random inputs: %.2e%n", out, onnx.length, diff);
		return 0;
	}

	/** Runs both on {@code n} random images in the blob range [-1, 1] and returns the largest difference of any output. */
	static double maxDifference(byte[] tflite, onnx.Onnx.ModelProto onnxModel, int n, long seed) {
		byte[] onnx = onnxModel.toByteArray();
		OpenCv.load();
		Net net = Dnn.readNetFromTFLite(new MatOfByte(tflite));
		List<String> names = net.getUnconnectedOutLayersNames();
		double max = 0;
		Random rng = new Random(seed);
		try (OrtNet ort = OrtNet.open(onnx, "the converted model", 1, why -> {
			throw new IllegalStateException(why);
		})) {
			if (ort == null)
				throw new IllegalStateException("-D" + OrtNet.RUNTIME_PROPERTY + "=opencv: the check needs ONNX Runtime");
			int side = (int) onnxModel.getGraph().getInput(0).getType().getTensorType().getShape().getDim(2).getDimValue();
			for (int i = 0; i < n; i++) {
				float[] x = new float[3 * side * side];
				for (int k = 0; k < x.length; k++)
					x[k] = rng.nextFloat() * 2 - 1;
				Mat blob = new Mat(new int[] { 1, 3, side, side }, CvType.CV_32F);
				blob.put(new int[] { 0, 0, 0, 0 }, x);
				net.setInput(blob);
				List<Mat> outs = new ArrayList<>();
				net.forward(outs, names);
				float[][] got = ort.run(x, new long[] { 1, 3, side, side });
				for (Mat m : outs) {
					float[] ref = new float[(int) m.total()];
					m.reshape(1, 1).get(0, 0, ref);
					for (float[] g : got)
						if (g.length == ref.length)
							for (int k = 0; k < ref.length; k++)
								max = Math.max(max, Math.abs(ref[k] - g[k]));
				}
			}
		}
		return max;
	}

}
