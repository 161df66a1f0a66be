package org.faceemotion.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.faceemotion.Cli;
import org.faceemotion.TestData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainCommandTest {
	@Test
	void badSettingsAreRefusedBeforeAnythingIsWritten(@TempDir Path tmp) {
		Path out = tmp.resolve("run");
		String[] r = Cli.run("train", "--data", TestData.fer().toString(), "--out", out.toString(), "--epochs", "0");
		assertEquals("2", r[0]);
		assertTrue(r[2].contains("--epochs must be at least 1, not 0"), r[2]);
		r = Cli.run("train", "--data", TestData.fer().toString(), "--out", out.toString(), "--erase", "1.5");
		assertEquals("2", r[0]);
		assertTrue(r[2].contains("--erase must be between 0 and 1"), r[2]);
		assertTrue(!Files.exists(out), "no output folder for a refused run");
	}
}
