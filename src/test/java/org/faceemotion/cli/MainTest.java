package org.faceemotion.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.faceemotion.Cli;
import org.junit.jupiter.api.Test;

/** The command line builds only the command it runs (start-up), yet its help lists every command. */
class MainTest {
	@Test
	void helpListsEveryCommand() {
		for (String[] args : new String[][] { {}, { "--help" } }) {
			String[] r = Cli.run(args);
			assertEquals("0", r[0], r[2]);
			for (String name : Main.COMMANDS.keySet())
				assertTrue(r[1].matches("(?s).*\\n  " + java.util.regex.Pattern.quote(name) + " .*"), name + " missing in\n" + r[1]);
		}
	}

	@Test
	void oneCommandIsBuiltAndItsHelpWorks() {
		assertEquals(1, Main.commandLine("annotate").getSubcommands().size());
		assertEquals(Main.COMMANDS.size(), Main.commandLine("anotate").getSubcommands().size());
		String[] r = Cli.run("annotate", "--help");
		assertEquals("0", r[0], r[2]);
		assertTrue(r[1].contains("Usage: face-emotion annotate"), r[1]);
	}

	@Test
	void aMistypedCommandIsNamedWithSuggestions() {
		String[] r = Cli.run("anotate", "x");
		assertEquals("2", r[0]);
		assertTrue(r[2].contains("'anotate'") && r[2].contains("Did you mean: face-emotion annotate"), r[2]);
	}
}
