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
		assertEquals(List.of("results", "x-annotated.png", "x.csv", "x.jpg"), names(in), "no x-annotated-annotated.png");
		assertEquals(List.of("x-annotated.png", "x.csv"), names(in.resolve("results")));
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
}
