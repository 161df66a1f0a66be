package org.faceemotion.batch;

import java.nio.file.AccessDeniedException;
import java.util.Locale;

/** An input's failure in one line: the input named, the cause in words (permission denied, no space left), never only a class name. */
public final class Failures {
	private Failures() {
	}

	public static String message(String input, Throwable e) {
		String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
		String why = reason(e);
		String name = input.substring(Math.max(input.lastIndexOf('/'), input.lastIndexOf('\\')) + 1);
		if (!m.contains(input) && !m.contains(name))
			m = input + ": " + m;
		return why.isEmpty() || m.contains(why) ? m : m + " (" + why + ")";
	}

	public static String reason(Throwable e) {
		for (Throwable t = e; t != null; t = t.getCause()) {
			String m = String.valueOf(t.getMessage()).toLowerCase(Locale.ROOT);
			if (t instanceof AccessDeniedException || m.contains("permission denied"))
				return "permission denied";
			if (m.contains("no space left"))
				return "no space left on the device";
			if (t instanceof java.nio.file.NoSuchFileException)
				return "no such file or folder";
			if (t instanceof java.nio.file.FileSystemException && ((java.nio.file.FileSystemException) t).getReason() != null)
				return ((java.nio.file.FileSystemException) t).getReason();
		}
		return "";
	}
}
