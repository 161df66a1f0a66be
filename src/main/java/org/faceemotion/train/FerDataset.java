package org.faceemotion.train;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.stream.Collectors;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.faceemotion.core.classify.Preprocessing;
import org.faceemotion.core.image.GrayImages;
import org.faceemotion.core.model.Emotion;
import org.opencv.core.Mat;

/**
 * FER-2013 style data decoded once into memory: 48x48 grey bytes and a class index per image.
 * Reads either a folder tree ({@code <root>/<class>/*.jpg} or {@code <root>/<split>/<class>/*.jpg})
 * or the original {@code fer2013.csv} ({@code emotion,pixels,Usage}).
 */
public final class FerDataset {
	private static final List<String> IMAGE_EXTENSIONS = List.of(".jpg", ".jpeg", ".png", ".tif", ".tiff", ".bmp", ".pgm");

	public final byte[][] images;
	public final int[] labels;
	/** Where each image came from (file path, or csv file and line). */
	public final String[] sources;

	public FerDataset(byte[][] images, int[] labels, String[] sources) {
		if (images.length != labels.length || images.length != sources.length)
			throw new IllegalArgumentException("images, labels and sources differ in length");
		this.images = images;
		this.labels = labels;
		this.sources = sources;
	}

	public int size() {
		return labels.length;
	}

	public int[] classCounts() {
		int[] counts = new int[Emotion.COUNT];
		for (int l : labels)
			counts[l]++;
		return counts;
	}

	/** A subset, for quick experiments and tests. */
	public FerDataset subset(int[] indices) {
		byte[][] im = new byte[indices.length][];
		int[] lb = new int[indices.length];
		String[] src = new String[indices.length];
		for (int i = 0; i < indices.length; i++) {
			im[i] = images[indices[i]];
			lb[i] = labels[indices[i]];
			src[i] = sources[indices[i]];
		}
		return new FerDataset(im, lb, src);
	}

	/**
	 * Loads one split. {@code path} may be a CSV file, a folder holding {@code fer2013.csv}, a folder
	 * of split folders (then {@code split} picks one), or a folder of class folders (then
	 * {@code split} is ignored). Unreadable images and bad CSV rows are skipped and reported to
	 * {@code warn}; everything else wrong throws {@link DatasetException} naming the path.
	 */
	public static FerDataset load(Path path, String split, Consumer<String> warn) throws DatasetException {
		if (path == null || !Files.exists(path))
			throw new DatasetException(path + ": data folder or file does not exist");
		if (Files.isRegularFile(path)) {
			if (path.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".csv"))
				return loadCsv(path, split, warn);
			throw new DatasetException(path + ": not a folder and not a .csv file");
		}
		if (!Files.isReadable(path))
			throw new DatasetException(path + ": folder is not readable");
		List<Path> subdirs = listDirs(path);
		boolean anyClass = subdirs.stream().anyMatch(d -> Emotion.fromLabel(name(d)) != null);
		if (anyClass)
			return loadClassFolders(path, subdirs, warn);
		if (split != null && Files.isDirectory(path.resolve(split)))
			return loadClassFolders(path.resolve(split), listDirs(path.resolve(split)), warn);
		Path csv = path.resolve("fer2013.csv");
		if (Files.isRegularFile(csv))
			return loadCsv(csv, split, warn);
		throw new DatasetException(path + ": found no class folders (" + classNames() + ")"
				+ (split == null ? "" : ", no '" + split + "' split folder") + " and no fer2013.csv");
	}

	private static FerDataset loadClassFolders(Path root, List<Path> subdirs, Consumer<String> warn) throws DatasetException {
		List<String> unknown = subdirs.stream().map(FerDataset::name).filter(n -> Emotion.fromLabel(n) == null)
				.collect(Collectors.toList());
		if (!unknown.isEmpty())
			throw new DatasetException(root + ": unknown class folder(s) " + unknown + "; expected only " + classNames());
		List<byte[]> images = new ArrayList<>();
		List<Integer> labels = new ArrayList<>();
		List<String> sources = new ArrayList<>();
		int skipped = 0;
		for (Path dir : subdirs) {
			Emotion e = Emotion.fromLabel(name(dir));
			List<Path> files = listImages(dir);
			if (files.isEmpty()) {
				warn.accept(dir + ": class folder is empty");
				continue;
			}
			for (Path f : files) {
				try {
					Mat m = GrayImages.read(f);
					images.add(org.faceemotion.core.classify.Preprocessing.faceInput(m));
					labels.add(e.ordinal());
					sources.add(f.toString());
				} catch (IllegalArgumentException ex) {
					warn.accept("skipped " + ex.getMessage());
					skipped++;
				}
			}
		}
		if (images.isEmpty())
			throw new DatasetException(root + ": no readable images in the class folders" + (skipped > 0 ? " (" + skipped + " unreadable)" : ""));
		if (skipped > 0)
			warn.accept(root + ": " + skipped + " unreadable image(s) skipped");
		return new FerDataset(images.toArray(new byte[0][]), labels.stream().mapToInt(Integer::intValue).toArray(),
				sources.toArray(new String[0]));
	}

	private static String usageFor(String split) {
		if (split == null)
			return null;
		switch (split.toLowerCase(Locale.ROOT)) {
		case "train": case "training": return "Training";
		case "val": case "publictest": return "PublicTest";
		case "test": case "privatetest": return "PrivateTest";
		default: return split;
		}
	}

	static FerDataset loadCsv(Path csv, String split, Consumer<String> warn) throws DatasetException {
		String usage = usageFor(split);
		List<byte[]> images = new ArrayList<>();
		List<Integer> labels = new ArrayList<>();
		List<String> sources = new ArrayList<>();
		int bad = 0;
		try (Reader r = Files.newBufferedReader(csv, StandardCharsets.UTF_8);
				CSVParser parser = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get().parse(r)) {
			for (String col : new String[] { "emotion", "pixels" })
				if (!parser.getHeaderMap().containsKey(col))
					throw new DatasetException(csv + ": no '" + col + "' column (expected emotion,pixels,Usage)");
			boolean hasUsage = parser.getHeaderMap().containsKey("Usage");
			for (CSVRecord rec : parser) {
				long line = rec.getParser().getCurrentLineNumber();
				String where = csv + ":" + line;
				if (hasUsage && usage != null && !usage.equalsIgnoreCase(rec.isSet("Usage") ? rec.get("Usage").trim() : ""))
					continue;
				try {
					Emotion e = Emotion.fromFer2013Code(Integer.parseInt(rec.get("emotion").trim()));
					if (e == null)
						throw new IllegalArgumentException("emotion code '" + rec.get("emotion") + "' is not 0..6");
					String[] parts = rec.get("pixels").trim().split("\\s+");
					if (parts.length != Preprocessing.PIXELS)
						throw new IllegalArgumentException(parts.length + " pixel values instead of " + Preprocessing.PIXELS);
					byte[] px = new byte[Preprocessing.PIXELS];
					for (int i = 0; i < px.length; i++) {
						int v = Integer.parseInt(parts[i]);
						if (v < 0 || v > 255)
							throw new IllegalArgumentException("pixel value " + v + " outside 0..255");
						px[i] = (byte) v;
					}
					images.add(px);
					labels.add(e.ordinal());
					sources.add(where);
				} catch (IllegalArgumentException | IllegalStateException ex) {
					bad++;
					if (bad <= 10)
						warn.accept("skipped bad row " + where + ": " + ex.getMessage());
				}
			}
		} catch (IOException | java.io.UncheckedIOException ex) {
			throw new DatasetException(csv + ": cannot read CSV: " + ex.getMessage());
		} catch (IllegalArgumentException ex) {
			throw new DatasetException(csv + ": not a valid CSV: " + ex.getMessage());
		}
		if (bad > 10)
			warn.accept(csv + ": " + bad + " bad rows skipped in all");
		if (images.isEmpty())
			throw new DatasetException(csv + ": no usable rows" + (usage == null ? "" : " with Usage=" + usage));
		return new FerDataset(images.toArray(new byte[0][]), labels.stream().mapToInt(Integer::intValue).toArray(),
				sources.toArray(new String[0]));
	}

	private static List<Path> listDirs(Path dir) throws DatasetException {
		try (DirectoryStream<Path> s = Files.newDirectoryStream(dir, Files::isDirectory)) {
			TreeMap<String, Path> sorted = new TreeMap<>();
			for (Path p : s)
				if (!name(p).startsWith("."))
					sorted.put(name(p), p);
			return new ArrayList<>(sorted.values());
		} catch (IOException e) {
			throw new DatasetException(dir + ": cannot list folder: " + e.getMessage());
		}
	}

	private static List<Path> listImages(Path dir) throws DatasetException {
		try (DirectoryStream<Path> s = Files.newDirectoryStream(dir, p -> Files.isRegularFile(p) && isImageName(name(p)))) {
			List<Path> out = new ArrayList<>();
			s.forEach(out::add);
			out.sort(null);
			return out;
		} catch (IOException e) {
			throw new DatasetException(dir + ": cannot list folder: " + e.getMessage());
		}
	}

	public static boolean isImageName(String name) {
		String n = name.toLowerCase(Locale.ROOT);
		return !n.startsWith(".") && IMAGE_EXTENSIONS.stream().anyMatch(n::endsWith);
	}

	private static String name(Path p) {
		return p.getFileName().toString();
	}

	private static String classNames() {
		return Arrays.stream(Emotion.values()).map(Emotion::label).collect(Collectors.joining(", "));
	}

	/** Data that cannot be used, with a message naming the file or folder and the problem. */
	public static final class DatasetException extends Exception {
		private static final long serialVersionUID = 1L;

		public DatasetException(String message) {
			super(message);
		}
	}
}
