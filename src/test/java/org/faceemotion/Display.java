package org.faceemotion;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.awt.GraphicsEnvironment;

/** GUI tests need a display (Xvfb in CI): skipped without one on a developer's machine, failed without one in CI. */
public final class Display {
	private Display() {
	}

	public static void require() {
		if (!GraphicsEnvironment.isHeadless())
			return;
		if ("true".equals(System.getenv("CI")))
			fail("no display in CI: .ci/run must start Xvfb and export DISPLAY");
		assumeTrue(false, "no display (run under xvfb-run)");
	}
}
