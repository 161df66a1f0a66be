package org.faceemotion.imagej;

import java.io.File;

import org.scijava.command.Command;
import org.scijava.command.ContextCommand;
import org.scijava.log.LogService;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

/** Fiji menu entry: a video's results opened for review and correction ({@link ReviewResults}). */
@Plugin(type = Command.class, menuPath = "Plugins>Face Emotion>Review Results...", headless = true)
public final class ReviewResultsCommand extends ContextCommand {
	@Parameter(label = "Results table (<name>.csv)", style = "open")
	private File table;
	@Parameter(label = "Video (empty: the one the table was made from)", style = "open", required = false, persist = false)
	private File video;
	@Parameter(label = "Events (CSV, or a folder of <video>.csv)", style = "both", required = false, persist = false)
	private File events;
	@Parameter(label = "Per-person baseline (empty, neutral, neutral:P or START-END seconds)", required = false, persist = false)
	private String person_baseline = "";
	@Parameter(required = false)
	private LogService log;

	@Override
	public void run() {
		try {
			ReviewResults.open(table.toPath(), video == null || video.getPath().isEmpty() ? null : video.toPath(),
					ReviewResultsPlugin.options(events == null ? null : events.getPath(), person_baseline));
		} catch (java.io.IOException | RuntimeException e) {
			cancel(e.getMessage());
			if (log != null)
				log.error(e.getMessage());
		}
	}
}
