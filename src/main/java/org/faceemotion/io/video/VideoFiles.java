package org.faceemotion.io.video;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/** File names FFmpeg is asked to decode as video. */
public final class VideoFiles {
	public static final List<String> EXTENSIONS = List.of(".mp4", ".m4v", ".mov", ".mkv", ".webm", ".avi", ".mpg", ".mpeg", ".wmv",
			".flv", ".3gp", ".ts", ".mts", ".ogv");

	private VideoFiles() {
	}

	/** The extensions without their dots, for messages. */
	public static List<String> names() {
		return EXTENSIONS.stream().map(e -> e.substring(1)).collect(java.util.stream.Collectors.toList());
	}

	public static boolean isVideo(Path p) {
		String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
		return EXTENSIONS.stream().anyMatch(n::endsWith);
	}
}
