package org.faceemotion.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.StringJoiner;

import org.faceemotion.core.image.OpenCv;
import org.faceemotion.core.model.Emotion;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.Scalar;
import org.opencv.imgcodecs.Imgcodecs;

class FerDatasetTest {
	@TempDir
	Path tmp;

	@BeforeAll
	static void opencv() {
		OpenCv.load();
	}

	static void writeImage(Path file, int value, int size) throws Exception {
		Files.createDirectories(file.getParent());
		Mat m = new Mat(size, size, CvType.CV_8UC1, new Scalar(value));
		assertTrue(Imgcodecs.imwrite(file.toString(), m));
	}

	@Test
	void readsSplitFoldersAndConvertsAnySize() throws Exception {
		writeImage(tmp.resolve("train/happy/a.png"), 200, 48);
		writeImage(tmp.resolve("train/happy/b.png"), 100, 96);
		writeImage(tmp.resolve("train/sad/c.png"), 50, 48);
		writeImage(tmp.resolve("val/sad/d.png"), 60, 48);
		FerDataset train = FerDataset.load(tmp, "train", w -> {
		});
		assertEquals(3, train.size());
		assertEquals(2, train.classCounts()[Emotion.HAPPY.ordinal()]);
		assertEquals(1, train.classCounts()[Emotion.SAD.ordinal()]);
		for (byte[] im : train.images)
			assertEquals(48 * 48, im.length);
		assertEquals(100, train.images[1][0] & 0xFF, "a 96x96 image is resized to 48x48 keeping its grey value");
		FerDataset val = FerDataset.load(tmp, "val", w -> {
		});
		assertEquals(1, val.size());
		// a class folder given directly ignores the split
		assertEquals(1, FerDataset.load(tmp.resolve("val"), "train", w -> {
		}).size());
	}

	@Test
	void readsTheOriginalCsvAndReportsBadRows() throws Exception {
		StringBuilder sb = new StringBuilder("emotion,pixels,Usage\n");
		sb.append("3,").append(pixels(10)).append(",Training\n"); // happy
		sb.append("6,").append(pixels(20)).append(",Training\n"); // neutral
		sb.append("4,").append(pixels(30)).append(",PublicTest\n"); // sad
		sb.append("9,").append(pixels(30)).append(",Training\n"); // bad code
		sb.append("0,1 2 3,Training\n"); // too few pixels
		sb.append("1,").append(pixels(40)).append(",PrivateTest\n");
		Path csv = tmp.resolve("fer2013.csv");
		Files.write(csv, sb.toString().getBytes(StandardCharsets.UTF_8));
		List<String> warnings = new ArrayList<>();
		FerDataset train = FerDataset.load(csv, "train", warnings::add);
		assertArrayEquals(new int[] { Emotion.HAPPY.ordinal(), Emotion.NEUTRAL.ordinal() }, train.labels);
		assertEquals(20, train.images[1][5]);
		assertEquals(2, warnings.size(), warnings.toString());
		assertTrue(warnings.get(0).contains("fer2013.csv:5"), warnings.get(0));
		assertTrue(warnings.get(1).contains("3 pixel values"), warnings.get(1));
		assertEquals(1, FerDataset.load(tmp, "val", w -> {
		}).size(), "a folder holding fer2013.csv reads the CSV");
		assertEquals(Emotion.DISGUST.ordinal(), FerDataset.load(csv, "test", w -> {
		}).labels[0]);
	}

	@Test
	void clearMessagesForBadData() throws Exception {
		FerDataset.DatasetException e = assertThrows(FerDataset.DatasetException.class,
				() -> FerDataset.load(tmp.resolve("nope"), "train", w -> {
				}));
		assertTrue(e.getMessage().contains("nope") && e.getMessage().contains("does not exist"), e.getMessage());

		writeImage(tmp.resolve("bad/happy/a.png"), 1, 48);
		writeImage(tmp.resolve("bad/hapy/b.png"), 1, 48);
		e = assertThrows(FerDataset.DatasetException.class, () -> FerDataset.load(tmp.resolve("bad"), null, w -> {
		}));
		assertTrue(e.getMessage().contains("unknown class folder") && e.getMessage().contains("hapy"), e.getMessage());

		writeImage(tmp.resolve("mixed/happy/a.png"), 1, 48);
		Files.createDirectories(tmp.resolve("mixed/sad"));
		Files.write(tmp.resolve("mixed/happy/broken.jpg"), new byte[] { (byte) 0xFF, (byte) 0xD8, 1, 2, 3 });
		List<String> warnings = new ArrayList<>();
		FerDataset ds = FerDataset.load(tmp.resolve("mixed"), null, warnings::add);
		assertEquals(1, ds.size());
		assertTrue(warnings.stream().anyMatch(w -> w.contains("broken.jpg")), warnings.toString());
		assertTrue(warnings.stream().anyMatch(w -> w.contains("sad") && w.contains("empty")), warnings.toString());

		Files.createDirectories(tmp.resolve("empty/happy"));
		e = assertThrows(FerDataset.DatasetException.class, () -> FerDataset.load(tmp.resolve("empty"), null, w -> {
		}));
		assertTrue(e.getMessage().contains("no readable images"), e.getMessage());

		Path csv = tmp.resolve("wrong.csv");
		Files.write(csv, "a,b\n1,2\n".getBytes(StandardCharsets.UTF_8));
		e = assertThrows(FerDataset.DatasetException.class, () -> FerDataset.load(csv, "train", w -> {
		}));
		assertTrue(e.getMessage().contains("wrong.csv") && e.getMessage().contains("emotion"), e.getMessage());
	}

	private static String pixels(int v) {
		StringJoiner j = new StringJoiner(" ");
		for (int i = 0; i < 48 * 48; i++)
			j.add(String.valueOf(v));
		return j.toString();
	}
}
