package org.faceemotion.io;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The EXIF orientation of a JPEG (1: stored upright; 6: turn 90 degrees clockwise to display;
 * 3: 180; 8: 90 counter-clockwise; 2, 4, 5, 7: the same with a mirror), read from the APP1
 * segment without decoding the image. Cameras store photos sideways and set this tag instead of
 * turning the pixels.
 */
public final class ExifOrientation {
	private ExifOrientation() {
	}

	/** The orientation 1-8, or 1 when the file has none (not a JPEG, no EXIF, unreadable). */
	public static int of(Path file) {
		try (InputStream in = new java.io.BufferedInputStream(Files.newInputStream(file))) {
			if (in.read() != 0xFF || in.read() != 0xD8)
				return 1;
			while (true) {
				int b = in.read();
				while (b == 0xFF)
					b = in.read();
				if (b < 0 || b == 0xD9 || b == 0xDA) // end of image, start of scan: no EXIF before the pixels
					return 1;
				int len = (in.read() << 8) | in.read();
				if (len < 2)
					return 1;
				byte[] seg = in.readNBytes(len - 2);
				if (b == 0xE1 && seg.length > 14 && seg[0] == 'E' && seg[1] == 'x' && seg[2] == 'i' && seg[3] == 'f' && seg[4] == 0)
					return fromTiff(seg, 6);
			}
		} catch (IOException | RuntimeException e) {
			return 1;
		}
	}

	/** Tag 0x0112 of IFD0 of the TIFF structure at {@code base}. */
	static int fromTiff(byte[] d, int base) {
		boolean little = d[base] == 'I';
		int ifd = (int) u32(d, base + 4, little);
		int at = base + ifd;
		if (at + 2 > d.length)
			return 1;
		int n = u16(d, at, little);
		for (int i = 0; i < n; i++) {
			int e = at + 2 + 12 * i;
			if (e + 12 > d.length)
				return 1;
			if (u16(d, e, little) == 0x0112) {
				int v = u16(d, e + 8, little);
				return v >= 1 && v <= 8 ? v : 1;
			}
		}
		return 1;
	}

	private static int u16(byte[] d, int i, boolean little) {
		int a = d[i] & 0xFF, b = d[i + 1] & 0xFF;
		return little ? a | b << 8 : a << 8 | b;
	}

	private static long u32(byte[] d, int i, boolean little) {
		return little ? (u16(d, i, true) | (long) u16(d, i + 2, true) << 16) : ((long) u16(d, i, false) << 16 | u16(d, i + 2, false));
	}
}
