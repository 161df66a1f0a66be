package org.faceemotion.train;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.faceemotion.core.classify.OnnxEmotionClassifier;
import org.faceemotion.core.model.Emotion;

/**
 * Soft targets for distillation: for every training image, the mean of the calibrated
 * probabilities of one or more teacher networks (ONNX, as the plugin runs them), each on the image
 * and on its mirror image. Computed once on the images as stored (not on each augmented copy: a
 * teacher pass per augmented image would cost about half the training time again) and cached in
 * the run's folder, keyed by the teachers' bytes and the training set, so {@code --resume} reads
 * them back.
 */
public final class TeacherTargets {
	public static final String CACHE = "teacher-targets.bin";
	private static final int MAGIC = 0x54454143; // "TEAC"

	private TeacherTargets() {
	}

	/** The cached targets when they belong to these teachers and this training set, else computed and cached. */
	public static float[] loadOrCompute(Path outDir, List<Path> teachers, FerDataset train, PrintStream log) throws IOException {
		String key = key(teachers, train);
		Path cache = outDir.resolve(CACHE);
		if (Files.isRegularFile(cache)) {
			try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(cache)))) {
				if (in.readInt() == MAGIC && in.readUTF().equals(key) && in.readInt() == train.size()) {
					float[] t = new float[train.size() * Emotion.COUNT];
					for (int i = 0; i < t.length; i++)
						t[i] = in.readFloat();
					log.printf(Locale.ROOT, "teacher targets: read from %s%n", cache);
					return t;
				}
			} catch (IOException e) {
				log.printf(Locale.ROOT, "teacher targets: %s unreadable (%s); computing them again%n", cache, e.getMessage());
			}
		}
		long t0 = System.nanoTime();
		float[] t = compute(teachers, train);
		org.faceemotion.io.OutputFiles.write(cache, o -> {
			DataOutputStream out = new DataOutputStream(new BufferedOutputStream(o));
			out.writeInt(MAGIC);
			out.writeUTF(key);
			out.writeInt(train.size());
			for (float v : t)
				out.writeFloat(v);
			out.flush();
		});
		log.printf(Locale.ROOT, "teacher targets: %d images, %d teacher(s) with the mirror image, %.0f s; agree with the labels on %.4f%n",
				train.size(), teachers.size(), (System.nanoTime() - t0) / 1e9, agreement(t, train.labels));
		return t;
	}

	/** Mean calibrated probabilities of the teachers (each with the mirror image), row-major n x 7. */
	public static float[] compute(List<Path> teachers, FerDataset train) {
		if (teachers.isEmpty())
			throw new IllegalArgumentException("no teacher given");
		float[] sum = new float[train.size() * Emotion.COUNT];
		for (Path file : teachers) {
			try (OnnxEmotionClassifier c = OnnxEmotionClassifier.load(file)) {
				for (int from = 0; from < train.size(); from += 128) {
					int to = Math.min(train.size(), from + 128);
					List<byte[]> batch = new ArrayList<>(to - from);
					for (int i = from; i < to; i++)
						batch.add(train.images[i]);
					float[][] p = c.classifyWithFlip(batch);
					for (int i = 0; i < p.length; i++)
						for (int k = 0; k < Emotion.COUNT; k++)
							sum[(from + i) * Emotion.COUNT + k] += p[i][k] / teachers.size();
				}
			}
		}
		return sum;
	}

	/** Fraction of images whose most probable teacher class is the label. */
	static double agreement(float[] targets, int[] labels) {
		int agree = 0;
		for (int i = 0; i < labels.length; i++) {
			int best = 0;
			for (int k = 1; k < Emotion.COUNT; k++)
				if (targets[i * Emotion.COUNT + k] > targets[i * Emotion.COUNT + best])
					best = k;
			if (best == labels[i])
				agree++;
		}
		return agree / (double) Math.max(1, labels.length);
	}

	/** SHA-256 of the teachers' bytes (in order) and of the training images and labels. */
	static String key(List<Path> teachers, FerDataset train) throws IOException {
		try {
			MessageDigest md = MessageDigest.getInstance("SHA-256");
			byte[] buf = new byte[1 << 16];
			for (Path t : teachers)
				try (InputStream in = Files.newInputStream(t)) {
					for (int r; (r = in.read(buf)) > 0;)
						md.update(buf, 0, r);
				}
			for (int i = 0; i < train.size(); i++) {
				md.update(train.images[i]);
				md.update((byte) train.labels[i]);
			}
			StringBuilder sb = new StringBuilder();
			for (byte b : md.digest())
				sb.append(String.format(Locale.ROOT, "%02x", b));
			return sb.toString();
		} catch (NoSuchAlgorithmException e) {
			throw new IllegalStateException(e);
		}
	}
}
