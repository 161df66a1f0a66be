package org.faceemotion.core.pipeline;

import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import java.util.Properties;

import org.faceemotion.core.detect.DetectorKind;
import org.faceemotion.core.detect.ModelFiles;
import org.faceemotion.core.model.Face;

/**
 * Where the classifier's square crop lies around a detector's box, so that a detected face fills
 * the crop as FER-2013's faces fill their 48x48 frames: side = {@code scale} x the box's larger
 * side, centre = the box's centre moved by ({@code dx}, {@code dy}) crop sides. Measured per
 * detector on FER-2013 training images by {@code crop-geometry} (models/MODEL_CARD.md) and
 * shipped as {@code crop-geometry.properties}; without it, the old square with a 15 % margin.
 */
public final class CropGeometry {
	public static final String FILE = "crop-geometry.properties";
	public final double scale, dx, dy;

	public CropGeometry(double scale, double dx, double dy) {
		if (!(scale > 0) || Double.isInfinite(scale) || Double.isNaN(dx) || Double.isNaN(dy))
			throw new IllegalArgumentException("crop geometry needs a positive scale and finite offsets");
		this.scale = scale;
		this.dx = dx;
		this.dy = dy;
	}

	/** The square around the box with a margin, centred on it (the crop before measurement). */
	public static CropGeometry margin(double margin) {
		return new CropGeometry(1 + margin, 0, 0);
	}

	private static Properties shipped;

	/** The measured geometry of {@code kind}, or {@code fallback} when none was measured ({@code none}: the image itself). */
	public static synchronized CropGeometry of(DetectorKind kind, CropGeometry fallback) {
		if (kind == DetectorKind.NONE)
			return new CropGeometry(1, 0, 0);
		if (shipped == null) {
			shipped = new Properties();
			try (InputStream in = CropGeometry.class.getResourceAsStream(ModelFiles.RESOURCE_DIR + FILE)) {
				if (in != null)
					shipped.load(in);
			} catch (IOException e) {
				throw new IllegalStateException("cannot read the shipped " + FILE + ": " + e.getMessage(), e);
			}
		}
		String s = shipped.getProperty(kind.id + ".scale");
		if (s == null)
			return fallback;
		return new CropGeometry(Double.parseDouble(s), Double.parseDouble(shipped.getProperty(kind.id + ".dx", "0")),
				Double.parseDouble(shipped.getProperty(kind.id + ".dy", "0")));
	}

	/** Crop centre x, y and side in the frame for {@code box}. */
	public double[] square(Face box) {
		double side = Math.max(box.width, box.height) * scale;
		return new double[] { box.centerX() + dx * side, box.centerY() + dy * side, side };
	}

	@Override
	public String toString() {
		return String.format(Locale.ROOT, "scale %.3f, dx %+.3f, dy %+.3f", scale, dx, dy);
	}
}
