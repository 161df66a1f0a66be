package org.faceemotion.imagej;

import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;

import ij.gui.Roi;

/**
 * A face box that draws its own name above itself, in bold black on a background of the box's
 * (emotion) colour, as the annotated PNG does, so that labels stay readable on any image and do
 * not sit on top of a neighbouring face's label. It is an ordinary rectangle everywhere else (ROI
 * Manager, measurements, saved overlays), and one ROI per face, so {@code Overlay.size} in a macro
 * still counts faces.
 */
public final class FaceRoi extends Roi {
	private static final long serialVersionUID = 1L;
	/** Label font size in image pixels. */
	private final float fontSize;

	public FaceRoi(double x, double y, double width, double height, float fontSize) {
		super(x, y, width, height);
		this.fontSize = fontSize;
	}

	@Override
	public void drawOverlay(Graphics g) {
		super.drawOverlay(g);
		String name = getName();
		if (name == null || getStrokeColor() == null)
			return;
		double m = ic == null ? 1 : ic.getMagnification();
		Font font = new Font(Font.SANS_SERIF, Font.BOLD, (int) Math.max(9, Math.round(fontSize * Math.min(1, Math.max(m, 0.5)))));
		Graphics2D g2 = (Graphics2D) g.create();
		try {
			g2.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
			g2.setFont(font);
			FontMetrics fm = g2.getFontMetrics();
			int w = fm.stringWidth(name) + 4, h = fm.getAscent() + fm.getDescent() + 2;
			java.awt.Rectangle r = getBounds();
			int sx = screenX(r.x), sy = screenY(r.y), sb = screenY(r.y + r.height);
			int top = sy - h >= 0 ? sy - h : sb; // above the box, or below it at the top edge
			g2.setColor(getStrokeColor());
			g2.fillRect(sx, top, w, h);
			g2.setColor(Color.black);
			g2.drawString(name, sx + 2, top + 1 + fm.getAscent());
		} finally {
			g2.dispose();
		}
	}
}
