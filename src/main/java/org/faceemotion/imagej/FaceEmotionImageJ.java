package org.faceemotion.imagej;

import java.awt.Menu;
import java.awt.MenuItem;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import ij.IJ;
import ij.ImageJ;
import ij.Menus;

/**
 * Opens the ImageJ 1.x window with the Face Emotion menu, for running the plugin straight from the
 * build. The entries come from the same plugins.config that ImageJ reads when the jar lies in its
 * plugins/ folder, so both ways give one identical menu.
 */
public final class FaceEmotionImageJ {
	private static final Pattern ENTRY = Pattern.compile("^\\s*([^,#]+),\\s*\"([^\"]+)\",\\s*([\\w.]+)(\\(\"[^\"]*\"\\))?\\s*$");

	private FaceEmotionImageJ() {
	}

	/** The entries of plugins.config: menu path, label, class name. */
	public static List<String[]> entries() throws IOException {
		List<String[]> out = new ArrayList<>();
		try (InputStream in = FaceEmotionImageJ.class.getResourceAsStream("/plugins.config")) {
			if (in == null)
				throw new IOException("plugins.config is missing from the jar");
			BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
			for (String line; (line = r.readLine()) != null;) {
				Matcher m = ENTRY.matcher(line);
				if (m.matches())
					out.add(new String[] { m.group(1).trim(), m.group(2), m.group(3) });
			}
		}
		return out;
	}

	/** Registers the commands with ImageJ 1.x (and adds menu items when the ImageJ window exists). */
	public static void install(ImageJ ij) throws IOException {
		if (Menus.getCommands() == null)
			initCommandTable();
		Menu sub = null;
		for (String[] e : entries()) {
			if (Menus.getCommands().containsKey(e[1]))
				continue;
			Menus.getCommands().put(e[1], e[2]);
			if (ij == null || Menus.getMenuBar() == null)
				continue;
			if (sub == null) {
				Menu plugins = Menus.getImageJMenu("Plugins");
				String name = e[0].substring(e[0].indexOf('>') + 1);
				sub = new Menu(name);
				plugins.add(sub);
			}
			MenuItem item = new MenuItem(e[1]);
			item.addActionListener(ij);
			sub.add(item);
		}
	}

	/** Opens ImageJ (mode {@link ImageJ#STANDALONE} exits the JVM on quit, {@link ImageJ#EMBEDDED} does not). */
	/**
	 * Without an ImageJ window (tests, headless scripts) ImageJ builds its command table lazily in
	 * the package-private IJ.init(), the first time IJ.run is called; build it now so that our
	 * entries can be added before any macro runs.
	 */
	private static void initCommandTable() throws IOException {
		try {
			java.lang.reflect.Method init = IJ.class.getDeclaredMethod("init");
			init.setAccessible(true);
			init.invoke(null);
		} catch (ReflectiveOperationException | RuntimeException e) {
			throw new IOException("cannot initialise ImageJ's command table: " + e, e);
		}
	}

	public static ImageJ open(int mode) throws IOException {
		ImageJ ij = IJ.getInstance();
		if (ij == null)
			ij = new ImageJ(mode);
		install(ij);
		return ij;
	}

	public static void main(String[] args) throws IOException {
		open(ImageJ.STANDALONE);
		for (String a : args)
			IJ.open(a);
	}
}
