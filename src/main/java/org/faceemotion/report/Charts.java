package org.faceemotion.report;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;

import org.faceemotion.core.model.Emotion;

/** What the report's pictures share: a white canvas with its title, and the legend of the seven emotion colours. */
final class Charts {
	private Charts() {
	}

	/** A white picture with {@code title} in bold at ({@code left}, 22); returns its graphics, antialiased, in the plain 12-point font. */
	static Graphics2D canvas(BufferedImage img, String title, int left) {
		Graphics2D g = img.createGraphics();
		g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
		g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
		g.setColor(Color.WHITE);
		g.fillRect(0, 0, img.getWidth(), img.getHeight());
		g.setColor(Color.BLACK);
		g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
		g.drawString(title, left, 22);
		g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
		return g;
	}

	/** The seven emotions' colour boxes and names in a row from ({@code x}, {@code y}). */
	static void legend(Graphics2D g, int x, int y) {
		for (Emotion e : Emotion.values()) {
			g.setColor(new Color(e.rgb()));
			g.fillRect(x, y - 10, 12, 12);
			g.setColor(Color.BLACK);
			g.drawString(e.label(), x + 16, y);
			x += 28 + g.getFontMetrics().stringWidth(e.label());
		}
	}
}
