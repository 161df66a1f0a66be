package org.faceemotion.io.source;

/** Real-time pacing of a recorded source: waits until a frame's time has come, counted from the first frame. */
final class Pacer {
	private long start = -1;

	/** Sleeps until {@code timeSec} after the first call's time; false if interrupted. */
	boolean waitFor(double timeSec) {
		if (start < 0)
			start = System.nanoTime() - (long) (timeSec * 1e9);
		long wait = start + (long) (timeSec * 1e9) - System.nanoTime();
		if (wait <= 0)
			return true;
		try {
			Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
			return true;
		} catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			return false;
		}
	}
}
