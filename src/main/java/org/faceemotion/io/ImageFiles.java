package org.faceemotion.io;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/** Which files are images, by name or by their first bytes (ImageJ reads them: imagej/ImageFileJob). */
public final class ImageFiles {
	private static final List<String> EXTENSIONS = List.of(".png", ".jpg", ".jpeg", ".tif", ".tiff", ".bmp", ".gif", ".pgm", ".ppm", ".pbm");

	private ImageFiles() {
	}

	/** The extensions without their dots, for messages. */
	public static List<String> names() {
		return EXTENSIONS.stream().map(e -> e.substring(1)).collect(java.util.stream.Collectors.toList());
	}

	public static boolean isImage(Path p) {
		String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
		return EXTENSIONS.stream().anyMatch(n::endsWith);
	}

	/**
	 * Whether the file is an image by its first bytes (PNG, JPEG, GIF, BMP, TIFF, PGM/PPM/PBM),
	 * whatever its name says; false if it cannot be read.
	 */
	public static boolean looksLikeImage(Path p) {
		byte[] h = header(p);
		if (h.length < 4)
			return false;
		int b0 = h[0] & 0xFF, b1 = h[1] & 0xFF, b2 = h[2] & 0xFF, b3 = h[3] & 0xFF;
		return b0 == 0x89 && b1 == 'P' && b2 == 'N' && b3 == 'G' // PNG
				|| b0 == 0xFF && b1 == 0xD8 && b2 == 0xFF // JPEG
				|| b0 == 'G' && b1 == 'I' && b2 == 'F' && b3 == '8' // GIF
				|| b0 == 'B' && b1 == 'M' // BMP
				|| b0 == 'I' && b1 == 'I' && b2 == 42 && b3 == 0 || b0 == 'M' && b1 == 'M' && b2 == 0 && b3 == 42 // TIFF
				|| b0 == 'P' && b1 >= '1' && b1 <= '6' && Character.isWhitespace(b2); // PBM/PGM/PPM
	}

	/** TIFF by name or content (a TIFF may be a stack; its annotated copy is a TIFF). */
	public static boolean mayHoldPages(Path p) {
		String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
		if (n.endsWith(".tif") || n.endsWith(".tiff") || n.endsWith(".gif"))
			return true;
		byte[] h = header(p);
		if (h.length < 4)
			return false;
		return h[0] == 'I' && h[1] == 'I' && h[2] == 42 || h[0] == 'M' && h[1] == 'M' && h[3] == 42 || h[0] == 'G' && h[1] == 'I' && h[2] == 'F';
	}

	/** The first 8 bytes of the file (fewer for a shorter file, none if it cannot be read). */
	private static byte[] header(Path p) {
		try (java.io.InputStream in = Files.newInputStream(p)) {
			return in.readNBytes(8);
		} catch (java.io.IOException e) {
			return new byte[0];
		}
	}
}
