package org.faceemotion;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * The layers stay apart: the engine (core/) imports nothing of io/, the user interfaces, training
 * or the command line; core/ and io/ import no ImageJ, SciJava, AWT or Swing; and no two packages
 * depend on each other in a cycle.
 */
class ArchitectureTest {
	static final Path SRC = Path.of("src/main/java/org/faceemotion");
	static final Pattern REFERENCE = Pattern.compile("\\borg\\.faceemotion\\.([a-z][a-z0-9_.]*?)\\.[A-Z]");

	static List<Path> sources(String sub) throws IOException {
		try (Stream<Path> s = Files.walk(SRC.resolve(sub))) {
			return s.filter(p -> p.toString().endsWith(".java")).collect(Collectors.toList());
		}
	}

	static String pkg(Path file) {
		return SRC.relativize(file.getParent()).toString().replace('/', '.');
	}

	/** Package -> the packages of this project it refers to (imports and fully qualified names). */
	static Map<String, Set<String>> dependencies() throws IOException {
		Map<String, Set<String>> deps = new TreeMap<>();
		for (Path f : sources(".")) {
			String from = pkg(f);
			Set<String> to = deps.computeIfAbsent(from, k -> new TreeSet<>());
			Matcher m = REFERENCE.matcher(Files.readString(f));
			while (m.find())
				if (!m.group(1).equals(from))
					to.add(m.group(1));
		}
		return deps;
	}

	@Test
	void engineImportsNoUserInterface() throws IOException {
		List<String> offenders = new ArrayList<>();
		for (String sub : List.of("core", "io"))
			for (Path p : sources(sub))
				if (Files.readAllLines(p).stream().anyMatch(l -> l.matches(
						"import (static )?(ij\\.|org\\.scijava\\.|net\\.imagej\\.|javax\\.swing\\.|java\\.awt\\.).*")))
					offenders.add(p.toString());
		assertEquals(List.of(), offenders);
	}

	@Test
	void coreDependsOnNothingOutsideCore() throws IOException {
		List<String> offenders = new ArrayList<>();
		for (Map.Entry<String, Set<String>> e : dependencies().entrySet())
			if (e.getKey().startsWith("core"))
				for (String to : e.getValue())
					if (!to.startsWith("core"))
						offenders.add(e.getKey() + " -> " + to);
		assertEquals(List.of(), offenders);
	}

	@Test
	void noPackageCycles() throws IOException {
		Map<String, Set<String>> deps = dependencies();
		List<String> cycles = new ArrayList<>();
		for (String start : deps.keySet()) {
			List<String> path = cycleFrom(start, start, deps, new ArrayList<>(List.of(start)), new TreeSet<>());
			if (path != null)
				cycles.add(String.join(" -> ", path));
		}
		assertEquals(List.of(), cycles);
	}

	private static List<String> cycleFrom(String start, String at, Map<String, Set<String>> deps, List<String> path, Set<String> seen) {
		for (String next : deps.getOrDefault(at, Set.of())) {
			if (next.equals(start)) {
				List<String> p = new ArrayList<>(path);
				p.add(start);
				return p;
			}
			if (seen.add(next)) {
				path.add(next);
				List<String> found = cycleFrom(start, next, deps, path, seen);
				if (found != null)
					return found;
				path.remove(path.size() - 1);
			}
		}
		return null;
	}
}
