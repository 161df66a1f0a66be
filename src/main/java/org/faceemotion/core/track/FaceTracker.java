package org.faceemotion.core.track;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;

import org.faceemotion.core.model.Emotion;
import org.faceemotion.core.model.Face;
import org.faceemotion.core.model.FaceResult;

/**
 * Gives faces stable ids across frames and smooths their probabilities over time. Detections are
 * matched to live tracks by overlap or centre distance (greedy on a combined cost, best pairs
 * first); a track survives gaps up to {@code maxGapSec}; unmatched detections start new ids.
 * Smoothing is an exponential moving average whose weight follows the real time step, so the time
 * constant means the same at 10 or 60 frames per second.
 */
public final class FaceTracker {
	private final double minIou, maxCenterDistance, maxGapSec, tauSec;
	private final List<Track> tracks = new ArrayList<>();
	private int nextId = 1;
	private double lastTime = Double.NEGATIVE_INFINITY;

	private static final class Track {
		final int id;
		Face box;
		double lastSeen;
		float[] smoothed;

		Track(int id) {
			this.id = id;
		}
	}

	public FaceTracker(double minIou, double maxCenterDistance, double maxGapSec, double tauSec) {
		this.minIou = minIou;
		this.maxCenterDistance = maxCenterDistance;
		this.maxGapSec = maxGapSec;
		this.tauSec = tauSec;
	}

	public void reset() {
		tracks.clear();
		nextId = 1;
		lastTime = Double.NEGATIVE_INFINITY;
	}

	/** Ids and smoothed probabilities for the faces of the frame at {@code timeSec} (non-decreasing; going back resets). */
	public List<FaceResult> update(List<Face> faces, List<float[]> probabilities, double timeSec) {
		if (timeSec < lastTime)
			reset();
		lastTime = timeSec;
		for (Iterator<Track> it = tracks.iterator(); it.hasNext();)
			if (timeSec - it.next().lastSeen > maxGapSec)
				it.remove();

		List<double[]> pairs = new ArrayList<>(); // cost, track index, face index
		for (int t = 0; t < tracks.size(); t++) {
			for (int f = 0; f < faces.size(); f++) {
				Face a = tracks.get(t).box, b = faces.get(f);
				double iou = a.iou(b);
				double size = (Math.sqrt(a.area()) + Math.sqrt(b.area())) / 2;
				double dist = Math.hypot(a.centerX() - b.centerX(), a.centerY() - b.centerY()) / Math.max(1, size);
				if (iou >= minIou || dist <= maxCenterDistance)
					pairs.add(new double[] { (1 - iou) + dist, t, f });
			}
		}
		pairs.sort(Comparator.comparingDouble(p -> p[0]));
		Track[] assigned = new Track[faces.size()];
		boolean[] trackUsed = new boolean[tracks.size()];
		for (double[] p : pairs) {
			int t = (int) p[1], f = (int) p[2];
			if (trackUsed[t] || assigned[f] != null)
				continue;
			trackUsed[t] = true;
			assigned[f] = tracks.get(t);
		}
		List<FaceResult> out = new ArrayList<>();
		for (int f = 0; f < faces.size(); f++) {
			float[] p = probabilities.get(f);
			Track tr = assigned[f];
			if (tr == null) {
				tr = new Track(nextId++);
				tr.smoothed = p.clone();
				tracks.add(tr);
			} else {
				double dt = Math.max(0, timeSec - tr.lastSeen);
				double alpha = tauSec <= 0 ? 1 : 1 - Math.exp(-dt / tauSec);
				float[] s = new float[Emotion.COUNT];
				for (int c = 0; c < Emotion.COUNT; c++)
					s[c] = (float) (tr.smoothed[c] + alpha * (p[c] - tr.smoothed[c]));
				tr.smoothed = s;
			}
			tr.box = faces.get(f);
			tr.lastSeen = timeSec;
			out.add(new FaceResult(tr.id, faces.get(f), p, tr.smoothed.clone()));
		}
		return out;
	}
}
