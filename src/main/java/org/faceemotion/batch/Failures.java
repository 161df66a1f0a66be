package org.faceemotion.batch;


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
		return org.faceemotion.io.OutputFiles.reason(e);
	}
}
