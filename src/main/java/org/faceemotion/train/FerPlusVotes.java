package org.faceemotion.train;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.faceemotion.core.model.Emotion;

/**
 * The FER+ votes ({@code ferplus.csv}: ten taggers per FER-2013 image, Barsoum et al. 2016) and what
 * training and evaluation take from them: the vote distribution over the seven emotions (contempt
 * dropped and the rest renormalised) and the one-emotion majority.
 *
 * An image is <em>usable</em> when it has a row, its largest vote is not {@code unknown} or
 * {@code NF} (FER+'s own rule), and at least one of its votes is for one of the seven emotions.
 * Its <em>majority</em> is the emotion with strictly more votes than every other column (contempt,
 * unknown and NF included); images with a tie or another column on top have none and are left out
 * of the majority figures.
 */
public final class FerPlusVotes {
	public static final String FILE = "ferplus.csv";
	/** FER+'s column names in the order of {@link Emotion}'s ordinals (angry, disgust, fear, happy, neutral, sad, surprise). */
	static final String[] EMOTION_COLUMNS = { "anger", "disgust", "fear", "happiness", "neutral", "sadness", "surprise" };
	static final String[] OTHER_COLUMNS = { "contempt", "unknown", "NF" };

	/** Votes per image key ({@code split/class/file}, '/'-separated): the seven emotions, then contempt, unknown, NF. */
	private final Map<String, int[]> votes;
	public final Path file;

	private FerPlusVotes(Path file, Map<String, int[]> votes) {
		this.file = file;
		this.votes = votes;
	}

	public int rows() {
		return votes.size();
	}

	/** {@code ferplus.csv} in {@code data} or its parent (when {@code data} is one split's folder), else null. */
	public static Path find(Path data) {
		if (data == null || !Files.exists(data))
			return null;
		Path dir = data.toAbsolutePath().normalize();
		if (Files.isRegularFile(dir))
			dir = dir.getParent();
		for (Path d : new Path[] { dir, dir.getParent() })
			if (d != null && Files.isRegularFile(d.resolve(FILE)))
				return d.resolve(FILE);
		return null;
	}

	public static FerPlusVotes load(Path csv) throws FerDataset.DatasetException {
		Map<String, int[]> votes = new HashMap<>();
		try (Reader r = Files.newBufferedReader(csv, StandardCharsets.UTF_8);
				CSVParser parser = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get().parse(r)) {
			String[] columns = new String[EMOTION_COLUMNS.length + OTHER_COLUMNS.length + 1];
			columns[0] = "file";
			System.arraycopy(EMOTION_COLUMNS, 0, columns, 1, EMOTION_COLUMNS.length);
			System.arraycopy(OTHER_COLUMNS, 0, columns, 1 + EMOTION_COLUMNS.length, OTHER_COLUMNS.length);
			for (String c : columns)
				if (!parser.getHeaderMap().containsKey(c))
					throw new FerDataset.DatasetException(csv + ": no '" + c + "' column (expected FER+ votes: file,neutral,happiness,...,NF)");
			for (CSVRecord rec : parser) {
				int[] v = new int[columns.length - 1];
				for (int k = 1; k < columns.length; k++) {
					String s = rec.get(columns[k]).trim();
					try {
						v[k - 1] = Integer.parseInt(s);
					} catch (NumberFormatException e) {
						throw new FerDataset.DatasetException(csv + ":" + rec.getParser().getCurrentLineNumber() + ": '" + s + "' in column "
								+ columns[k] + " is not a vote count");
					}
					if (v[k - 1] < 0)
						throw new FerDataset.DatasetException(csv + ":" + rec.getParser().getCurrentLineNumber() + ": negative vote count");
				}
				votes.put(normalise(rec.get("file")), v);
			}
		} catch (IOException | java.io.UncheckedIOException e) {
			throw new FerDataset.DatasetException(csv + ": cannot read FER+ votes: " + e.getMessage());
		} catch (IllegalArgumentException | IllegalStateException e) {
			throw new FerDataset.DatasetException(csv + ": not a valid CSV: " + e.getMessage());
		}
		if (votes.isEmpty())
			throw new FerDataset.DatasetException(csv + ": no rows of votes");
		return new FerPlusVotes(csv, votes);
	}

	private static String normalise(String relative) {
		return relative.trim().replace('\\', '/');
	}

	/** The votes of the image stored at {@code source} (a path under the CSV's folder), or null when it has no row. */
	int[] votesOf(String source) {
		Path p = Path.of(source).toAbsolutePath().normalize();
		Path root = file.toAbsolutePath().normalize().getParent();
		if (p.startsWith(root))
			return votes.get(normalise(root.relativize(p).toString()));
		// a copy of the tree elsewhere: match the last three names (split/class/file)
		int n = p.getNameCount();
		return n >= 3 ? votes.get(normalise(p.subpath(n - 3, n).toString())) : null;
	}

	/** The votes matched to every image of a data set. */
	public Matched match(FerDataset data) {
		int[][] v = new int[data.size()][];
		for (int i = 0; i < v.length; i++)
			v[i] = votesOf(data.sources[i]);
		return new Matched(v);
	}

	/** Every row whose file lies under {@code prefix} (e.g. {@code train/}), in no particular order: e.g. for the training prior. */
	public Matched rowsUnder(String prefix) {
		return new Matched(votes.entrySet().stream().filter(e -> e.getKey().startsWith(prefix)).map(Map.Entry::getValue).toArray(int[][]::new));
	}

	/** Votes per image of one data set (null rows: no FER+ row). */
	public static final class Matched {
		final int[][] votes;

		Matched(int[][] votes) {
			this.votes = votes;
		}

		public int size() {
			return votes.length;
		}

		public boolean hasRow(int i) {
			return votes[i] != null;
		}

		/** Usable for training on votes: a row, the largest vote not unknown or NF, some vote for one of the seven emotions. */
		public boolean usable(int i) {
			int[] v = votes[i];
			if (v == null)
				return false;
			int max = 0, emotionVotes = 0;
			for (int k = 0; k < v.length; k++)
				max = Math.max(max, v[k]);
			for (int k = 0; k < Emotion.COUNT; k++)
				emotionVotes += v[k];
			int unknown = v[Emotion.COUNT + 1], nf = v[Emotion.COUNT + 2];
			return emotionVotes > 0 && unknown < max && nf < max;
		}

		/** The normalised votes over the seven emotions into {@code dst[off..off+7)}; false (and nothing written) when not usable. */
		public boolean distribution(int i, float[] dst, int off) {
			if (!usable(i))
				return false;
			int[] v = votes[i];
			double sum = 0;
			for (int k = 0; k < Emotion.COUNT; k++)
				sum += v[k];
			for (int k = 0; k < Emotion.COUNT; k++)
				dst[off + k] = (float) (v[k] / sum);
			return true;
		}

		/** The one-emotion majority's ordinal, or -1 (no row, a tie, or contempt, unknown or NF on top). */
		public int majority(int i) {
			int[] v = votes[i];
			if (v == null)
				return -1;
			int best = -1, bestVotes = -1;
			boolean tie = false;
			for (int k = 0; k < v.length; k++) {
				if (v[k] > bestVotes) {
					best = k;
					bestVotes = v[k];
					tie = false;
				} else if (v[k] == bestVotes)
					tie = true;
			}
			return tie || best >= Emotion.COUNT ? -1 : best;
		}

		/** Images with a one-emotion majority. */
		public int majorities() {
			int n = 0;
			for (int i = 0; i < votes.length; i++)
				if (majority(i) >= 0)
					n++;
			return n;
		}

		/** Share of all emotion votes of the usable images per emotion: the taggers' prior. */
		public double[] prior() {
			double[] p = new double[Emotion.COUNT];
			float[] d = new float[Emotion.COUNT];
			double n = 0;
			for (int i = 0; i < votes.length; i++)
				if (distribution(i, d, 0)) {
					for (int k = 0; k < Emotion.COUNT; k++)
						p[k] += d[k];
					n++;
				}
			for (int k = 0; k < Emotion.COUNT; k++)
				p[k] /= Math.max(1, n);
			return p;
		}
	}

	/**
	 * How training targets are made: FER-2013's labels, FER+'s vote distributions, or a mix
	 * {@code w * votes + (1 - w) * label}. Parsed from {@code fer2013}, {@code ferplus} or {@code mix:W}.
	 */
	public static final class TargetMode {
		public final double voteWeight;

		private TargetMode(double voteWeight) {
			this.voteWeight = voteWeight;
		}

		public static final TargetMode FER2013 = new TargetMode(0), FERPLUS = new TargetMode(1);

		public boolean usesVotes() {
			return voteWeight > 0;
		}

		public static TargetMode parse(String s) {
			String t = s.trim().toLowerCase(Locale.ROOT);
			if (t.equals("fer2013"))
				return FER2013;
			if (t.equals("ferplus"))
				return FERPLUS;
			if (t.startsWith("mix:")) {
				double w;
				try {
					w = Double.parseDouble(t.substring(4));
				} catch (NumberFormatException e) {
					w = Double.NaN;
				}
				if (!(w >= 0 && w <= 1))
					throw new IllegalArgumentException("--targets " + s + ": the weight of mix:W must be between 0 and 1");
				return new TargetMode(w);
			}
			throw new IllegalArgumentException("--targets " + s + ": expected fer2013, ferplus or mix:W (W = weight of the votes, 0-1)");
		}

		@Override
		public String toString() {
			return voteWeight == 0 ? "fer2013" : voteWeight == 1 ? "ferplus" : "mix:" + voteWeight;
		}
	}
}
