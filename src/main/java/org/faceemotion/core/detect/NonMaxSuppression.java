package org.faceemotion.core.detect;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import org.faceemotion.core.model.Face;

/** Non-maximum suppression of overlapping boxes, plain (keep the best) or weighted (score-weighted mean of each cluster, as MediaPipe does). */
public final class NonMaxSuppression {
	private NonMaxSuppression() {
	}

	public static List<Face> apply(List<Face> faces, double iouThreshold, boolean weighted) {
		List<Face> remaining = new ArrayList<>(faces);
		remaining.sort(Comparator.comparingDouble((Face f) -> f.score).reversed());
		List<Face> kept = new ArrayList<>();
		while (!remaining.isEmpty()) {
			Face best = remaining.get(0);
			List<Face> cluster = new ArrayList<>();
			List<Face> rest = new ArrayList<>();
			for (Face f : remaining)
				(best.iou(f) > iouThreshold ? cluster : rest).add(f);
			if (weighted && cluster.size() > 1) {
				double sw = 0, x = 0, y = 0, w = 0, h = 0;
				for (Face f : cluster) {
					sw += f.score;
					x += f.x * f.score;
					y += f.y * f.score;
					w += f.width * f.score;
					h += f.height * f.score;
				}
				double[] eyes = null;
				if (cluster.stream().allMatch(f -> f.eyes != null)) {
					eyes = new double[cluster.stream().mapToInt(f -> f.eyes.length).min().getAsInt()];
					for (Face f : cluster)
						for (int k = 0; k < eyes.length; k++)
							eyes[k] += f.eyes[k] * f.score / sw;
				}
				kept.add(new Face(x / sw, y / sw, w / sw, h / sw, best.score, eyes));
			} else {
				kept.add(best);
			}
			remaining = rest;
		}
		return kept;
	}
}
