package org.faceemotion.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.faceemotion.Cli;
import org.faceemotion.TestData;
import org.faceemotion.core.image.OpenCv;
import org.faceemotion.io.video.SyntheticVideo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VideoBatchTest {
	@Test
	void resumeAfterAKillMidBatchLosesNothingAndRedoesNothing(@TempDir Path tmp) throws Exception {
		OpenCv.load();
		Path in = Files.createDirectories(tmp.resolve("videos"));
		for (String n : new String[] { "a", "b", "c" })
			SyntheticVideo.writeMp4(in.resolve(n + ".mp4"), 160);
		Files.copy(TestData.faces().resolve("2008_002506.jpg"), in.resolve("photo.jpg"));
		Path out = tmp.resolve("out");

		// a real process, killed as soon as the first video is complete
		List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
				System.getProperty("java.class.path"), Main.class.getName(), "annotate", in.toString(), "--out", out.toString()));
		Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(tmp.resolve("first.log").toFile()).start();
		Path aDone = out.resolve("a-run.json"); // the last output of a video
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
		while (!Files.exists(aDone) && p.isAlive() && System.nanoTime() < deadline)
			Thread.sleep(20);
		p.destroyForcibly().waitFor();
		assertTrue(Files.exists(aDone), Files.readString(tmp.resolve("first.log")));
		assertFalse(Files.exists(out.resolve("photo-annotated.png")), "killed before the end of the batch");
		FileTime aTime = Files.getLastModifiedTime(out.resolve("a.csv"));

		// without --resume or --overwrite the finished video is refused, with the reason
		String[] r = Cli.run("annotate", in.resolve("a.mp4").toString(), "--out", out.toString());
		assertEquals("1", r[0]);
		assertTrue(r[2].contains("--resume"), r[2]);

		r = Cli.run("annotate", in.toString(), "--out", out.toString(), "--resume", "--every", "2");
		assertEquals("0", r[0], r[1] + r[2]);
		assertTrue(r[1].contains("complete from an earlier run; skipped"), r[1]);
		assertTrue(r[1].contains("4 of 4 input(s) annotated"), r[1]);
		assertEquals(aTime, Files.getLastModifiedTime(out.resolve("a.csv")), "a.mp4 was not redone");
		for (String n : new String[] { "a", "b", "c" })
			for (String suffix : new String[] { ".csv", "-summary.csv", "-timeline.png" })
				assertTrue(Files.size(out.resolve(n + suffix)) > 0, n + suffix);
		assertEquals(161, Files.readAllLines(out.resolve("a.csv"), StandardCharsets.UTF_8).stream().filter(l -> l.startsWith("a.mp4,"))
				.map(l -> l.split(",")[1]).distinct().count() + 1, "every frame of a.mp4 from the first run");
		assertTrue(Files.readAllLines(out.resolve("b.csv")).stream().skip(1).allMatch(l -> Integer.parseInt(l.split(",")[1]) % 2 == 0),
				"b.mp4 done in the second run with --every 2");
		try (var files = Files.list(out)) {
			assertTrue(files.noneMatch(f -> f.getFileName().toString().contains(".part")), "no temporary files left");
		}
	}
}
