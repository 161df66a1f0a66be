package org.faceemotion.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

import javax.imageio.ImageIO;

import org.faceemotion.core.model.Emotion;
import org.faceemotion.core.pipeline.TrackSummary;

/**
 * The emotion timeline of a video: one lane per face id, coloured by the smoothed emotion over
 * time, with a time axis and a colour legend. Drawn with Java2D, which works headless.
 */
public final class TimelineChart {
	private TimelineChart() {
	}

	public static BufferedImage render(String title, List<TrackSummary.Track> tracks, double durationSec) {
		int lane = 28, left = 90, right = 20, top = 50, axis = 40, legend = 30, width = 1000;
		int height = top + Math.max(1, tracks.size()) * lane + axis + legend;
		BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
		Graphics2D g = img.createGraphics();
		g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
		g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
		g.setColor(Color.WHITE);
		g.fillRect(0, 0, width, height);
		g.setColor(Color.BLACK);
		g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
		g.drawString(title, left, 22);
		g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
		double span = Math.max(durationSec, 1e-3);
		int plotW = width - left - right;
		if (tracks.isEmpty())
			g.drawString("no faces found", left, top + 18);
		for (int i = 0; i < tracks.size(); i++) {
			TrackSummary.Track t = tracks.get(i);
			int y = top + i * lane;
			g.setColor(Color.BLACK);
			g.drawString("face " + t.id, 10, y + lane / 2 + 5);
			g.setColor(new Color(0xF2F2F2));
			g.fillRect(left, y + 3, plotW, lane - 6);
			List<double[]> s = t.samples;
			for (int k = 0; k < s.size(); k++) {
				double t0 = s.get(k)[0];
				// a sample lasts until the next one of this face, at most half a second (gaps stay visible)
				double t1 = k + 1 < s.size() ? Math.min(s.get(k + 1)[0], t0 + 0.5) : t0 + 0.1;
				int x0 = left + (int) Math.round(t0 / span * plotW), x1 = left + (int) Math.round(t1 / span * plotW);
				g.setColor(new Color(Emotion.values()[(int) s.get(k)[1]].rgb()));
				g.fillRect(x0, y + 3, Math.max(1, x1 - x0), lane - 6);
			}
		}
		int axisY = top + Math.max(1, tracks.size()) * lane + 4;
		g.setColor(Color.BLACK);
		g.setStroke(new BasicStroke(1));
		g.drawLine(left, axisY, left + plotW, axisY);
		double step = niceStep(span / 8);
		for (double t = 0; t <= span + 1e-9; t += step) {
			int x = left + (int) Math.round(t / span * plotW);
			g.drawLine(x, axisY, x, axisY + 5);
			String label = step >= 1 ? String.format(Locale.ROOT, "%.0f", t) : String.format(Locale.ROOT, "%.1f", t);
			g.drawString(label, x - g.getFontMetrics().stringWidth(label) / 2, axisY + 18);
		}
		g.drawString("time (s)", left + plotW - 50, axisY + 34);
		int lx = left, ly = height - 14;
		for (Emotion e : Emotion.values()) {
			g.setColor(new Color(e.rgb()));
			g.fillRect(lx, ly - 10, 12, 12);
			g.setColor(Color.BLACK);
			g.drawString(e.label(), lx + 16, ly);
			lx += 28 + g.getFontMetrics().stringWidth(e.label());
		}
		g.dispose();
		return img;
	}

	private static double niceStep(double raw) {
		double p = Math.pow(10, Math.floor(Math.log10(raw)));
		for (double m : new double[] { 1, 2, 5, 10 })
			if (raw <= m * p)
				return m * p;
		return 10 * p;
	}

	public static void write(BufferedImage img, java.io.OutputStream png) throws IOException {
		if (!ImageIO.write(img, "png", png))
			throw new IOException("no PNG writer");
	}
}
