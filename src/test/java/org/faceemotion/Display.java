package org.faceemotion;

import static org.junit.jupiter.api.Assertions.fail;

import java.awt.GraphicsEnvironment;

/**
 * GUI tests need a display. They fail without one, never skip: the README's test command
 * ({@code bash .ci/test}) starts a virtual display (Xvfb) where there is none.
 */
public final class Display {
	private Display() {
	}

	public static void require() {
		if (GraphicsEnvironment.isHeadless())
			fail("no display: run the tests with 'bash .ci/test', which starts Xvfb when DISPLAY is not set");
	}
}
