package org.faceemotion.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.faceemotion.Cli;
import org.faceemotion.TestData;
import org.faceemotion.core.image.GrayImages;
import org.faceemotion.core.image.OpenCv;
import org.faceemotion.core.pipeline.ResultsCsv;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.MatOfInt;
import org.opencv.imgcodecs.Imgcodecs;

class AnnotateCommandTest {
	static final String HEADER = String.join(",", ResultsCsv.COLUMNS);

	@Test
	void aFolderWithOneCorruptFileIsDoneAndTheFailureReported(@TempDir Path tmp) throws Exception {
		Path in = Files.createDirectories(tmp.resolve("in"));
		Files.copy(TestData.faces().resolve("2008_002506.jpg"), in.resolve("three.jpg"));
		Files.copy(TestData.faces().resolve("dogs.jpg"), in.resolve("dogs.jpg"));
		Files.write(in.resolve("broken.jpg"), new byte[] { (byte) 0xFF, (byte) 0xD8, (byte) 0xFF, 0, 1, 2 });
		Path out = tmp.resolve("out");

		String[] r = Cli.run("annotate", in.toString(), "--out", out.toString());
		assertEquals("1", r[0], "some input failed: exit code 1\n" + r[1] + r[2]);
		assertTrue(r[2].contains("broken.jpg") && r[2].contains("not a readable image"), r[2]);
		assertTrue(r[1].contains("2 of 3 input(s) annotated"), r[1]);

		List<String> three = Files.readAllLines(out.resolve("three.csv"), StandardCharsets.UTF_8);
		assertEquals(HEADER, three.get(0));
		assertEquals(4, three.size(), "three faces: " + three);
		assertTrue(three.get(1).startsWith("three.jpg,0,0.0000,"), three.get(1));
		assertEquals(List.of(HEADER), Files.readAllLines(out.resolve("dogs.csv")), "no face: header only");
		assertTrue(Files.size(out.resolve("three-annotated.png")) > 10_000);
		assertFalse(Files.exists(out.resolve("broken.csv")));
		try (var files = Files.list(out)) {
			assertTrue(files.noneMatch(p -> p.getFileName().toString().contains(".part")), "no temporary files left");
		}

		// a second run does not overwrite without --overwrite
		long before = Files.getLastModifiedTime(out.resolve("three.csv")).toMillis();
		r = Cli.run("annotate", in.resolve("three.jpg").toString(), "--out", out.toString());
		assertEquals("1", r[0]);
		assertTrue(r[2].contains("exists") && r[2].contains("--overwrite"), r[2]);
		assertEquals(before, Files.getLastModifiedTime(out.resolve("three.csv")).toMillis());
		r = Cli.run("annotate", in.resolve("three.jpg").toString(), "--out", out.toString(), "--overwrite",
				"--detector", "haar");
		assertEquals("0", r[0], r[2]);
	}

	@Test
	void aMultiPageTiffStackGetsOneRowPerFacePerFrameAndStableIds(@TempDir Path tmp) throws Exception {
		OpenCv.load();
		Mat photo = GrayImages.read(TestData.faces().resolve("2008_002506.jpg"));
		List<Mat> pages = new ArrayList<>();
		for (int i = 0; i < 3; i++) {
			Mat gray16 = new Mat();
			GrayImages.toGray8(photo).convertTo(gray16, CvType.CV_16U, 100, 0); // a 16-bit stack
			pages.add(gray16);
		}
		Path tif = tmp.resolve("stack.tif");
		assertTrue(Imgcodecs.imwritemulti(tif.toString(), pages, new MatOfInt()));
		Path out = tmp.resolve("out");
		String[] r = Cli.run("annotate", tif.toString(), "--out", out.toString());
		assertEquals("0", r[0], r[1] + r[2]);
		List<String> rows = Files.readAllLines(out.resolve("stack.csv"));
		assertEquals(1 + 9, rows.size(), rows.toString());
		for (int frame = 0; frame < 3; frame++) {
			final String prefix = "stack.tif," + frame + ",";
			assertEquals(List.of("1", "2", "3"), rows.stream().filter(l -> l.startsWith(prefix)).map(l -> l.split(",")[3]).sorted()
					.collect(java.util.stream.Collectors.toList()));
		}
		List<Mat> annotated = new ArrayList<>();
		assertTrue(Imgcodecs.imreadmulti(out.resolve("stack-annotated.tif").toString(), annotated));
		assertEquals(3, annotated.size());
	}

	@Test
	void missingAndUnsupportedInputsAreNamed(@TempDir Path tmp) throws Exception {
		Path txt = Files.write(tmp.resolve("notes.txt"), new byte[] { 1 });
		String[] r = Cli.run("annotate", tmp.resolve("nothing.png").toString(), txt.toString(), "--out",
				tmp.resolve("out").toString());
		assertEquals("1", r[0]);
		assertTrue(r[2].contains("nothing.png: no such file"), r[2]);
		assertTrue(r[2].contains("notes.txt: not a supported image or video file"), r[2]);
		r = Cli.run("annotate", txt.toString(), "--out", tmp.resolve("out").toString(), "--detector", "yolo");
		assertEquals("2", r[0]);
		assertTrue(r[2].contains("unknown detector 'yolo'"), r[2]);
	}

	@Test
	void theBalancedPriorChangesTheProbabilitiesAndSaysSo(@TempDir Path tmp) throws Exception {
		Path photo = org.faceemotion.TestData.faces().resolve("2008_001009.jpg");
		String[] a = Cli.run("annotate", photo.toString(), "--out", tmp.resolve("everyday").toString());
		String[] b = Cli.run("annotate", photo.toString(), "--prior", "balanced", "--out", tmp.resolve("balanced").toString());
		assertEquals("0", a[0], a[2]);
		assertEquals("0", b[0], b[2]);
		java.util.List<String> ea = Files.readAllLines(tmp.resolve("everyday/2008_001009.csv")), eb = Files.readAllLines(tmp.resolve("balanced/2008_001009.csv"));
		assertEquals(ea.size(), eb.size(), "the same faces");
		assertTrue(!ea.subList(1, ea.size()).equals(eb.subList(1, eb.size())), "other probabilities");
		assertTrue(Files.readString(tmp.resolve("balanced/2008_001009-run.json")).contains("\"prior\": \"balanced\""));
		String[] bad = Cli.run("annotate", photo.toString(), "--prior", "posed", "--out", tmp.resolve("x").toString());
		assertEquals("2", bad[0]);
		assertTrue(bad[2].contains("--prior 'posed'") || bad[2].contains("prior 'posed'"), bad[2]);
	}
}
