package org.faceemotion.spark;

import java.io.File;
import java.lang.reflect.InvocationTargetException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The jar's main class: runs the job where Spark is on the class path (the manifest's
 * spark-home/jars beside the jar, or spark-submit); otherwise loads Spark from
 * {@code $SPARK_HOME/jars} or says what is missing. Refers to no Spark class itself.
 */
public final class Launcher {
	private Launcher() {
	}

	public static void main(String[] args) throws Throwable {
		if (sparkPresent(Launcher.class.getClassLoader())) {
			SparkAnnotate.main(args);
			return;
		}
		String home = System.getenv("SPARK_HOME");
		Path jars = home == null ? null : Path.of(home, "jars");
		if (jars == null || !Files.isDirectory(jars)) {
			System.err.println("error: Spark's jars are not on the class path: keep spark-home/ beside face-emotion-spark.jar (as mvn package "
					+ "leaves them in target/), set SPARK_HOME to a Spark 3.5 (Scala 2.13) installation, or use spark-submit"
					+ (home == null ? "" : " (SPARK_HOME=" + home + " has no jars/ folder)"));
			System.exit(2);
		}
		List<URL> urls = new ArrayList<>();
		urls.add(Launcher.class.getProtectionDomain().getCodeSource().getLocation());
		try (Stream<Path> s = Files.list(jars)) {
			for (Path j : (Iterable<Path>) s.filter(p -> p.toString().endsWith(".jar")).sorted()::iterator)
				urls.add(j.toUri().toURL());
		}
		URLClassLoader loader = new URLClassLoader(urls.toArray(new URL[0]), ClassLoader.getPlatformClassLoader());
		if (!sparkPresent(loader)) {
			System.err.println("error: " + jars + File.separator + " holds no Spark (org.apache.spark.SparkConf not found)");
			System.exit(2);
		}
		Thread.currentThread().setContextClassLoader(loader);
		try {
			loader.loadClass("org.faceemotion.spark.SparkAnnotate").getMethod("main", String[].class).invoke(null, (Object) args);
		} catch (InvocationTargetException e) {
			throw e.getCause();
		}
	}

	private static boolean sparkPresent(ClassLoader loader) {
		try {
			Class.forName("org.apache.spark.SparkConf", false, loader);
			return true;
		} catch (ClassNotFoundException e) {
			return false;
		}
	}
}
