package org.faceemotion.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

import javax.imageio.ImageIO;

import org.faceemotion.core.model.Emotion;
import org.faceemotion.core.pipeline.TrackSummary;

/**
 * The emotion timeline of a video: per face id, the seven calibrated probability traces over time
 * above a lane coloured by the smoothed emotion; event onsets as dashed marks across all faces;
 * a time axis and a colour legend. Short tracks (marked in the summary) come last. Drawn with
 * Java2D, which works headless.
 */
public final class TimelineChart {
	private TimelineChart() {
	}

	/** A sample lasts until the next one of its face, at most this long (gaps stay visible). */
	static final double MAX_SAMPLE_SEC = 0.5;

	public static BufferedImage render(String title, List<TrackSummary.Track> tracks, double durationSec) {
		return render(title, tracks, durationSec, List.of());
	}

	/** {@code onsets}: event onsets in seconds, with their labels (may be empty). */
	public static BufferedImage render(String title, List<TrackSummary.Track> tracks, double durationSec, List<Events.Event> onsets) {
		int traces = 64, laneH = 14, gap = 12, block = traces + laneH + gap;
		int left = 110, right = 20, top = 62, axis = 40, legend = 30, width = 1000;
		int height = top + Math.max(1, tracks.size()) * block + axis + legend;
		BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
		Graphics2D g = Charts.canvas(img, title, left);
		g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
		g.setColor(Color.DARK_GRAY);
		g.drawString("per face: lines = probability of each emotion (0 to 1); bar = smoothed emotion (pale: quality not ok, or excluded)", left, 38);
		g.setColor(Color.BLACK);
		g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
		double span = Math.max(durationSec, 1e-3);
		int plotW = width - left - right;
		if (tracks.isEmpty())
			g.drawString("no faces found", left, top + 18);
		for (int i = 0; i < tracks.size(); i++) {
			TrackSummary.Track t = tracks.get(i);
			int y = top + i * block;
			g.setColor(Color.BLACK);
			g.drawString("face " + t.id, 10, y + traces / 2);
			if (t.participant != null)
				g.drawString(t.participant, 10, y + traces / 2 + 14);
			if (t.isShort()) {
				g.setColor(Color.GRAY);
				g.drawString("(short)", 10, y + traces / 2 + (t.participant != null ? 28 : 14));
			}
			// probability traces: 0 at the bottom of the box, 1 at its top
			g.setColor(new Color(0xF7F7F7));
			g.fillRect(left, y, plotW, traces);
			g.setColor(new Color(0xDDDDDD));
			g.drawRect(left, y, plotW, traces);
			List<TrackSummary.Sample> s = t.samples;
			g.setStroke(new BasicStroke(1.3f));
			for (Emotion e : Emotion.values()) {
				g.setColor(new Color(e.rgb()));
				for (int k = 0; k + 1 < s.size(); k++) {
					TrackSummary.Sample a = s.get(k), b = s.get(k + 1);
					if (b.timeSec - a.timeSec > MAX_SAMPLE_SEC)
						continue;
					g.drawLine(x(a.timeSec, span, left, plotW), y + (int) Math.round((1 - a.probabilities[e.ordinal()]) * traces),
							x(b.timeSec, span, left, plotW), y + (int) Math.round((1 - b.probabilities[e.ordinal()]) * traces));
				}
			}
			g.setStroke(new BasicStroke(1));
			int ly = y + traces + 2;
			g.setColor(new Color(0xF2F2F2));
			g.fillRect(left, ly, plotW, laneH);
			for (int k = 0; k < s.size(); k++) {
				double t0 = s.get(k).timeSec;
				double t1 = k + 1 < s.size() ? Math.min(s.get(k + 1).timeSec, t0 + MAX_SAMPLE_SEC) : t0 + 0.1;
				int x0 = x(t0, span, left, plotW), x1 = x(t1, span, left, plotW);
				Color c = new Color(s.get(k).smoothed.rgb());
				// rows that are not trusted (quality not ok, excluded) are drawn pale
				g.setColor(s.get(k).trusted ? c : new Color((c.getRed() + 2 * 255) / 3, (c.getGreen() + 2 * 255) / 3, (c.getBlue() + 2 * 255) / 3));
				g.fillRect(x0, ly, Math.max(1, x1 - x0), laneH);
			}
		}
		int bottom = top + Math.max(1, tracks.size()) * block;
		g.setColor(new Color(0x555555));
		g.setStroke(new BasicStroke(1, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10, new float[] { 4, 4 }, 0));
		for (Events.Event ev : onsets) {
			if (ev.onsetSec < 0 || ev.onsetSec > span)
				continue;
			int x = x(ev.onsetSec, span, left, plotW);
			g.drawLine(x, top - 6, x, bottom);
			g.drawString(ev.label, x + 2, top - 8);
		}
		int axisY = bottom + 4;
		g.setColor(Color.BLACK);
		g.setStroke(new BasicStroke(1));
		g.drawLine(left, axisY, left + plotW, axisY);
		double step = niceStep(span / 8);
		for (double t = 0; t <= span + 1e-9; t += step) {
			int x = x(t, span, left, plotW);
			g.drawLine(x, axisY, x, axisY + 5);
			String label = step >= 1 ? String.format(Locale.ROOT, "%.0f", t) : String.format(Locale.ROOT, "%.1f", t);
			g.drawString(label, x - g.getFontMetrics().stringWidth(label) / 2, axisY + 18);
		}
		g.drawString("time (s)", left + plotW - 50, axisY + 34);
		Charts.legend(g, left, height - 14);
		g.dispose();
		return img;
	}

	private static int x(double t, double span, int left, int plotW) {
		return left + (int) Math.round(t / span * plotW);
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
