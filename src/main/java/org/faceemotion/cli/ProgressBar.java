package org.faceemotion.cli;

import java.io.PrintStream;
import java.util.Locale;

/** A text progress line per file with frames/s and ETA, and the overall share and ETA of the batch. Redrawn in place on a terminal, one line every few seconds otherwise. */
final class ProgressBar {
	private final PrintStream out;
	private final boolean terminal = System.console() != null;
	private final double totalWork;
	private double doneWork;
	private final long batchStart = System.nanoTime();
	private long fileStart, lastPrint;
	private String name;

	ProgressBar(PrintStream out, double totalWorkSec) {
		this.out = out;
		this.totalWork = totalWorkSec;
	}

	void startFile(String name) {
		this.name = name;
		fileStart = System.nanoTime();
		lastPrint = 0;
	}

	void update(int frames, double positionSec, double durationSec, boolean force) {
		long now = System.nanoTime();
		if (!force && now - lastPrint < (terminal ? 200_000_000L : 3_000_000_000L))
			return;
		lastPrint = now;
		double el = (now - fileStart) / 1e9;
		double fps = frames / Math.max(1e-9, el);
		double frac = durationSec > 0 ? Math.max(0, Math.min(1, positionSec / durationSec)) : 0;
		double eta = frac > 0 ? el * (1 - frac) / frac : Double.NaN;
		double overall = totalWork > 0 ? Math.min(1, (doneWork + frac * durationSec) / totalWork) : 0;
		double batchEl = (now - batchStart) / 1e9;
		double overallEta = overall > 0 ? batchEl * (1 - overall) / overall : Double.NaN;
		int width = 24, filled = (int) Math.round(frac * width);
		String line = String.format(Locale.ROOT, "  %s [%s%s] %3.0f%% %6.1f fps ETA %s | all %3.0f%% ETA %s", name, "#".repeat(filled),
				" ".repeat(width - filled), 100 * frac, fps, eta(eta), 100 * overall, eta(overallEta));
		if (terminal)
			out.print("\r" + line);
		else
			out.println(line);
		out.flush();
	}

	void finishFile(double durationSec) {
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
