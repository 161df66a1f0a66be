package org.faceemotion.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.faceemotion.Cli;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BenchmarkCommandTest {
	@Test
	void namesAModelFileThatIsNotAModel(@TempDir Path tmp) throws Exception {
		Path junk = Files.writeString(tmp.resolve("junk.zip"), "not a model");
		String[] r = Cli.run("benchmark", "--model", junk.toString());
		assertEquals("2", r[0]);
		assertTrue(r[2].contains("junk.zip") && r[2].contains("not a DL4J model"), r[2]);
		r = Cli.run("benchmark", "--model", tmp.resolve("missing.zip").toString());
		assertEquals("2", r[0]);
		assertTrue(r[2].contains("missing.zip") && r[2].contains("does not exist"), r[2]);
	}
}
