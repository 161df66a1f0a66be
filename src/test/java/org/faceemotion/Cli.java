package org.faceemotion;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import org.faceemotion.cli.Main;

/** Runs the command line in this JVM and captures {exit code, stdout, stderr}. */
public final class Cli {
	private Cli() {
	}

	public static synchronized String[] run(String... args) {
		PrintStream oldOut = System.out, oldErr = System.err;
		ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
		try {
			System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
			System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
			// one JVM runs every command here: choose ND4J's build before any command (annotate does
			// not, and would otherwise leave training tests on the slower build when it runs first)
			org.faceemotion.train.Nd4jBackend.init();
			int code = Main.execute(args);
			return new String[] { String.valueOf(code), out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8) };
		} finally {
			System.setOut(oldOut);
			System.setErr(oldErr);
		}
	}
}
