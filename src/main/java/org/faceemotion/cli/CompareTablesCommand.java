package org.faceemotion.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

import org.faceemotion.core.model.Face;
import org.faceemotion.core.pipeline.ResultRow;
import org.faceemotion.core.pipeline.ResultsCsv;

import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * How far one table of a video agrees with a reference table of the same video (e.g.
 * {@code --detect-every 3} against every frame): per reference row, the box of the same frame
 * that overlaps it most; the median IoU, the share with IoU >= 0.5, the agreement of the smoothed
 * emotion, and for faces that enter after the first frame, how many frames they go unseen.
 */
@Command(name = "compare-tables", mixinStandardHelpOptions = true,
		description = "Print how far a table agrees with a reference table of the same video: box IoU, emotion agreement, frames until an entering face is found.")
public final class CompareTablesCommand implements Callable<Integer> {
	@Parameters(index = "0", paramLabel = "REFERENCE", description = "Reference table (<name>.csv), e.g. detection on every frame")
	Path reference;
	@Parameters(index = "1", paramLabel = "OTHER", description = "The table to compare")
	Path other;

	@Override
	public Integer call() throws Exception {
		List<ResultRow> ref = ResultsCsv.read(reference), oth = ResultsCsv.read(other);
		Map<Integer, List<ResultRow>> byFrame = new HashMap<>();
		for (ResultRow r : oth)
			byFrame.computeIfAbsent(r.frame, k -> new ArrayList<>()).add(r);
		double[] iou = new double[ref.size()];
		int agree = 0, matched = 0;
		Map<Integer, Integer> firstFrame = new HashMap<>();
		int firstOfVideo = ref.stream().mapToInt(r -> r.frame).min().orElse(0);
		for (ResultRow r : ref)
			firstFrame.merge(r.faceId, r.frame, Math::min);
		Map<Integer, Integer> foundAt = new HashMap<>();
		for (int i = 0; i < ref.size(); i++) {
			ResultRow r = ref.get(i);
			Face a = new Face(r.x, r.y, r.width, r.height, 1);
			ResultRow best = null;
			double b = 0;
			for (ResultRow o : byFrame.getOrDefault(r.frame, List.of())) {
				double v = a.iou(new Face(o.x, o.y, o.width, o.height, 1));
				if (v > b) {
					b = v;
					best = o;
				}
			}
			iou[i] = b;
			if (best != null && b >= 0.3) {
				matched++;
				if (best.smoothedEmotion == r.smoothedEmotion)
					agree++;
				foundAt.merge(r.faceId, r.frame, Math::min);
			}
		}
		double[] sorted = iou.clone();
		Arrays.sort(sorted);
		long good = Arrays.stream(iou).filter(v -> v >= 0.5).count();
		List<Integer> delays = new ArrayList<>();
		for (Map.Entry<Integer, Integer> f : firstFrame.entrySet())
			if (f.getValue() > firstOfVideo)
				delays.add(foundAt.containsKey(f.getKey()) ? foundAt.get(f.getKey()) - f.getValue() : -1);
		System.out.printf(Locale.ROOT, "reference %d rows, other %d rows; median IoU %.3f, IoU >= 0.5: %.1f %%; matched (IoU >= 0.3) %.1f %%, "
				+ "smoothed emotion agrees on %.1f %% of matched rows%n", ref.size(), oth.size(), sorted.length == 0 ? 0 : sorted[sorted.length / 2],
				100.0 * good / Math.max(1, ref.size()), 100.0 * matched / Math.max(1, ref.size()), 100.0 * agree / Math.max(1, matched));
		System.out.printf(Locale.ROOT, "faces entering after the first frame: %d; frames until found (reference frames, -1: never): %s%n", delays.size(),
				delays);
		return 0;
	}
}
