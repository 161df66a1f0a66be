package org.faceemotion;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/** The engine stays headless: nothing under core/ or io/ imports ImageJ, SciJava, AWT or Swing. */
class ArchitectureTest {
	@Test
	void engineImportsNoUserInterface() throws IOException {
		List<String> offenders;
		try (Stream<Path> files = Stream.concat(Files.walk(Path.of("src/main/java/org/faceemotion/core")),
				Files.walk(Path.of("src/main/java/org/faceemotion/io")))) {
			offenders = files.filter(p -> p.toString().endsWith(".java")).filter(p -> {
				try {
					return Files.readAllLines(p).stream().anyMatch(l -> l.matches(
							"import (static )?(ij\\.|org\\.scijava\\.|net\\.imagej\\.|javax\\.swing\\.|java\\.awt\\.).*"));
				} catch (IOException e) {
					throw new java.io.UncheckedIOException(e);
				}
			}).map(Path::toString).collect(Collectors.toList());
		}
		assertEquals(List.of(), offenders);
	}
}
