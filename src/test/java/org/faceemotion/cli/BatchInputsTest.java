package org.faceemotion.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.faceemotion.Cli;
import org.faceemotion.TestData;
import org.faceemotion.io.OutputFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The batch loop (shared by the command line and Fiji) on inputs a user has: bad values, collisions, reruns, links. */
class BatchInputsTest {
	static List<String> names(Path dir) throws Exception {
		try (Stream<Path> s = Files.list(dir)) {
			return s.map(p -> p.getFileName().toString()).sorted().collect(Collectors.toList());
		}
	}

	@Test
	void badOptionValuesAreRefusedWithExitCode2() {
		String photo = TestData.faces().resolve("2008_002506.jpg").toString();
		String[][] cases = { { "--start", "NaN" }, { "--end", "NaN" }, { "--start", "-1" }, { "--start", "5", "--end", "5" },
				{ "--score-threshold", "1.5" }, { "--every", "0" }, { "--min-face", "NaN" } };
		for (String[] c : cases) {
			List<String> args = new java.util.ArrayList<>(List.of("annotate", photo, "--out", "/tmp/never-written"));
			args.addAll(List.of(c));
			String[] r = Cli.run(args.toArray(new String[0]));
			assertEquals("2", r[0], String.join(" ", c) + ": " + r[2]);
			assertTrue(r[2].startsWith("error: --"), String.join(" ", c) + " names the option: " + r[2]);
		}
		assertFalse(Files.exists(Path.of("/tmp/never-written")));
	}

	@Test
	void aShortWindowWorksAndAWindowPastTheEndFailsThatInputWithoutRows(@TempDir Path tmp) throws Exception {
		String[] r = Cli.run("annotate", TestData.video().toString(), "--out", tmp.resolve("a").toString(), "--start", "5", "--end", "6");
		assertEquals("0", r[0], r[1] + r[2]);
		List<String> rows = Files.readAllLines(tmp.resolve("a/short-clip-640x360.csv"));
		assertTrue(rows.size() > 1, "faces between 5 and 6 s");
		r = Cli.run("annotate", TestData.video().toString(), "--out", tmp.resolve("b").toString(), "--start", "60");
		assertEquals("1", r[0], r[1] + r[2]);
		assertTrue(r[2].contains("after the end of the video"), r[2]);
		assertFalse(Files.exists(tmp.resolve("b/short-clip-640x360.csv")));
	}

	@Test
	void inputsWhoseOutputsWouldCollideAreRefusedNamingBoth(@TempDir Path tmp) throws Exception {
		Path a = Files.createDirectories(tmp.resolve("a")), b = Files.createDirectories(tmp.resolve("b"));
		Files.copy(TestData.faces().resolve("2008_002506.jpg"), a.resolve("x.jpg"));
		Files.copy(TestData.faces().resolve("dogs.jpg"), b.resolve("x.jpg"));
		// an image named like a video's summary table
		Files.copy(TestData.video(), a.resolve("clip.mp4"));
		Files.copy(TestData.faces().resolve("dogs.jpg"), b.resolve("clip-summary.png"));
		String[] r = Cli.run("annotate", a.toString(), b.toString(), "--out", tmp.resolve("out").toString(), "--every", "25");
		assertEquals("1", r[0], r[1] + r[2]);
		assertTrue(r[2].contains(b.resolve("x.jpg") + ": its output x.csv would also be written for " + a.resolve("x.jpg")), r[2]);
		assertTrue(r[2].contains(b.resolve("clip-summary.png") + ": its output clip-summary.csv"), r[2]);
		assertTrue(r[1].contains("2 of 4 input(s) annotated"), r[1]);
		// the first of each pair is intact
		assertEquals(4, Files.readAllLines(tmp.resolve("out/x.csv")).size(), "x.csv is a.jpg's three faces");
		assertTrue(Files.readAllLines(tmp.resolve("out/clip-summary.csv")).get(0).startsWith("source,face_id"), "the video's summary");
	}

	@Test
	void theOutputFolderInsideTheInputFolderIsNeverReadAsInput(@TempDir Path tmp) throws Exception {
		Path in = Files.createDirectories(tmp.resolve("in"));
		Files.copy(TestData.faces().resolve("2008_002506.jpg"), in.resolve("x.jpg"));
		for (int run = 0; run < 2; run++) {
			String[] r = Cli.run("annotate", in.toString(), "--out", in.toString(), "--overwrite");
			assertEquals("0", r[0], r[1] + r[2]);
			r = Cli.run("annotate", in.toString(), "--out", in.resolve("results").toString(), "--overwrite");
			assertEquals("0", r[0], r[1] + r[2]);
		}
		assertEquals(List.of("results", "x-annotated.png", "x-run.json", "x.csv", "x.jpg"), names(in), "no x-annotated-annotated.png");
		assertEquals(List.of("x-annotated.png", "x-run.json", "x.csv"), names(in.resolve("results")));
	}

	@Test
	void symbolicLinksAreFollowedAndCyclesReported(@TempDir Path tmp) throws Exception {
		Path real = Files.createDirectories(tmp.resolve("real/sub"));
		Files.copy(TestData.faces().resolve("2008_002506.jpg"), real.resolve("x.jpg"));
		Path top = Files.createDirectories(tmp.resolve("top"));
		Files.createSymbolicLink(top.resolve("linked"), real);
		Files.createSymbolicLink(real.resolve("loop"), tmp.resolve("real")); // a cycle
		Files.writeString(top.resolve("notes.txt"), "not an image");
		String[] r = Cli.run("annotate", top.toString(), "--out", tmp.resolve("out").toString());
		assertEquals("0", r[0], r[1] + r[2]);
		assertTrue(Files.exists(tmp.resolve("out/x.csv")), "the image behind the link is annotated");
		assertTrue(r[2].contains("a cycle"), r[2]);
		assertTrue(r[2].contains("notes.txt: not a supported image or video file"), "skipped files are listed: " + r[2]);
	}

	/**
	 * A folder that cannot be read is reported in words and the rest is done. Root reads every
	 * folder, so as root the command runs in a child process without the capabilities that let
	 * root ignore permissions (setpriv drops them), as an ordinary user would.
	 */
	@Test
	void anUnreadableFolderIsReportedAndTheRestDone(@TempDir Path tmp) throws Exception {
		Path top = Files.createDirectories(tmp.resolve("top"));
		Files.copy(TestData.faces().resolve("2008_002506.jpg"), top.resolve("x.jpg"));
		Path locked = Files.createDirectories(top.resolve("locked"));
		Files.copy(TestData.faces().resolve("2008_001009.jpg"), locked.resolve("y.jpg"));
		Files.setPosixFilePermissions(locked, java.util.Set.of());
		try {
			String code, err;
			if (!"root".equals(System.getProperty("user.name"))) {
				String[] r = Cli.run("annotate", top.toString(), "--out", tmp.resolve("out").toString());
				code = r[0];
				err = r[2];
			} else {
				assertTrue(Files.isExecutable(Path.of("/usr/bin/setpriv")), "running as root, the test needs setpriv (util-linux) to drop root's file capabilities");
				Path log = tmp.resolve("run.log");
				Process p = new ProcessBuilder("/usr/bin/setpriv", "--bounding-set=-dac_override,-dac_read_search",
						Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx1g", "-cp", System.getProperty("java.class.path"),
						"org.faceemotion.cli.Main", "annotate", top.toString(), "--out", tmp.resolve("out").toString()).redirectErrorStream(true)
						.redirectOutput(log.toFile()).start();
				assertTrue(p.waitFor(3, java.util.concurrent.TimeUnit.MINUTES), "timed out");
				code = String.valueOf(p.exitValue());
				err = Files.readString(log);
			}
			assertEquals("0", code, err);
			assertTrue(err.contains("locked: cannot be read (permission denied)"), err);
			assertTrue(Files.exists(tmp.resolve("out/x.csv")), "the readable image is annotated");
			assertFalse(Files.exists(tmp.resolve("out/y.csv")));
		} finally {
			Files.setPosixFilePermissions(locked, java.util.EnumSet.allOf(java.nio.file.attribute.PosixFilePermission.class));
		}
	}

	@Test
	void rerunsNeverMixOutputsAndAStaleAnnotatedVideoIsNotTakenAsComplete(@TempDir Path tmp) throws Exception {
		Path out = tmp.resolve("out");
		String video = TestData.video().toString();
		String[] r = Cli.run("annotate", video, "--out", out.toString(), "--every", "25", "--annotated-video");
		assertEquals("0", r[0], r[1] + r[2]);
		// a later run without the annotated video replaces the rest: the old mp4 goes with it
		r = Cli.run("annotate", video, "--out", out.toString(), "--every", "25", "--overwrite");
		assertEquals("0", r[0], r[1] + r[2]);
		assertFalse(Files.exists(out.resolve("short-clip-640x360-annotated.mp4")), "no stale annotated video");
		r = Cli.run("annotate", video, "--out", out.toString(), "--every", "25", "--resume", "--annotated-video");
		assertEquals("0", r[0], r[1] + r[2]);
		assertFalse(r[1].contains("complete from an earlier run"), "redone to get the annotated video: " + r[1]);
		assertTrue(Files.exists(out.resolve("short-clip-640x360-annotated.mp4")));
		// another run writing the same outputs now is refused for that input
		try (AutoCloseable lock = OutputFiles.lock(out, "short-clip-640x360")) {
			r = Cli.run("annotate", video, "--out", out.toString(), "--every", "25", "--overwrite");
		}
		assertEquals("1", r[0], r[1] + r[2]);
		assertTrue(r[2].contains("another run is writing these outputs now"), r[2]);
		assertTrue(names(out).stream().noneMatch(n -> n.contains(".part") || n.endsWith(".lock")), names(out).toString());
	}

	@Test
	void anOutputThatIsAFileIsRefusedInWords(@TempDir Path tmp) throws Exception {
		Path file = Files.writeString(tmp.resolve("out.txt"), "x");
		String[] r = Cli.run("annotate", TestData.faces().resolve("2008_002506.jpg").toString(), "--out", file.toString());
		assertEquals("2", r[0]);
		assertTrue(r[2].contains("is a file, not a folder"), r[2]);
	}

	@Test
	void imagesAreRecognisedByContentInEveryFormatImageJOpens(@TempDir Path tmp) throws Exception {
		Path in = Files.createDirectories(tmp.resolve("in"));
		ij.ImagePlus photo = ij.IJ.openImage(TestData.faces().resolve("2008_002506.jpg").toString());
		ij.IJ.saveAs(photo.duplicate(), "Gif", in.resolve("gif.gif").toString());
		Files.move(in.resolve("gif.gif"), in.resolve("really-a-gif.png")); // a GIF named .png
		ij.IJ.saveAs(photo.duplicate(), "BMP", in.resolve("bmp.bmp").toString());
		ij.ImagePlus gray = photo.duplicate();
		gray.setProcessor(gray.getProcessor().convertToByte(true));
		ij.IJ.saveAs(gray, "PGM", in.resolve("gray.pgm").toString());
		String[] r = Cli.run("annotate", in.toString(), "--out", tmp.resolve("out").toString());
		assertEquals("0", r[0], r[1] + r[2]);
		for (String stem : List.of("really-a-gif", "bmp", "gray")) {
			List<String> rows = Files.readAllLines(tmp.resolve("out/" + stem + ".csv"));
			assertTrue(rows.size() >= 3, stem + ": faces found: " + rows);
		}
	}

	@Test
	void aCalibratedTiffGivesTheSameRowsOnTheCommandLineAndInFiji(@TempDir Path tmp) throws Exception {
		ij.ImagePlus photo = ij.IJ.openImage(TestData.faces().resolve("2008_002506.jpg").toString());
		ij.ImageStack stack = new ij.ImageStack(photo.getWidth(), photo.getHeight());
		for (int i = 0; i < 3; i++) {
			ij.process.ImageProcessor ip = photo.getProcessor().duplicate();
			ip.translate(4 * i, 0);
			stack.addSlice(ip);
		}
		ij.ImagePlus movie = new ij.ImagePlus("movie.tif", stack);
		movie.setDimensions(1, 1, 3);
		movie.getCalibration().frameInterval = 0.5;
		movie.getCalibration().setTimeUnit("s");
		Path tif = tmp.resolve("movie.tif");
		assertTrue(new ij.io.FileSaver(movie).saveAsTiffStack(tif.toString()));
		String[] r = Cli.run("annotate", tif.toString(), "--out", tmp.resolve("out").toString());
		assertEquals("0", r[0], r[1] + r[2]);
		List<String> cli = Files.readAllLines(tmp.resolve("out/movie.csv"));
		// Fiji: the same file opened by ImageJ and run through Annotate Faces' loop
		ij.ImagePlus opened = ij.IJ.openImage(tif.toString());
		List<String> fiji = new java.util.ArrayList<>();
		java.io.StringWriter w = new java.io.StringWriter();
		try (org.faceemotion.core.pipeline.FaceEngine engine = new org.faceemotion.core.pipeline.FaceEngine(
				new org.faceemotion.core.pipeline.EngineConfig());
				org.faceemotion.core.pipeline.ResultsCsv table = new org.faceemotion.core.pipeline.ResultsCsv(w)) {
			for (org.faceemotion.core.model.FrameResult f : org.faceemotion.imagej.ImageAnnotation.annotate(opened, engine, (d, t) -> {
			}, () -> false))
				table.write(f);
		}
		fiji.addAll(List.of(w.toString().split("\n")));
		assertEquals(fiji, cli, "one loop, one frame interval rule");
		assertEquals(List.of("0.0000", "0.5000", "1.0000"), cli.stream().skip(1).map(l -> l.split(",")[2]).distinct().collect(Collectors.toList()));
	}

	@Test
	void aGigapixelImageIsRefusedFromItsHeaderAndTheBatchGoesOn(@TempDir Path tmp) throws Exception {
		Path in = Files.createDirectories(tmp.resolve("in"));
		Files.copy(TestData.faces().resolve("2008_002506.jpg"), in.resolve("small.jpg"));
		// a PNG header announcing 40000 x 30000 pixels (1.2 gigapixels)
		java.io.ByteArrayOutputStream png = new java.io.ByteArrayOutputStream();
		png.write(new byte[] { (byte) 0x89, 'P', 'N', 'G', 13, 10, 26, 10 });
		java.nio.ByteBuffer ihdr = java.nio.ByteBuffer.allocate(17).put("IHDR".getBytes()).putInt(40000).putInt(30000)
				.put(new byte[] { 8, 2, 0, 0, 0 });
		java.util.zip.CRC32 crc = new java.util.zip.CRC32();
		crc.update(ihdr.array());
		png.write(java.nio.ByteBuffer.allocate(4).putInt(13).array());
		png.write(ihdr.array());
		png.write(java.nio.ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
		Files.write(in.resolve("huge.png"), png.toByteArray());
		String[] r = Cli.run("annotate", in.toString(), "--out", tmp.resolve("out").toString());
		assertEquals("1", r[0], r[1] + r[2]);
		assertTrue(r[2].contains("huge.png: too large to annotate: 40000 x 30000 pixels (1.20 gigapixels"), r[2]);
		assertTrue(Files.exists(tmp.resolve("out/small.csv")), "the batch went on");
	}
}
