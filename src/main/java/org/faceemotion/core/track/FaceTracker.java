package org.faceemotion.core.track;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

import org.faceemotion.core.model.Emotion;
import org.faceemotion.core.model.Face;
import org.faceemotion.core.model.FaceResult;

/**
 * Gives faces stable ids across frames and smooths their probabilities over time. Detections are
 * matched to live tracks by overlap or centre distance, against both the track's last box and the
 * box moved on by the track's velocity (so a moving face is found again after a few missed
 * frames); the assignment is optimal (most matches, then the least total cost), so two faces
 * close together do not take each other's ids as a greedy best-pair-first match can. A track
 * survives gaps up to {@code maxGapSec}; unmatched detections start new ids.
 * Smoothing is an exponential moving average whose weight follows the real time step, so the time
 * constant means the same at 10 or 60 frames per second.
 */
public final class FaceTracker {
	private final double minIou, maxCenterDistance, maxGapSec, tauSec;
	private final List<Track> tracks = new ArrayList<>();
	private int nextId = 1;
	/** Weight of a new velocity measurement (exponential smoothing against detector jitter). */
	private static final double VELOCITY_WEIGHT = 0.5;
	private double lastTime = Double.NEGATIVE_INFINITY;

	private static final class Track {
		final int id;
		Face box;
		double lastSeen;
		/** Velocity of the box centre in pixels per second (smoothed); NaN until the second sighting. */
		double vx = Double.NaN, vy = Double.NaN;
		float[] smoothed;

		Face predicted(double timeSec) {
			if (Double.isNaN(vx))
				return box;
			double dt = timeSec - lastSeen;
			return new Face(box.x + vx * dt, box.y + vy * dt, box.width, box.height, box.score);
		}

		void moveTo(Face face, double timeSec) {
			double dt = timeSec - lastSeen;
			if (dt >= 1e-3) { // a velocity over a vanishing time step would be noise
				double mx = (face.centerX() - box.centerX()) / dt, my = (face.centerY() - box.centerY()) / dt;
				if (Double.isNaN(vx)) {
					vx = mx;
					vy = my;
				} else {
					vx += VELOCITY_WEIGHT * (mx - vx);
					vy += VELOCITY_WEIGHT * (my - vy);
				}
			}
			box = face;
			lastSeen = timeSec;
		}

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

		double[][] cost = new double[tracks.size()][faces.size()];
		for (int t = 0; t < tracks.size(); t++) {
			Track track = tracks.get(t);
			Face predicted = track.predicted(timeSec);
			for (int f = 0; f < faces.size(); f++) {
				double c = cost(track.box, faces.get(f));
				cost[t][f] = predicted == track.box ? c : Math.min(c, cost(predicted, faces.get(f)));
			}
		}
		int[] match = Assignment.solve(cost);
		Track[] assigned = new Track[faces.size()];
		for (int t = 0; t < tracks.size(); t++)
			if (match[t] >= 0)
				assigned[match[t]] = tracks.get(t);
		List<FaceResult> out = new ArrayList<>();
		for (int f = 0; f < faces.size(); f++) {
			float[] p = probabilities.get(f);
			Track tr = assigned[f];
			if (tr == null) {
				tr = new Track(nextId++);
				tr.smoothed = p.clone();
				tr.box = faces.get(f);
				tr.lastSeen = timeSec;
				tracks.add(tr);
			} else {
				double dt = Math.max(0, timeSec - tr.lastSeen);
				double alpha = tauSec <= 0 ? 1 : 1 - Math.exp(-dt / tauSec);
				float[] s = new float[Emotion.COUNT];
				for (int c = 0; c < Emotion.COUNT; c++)
					s[c] = (float) (tr.smoothed[c] + alpha * (p[c] - tr.smoothed[c]));
				tr.smoothed = s;
				tr.moveTo(faces.get(f), timeSec);
			}
			out.add(new FaceResult(tr.id, faces.get(f), p, tr.smoothed.clone()));
		}
		return out;
	}

	/** Cost of giving detection {@code b} the track whose box is {@code a}; infinite where they are too far apart. */
	private double cost(Face a, Face b) {
		double iou = a.iou(b);
		double size = (Math.sqrt(a.area()) + Math.sqrt(b.area())) / 2;
		double dist = Math.hypot(a.centerX() - b.centerX(), a.centerY() - b.centerY()) / Math.max(1, size);
		return iou >= minIou || dist <= maxCenterDistance ? (1 - iou) + dist : Double.POSITIVE_INFINITY;
	}
}
