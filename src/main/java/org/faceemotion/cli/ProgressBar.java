package org.faceemotion.cli;

import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A text progress line with frames/s and ETA of the file, and the overall share and ETA of the
 * batch. Redrawn in place on a terminal, one line every few seconds otherwise. When several files
 * run at once the line shows how many, their frames/s together and the least done one's ETA.
 */
final class ProgressBar {
	private final PrintStream out;
	private final boolean terminal = System.console() != null;
	private final double totalWork;
	private double doneWork;
	private final long batchStart = System.nanoTime();
	private long lastPrint;
	/** The files running now, by a key of the caller's (its input). */
	private final Map<Object, File> running = new LinkedHashMap<>();

	private static final class File {
		final String name;
		final long start = System.nanoTime();
		int frames;
		double position, duration;

		File(String name) {
			this.name = name;
		}

		double fraction() {
			return duration > 0 ? Math.max(0, Math.min(1, position / duration)) : 0;
		}
	}

	ProgressBar(PrintStream out, double totalWorkSec) {
		this.out = out;
		this.totalWork = totalWorkSec;
	}

	synchronized void startFile(Object key, String name) {
		running.put(key, new File(name));
		lastPrint = 0;
	}

	synchronized void update(Object key, int frames, double positionSec, double durationSec, boolean force) {
		File f = running.get(key);
		if (f == null)
			return;
		f.frames = frames;
		f.position = positionSec;
		f.duration = durationSec;
		long now = System.nanoTime();
		if (!force && now - lastPrint < (terminal ? 200_000_000L : 3_000_000_000L))
			return;
		lastPrint = now;
		double fps = 0, inFlight = 0, eta = 0;
		for (File r : running.values()) {
			double el = (now - r.start) / 1e9;
			fps += r.frames / Math.max(1e-9, el);
			inFlight += r.fraction() * r.duration;
			eta = Math.max(eta, r.fraction() > 0 ? el * (1 - r.fraction()) / r.fraction() : Double.NaN);
		}
		double overall = totalWork > 0 ? Math.min(1, (doneWork + inFlight) / totalWork) : 0;
		double batchEl = (now - batchStart) / 1e9;
		double overallEta = overall > 0 ? batchEl * (1 - overall) / overall : Double.NaN;
		String line;
		if (running.size() == 1) {
			int width = 24, filled = (int) Math.round(f.fraction() * width);
			line = String.format(Locale.ROOT, "  %s [%s%s] %3.0f%% %6.1f fps ETA %s | all %3.0f%% ETA %s", f.name, "#".repeat(filled),
					" ".repeat(width - filled), 100 * f.fraction(), fps, eta(eta), 100 * overall, eta(overallEta));
		} else {
			line = String.format(Locale.ROOT, "  %d videos at once %6.1f fps ETA %s | all %3.0f%% ETA %s", running.size(), fps, eta(eta),
					100 * overall, eta(overallEta));
		}
		if (terminal)
			out.print("\r" + line);
		else
			out.println(line);
		out.flush();
	}

	synchronized void finishFile(Object key, double durationSec) {
		running.remove(key);
		doneWork += Math.max(0, durationSec);
		if (terminal)
			out.println();
	}

	private static String eta(double s) {
		if (Double.isNaN(s) || Double.isInfinite(s))
			return "--";
		long t = Math.round(s);
		return t >= 60 ? String.format(Locale.ROOT, "%dm%02ds", t / 60, t % 60) : t + "s";
	}
}
