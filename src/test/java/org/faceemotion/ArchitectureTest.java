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
 * The layers stay apart, every package of the plugin and of the Spark job (imports and fully
 * qualified names alike): the engine (core/) imports nothing above it; core/ and io/ import no
 * ImageJ, SciJava, AWT or Swing; each layer refers only to the layers below it
 * ({@link #LAYERS}); and no two packages depend on each other in a cycle.
 */
class ArchitectureTest {
	static final Path SRC = Path.of("src/main/java/org/faceemotion"), SPARK = Path.of("src/spark/java/org/faceemotion");
	static final Pattern REFERENCE = Pattern.compile("\\borg\\.faceemotion\\.([a-z][a-z0-9_.]*?)\\.([A-Z][A-Za-z0-9_]*)");

	/** Each top-level package and what it may refer to: the layers below it. */
	static final Map<String, Set<String>> LAYERS = Map.of(
			"core", Set.of(),
			"io", Set.of("core"),
			"report", Set.of("core", "io"),
			"batch", Set.of("core", "io", "report"),
			"train", Set.of("core", "io"),
			"bench", Set.of("core"),
			"live", Set.of("core", "io"),
			"imagej", Set.of("core", "io", "report", "batch", "live"),
			"cli", Set.of("core", "io", "report", "batch", "live", "train", "bench", "imagej"),
			"spark", Set.of("core", "io", "report", "batch", "imagej", "cli"));
	/** The one class of cli/ the Spark job uses: the options of annotate. */
	static final String SPARK_USES_OF_CLI = "AnnotateMixin";

	static List<Path> sources(String sub) throws IOException {
		List<Path> all = new ArrayList<>();
		for (Path root : List.of(SRC, SPARK))
			if (Files.isDirectory(root.resolve(sub)))
				try (Stream<Path> s = Files.walk(root.resolve(sub))) {
					s.filter(p -> p.toString().endsWith(".java")).forEach(all::add);
				}
		return all;
	}

	static String pkg(Path file) {
		Path root = file.startsWith(SPARK) ? SPARK : SRC;
		return root.relativize(file.getParent()).toString().replace('/', '.');
	}

	static String layer(String pkg) {
		int dot = pkg.indexOf('.');
		return dot < 0 ? pkg : pkg.substring(0, dot);
	}

	@Test
	void everyLayerRefersOnlyToTheLayersBelowIt() throws IOException {
		List<String> offenders = new ArrayList<>();
		for (Path f : sources(".")) {
			String from = layer(pkg(f));
			Set<String> allowed = LAYERS.get(from);
			if (allowed == null) {
				offenders.add(f + ": package " + pkg(f) + " has no place in LAYERS");
				continue;
			}
			Matcher m = REFERENCE.matcher(Files.readString(f));
			while (m.find()) {
				String to = layer(m.group(1));
				if (to.equals(from))
					continue;
				if (!allowed.contains(to) || from.equals("spark") && to.equals("cli") && !m.group(2).equals(SPARK_USES_OF_CLI))
					offenders.add(f + " -> " + m.group(1) + "." + m.group(2));
			}
		}
		assertEquals(List.of(), offenders.stream().distinct().collect(Collectors.toList()));
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
