package org.faceemotion.core.detect;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

import org.faceemotion.core.model.Face;
import org.opencv.core.Mat;
import org.opencv.core.Rect;

/**
 * Every face in large images: the detector sees the whole frame shrunk to its small input (192
 * pixels for BlazeFace), where faces under about a tenth of the frame vanish. When switched on and
 * the frame is much larger than a tile, this also runs the detector on overlapping square tiles
 * and merges all boxes (non-maximum suppression), so small faces are found at their own scale.
 * Off for video and live (where it would multiply the detection cost per frame); on for still
 * images (BENCHMARKS.md has the cost).
 */
public final class TiledDetector implements FaceDetector {
	/** Side of a tile in pixels: four detector inputs, so a 30-pixel face still has ~8 pixels there. */
	public static final int TILE = 640;
	private static final double OVERLAP = 0.25, MERGE_IOU = 0.3;
	private final FaceDetector inner;
	private final BooleanSupplier enabled;
	private long tilesRun;

	public TiledDetector(FaceDetector inner, BooleanSupplier enabled) {
		this.inner = inner;
		this.enabled = enabled;
	}

	@Override
	public long forwardNanos() {
		return inner.forwardNanos();
	}

	@Override
	public List<Face> detect(Mat bgr) {
		List<Face> whole = inner.detect(bgr);
		int w = bgr.cols(), h = bgr.rows();
		if (!enabled.getAsBoolean() || Math.max(w, h) < 1.25 * TILE)
			return whole;
		List<Face> all = new ArrayList<>(whole);
		int step = (int) Math.round(TILE * (1 - OVERLAP));
		for (int y0 = 0;; y0 += step) {
			int y = Math.max(0, Math.min(y0, h - TILE));
			for (int x0 = 0;; x0 += step) {
				int x = Math.max(0, Math.min(x0, w - TILE));
				Mat tile = bgr.submat(new Rect(x, y, Math.min(TILE, w - x), Math.min(TILE, h - y)));
				for (Face f : inner.detect(tile))
					if (!touchesInnerEdge(f, tile.cols(), tile.rows(), x, y, w, h)) // cut faces are found whole elsewhere
						all.add(f.shifted(x, y));
				tile.release();
				tilesRun++;
				if (x0 + TILE >= w)
					break;
			}
			if (y0 + TILE >= h)
				break;
		}
		return NonMaxSuppression.apply(all, MERGE_IOU, false);
	}

	/** A box on a tile edge that is not an edge of the frame: the face continues in the next tile. */
	private static boolean touchesInnerEdge(Face f, int tw, int th, int x, int y, int w, int h) {
		double m = 2;
		return f.x <= m && x > 0 || f.y <= m && y > 0 || f.x + f.width >= tw - m && x + tw < w || f.y + f.height >= th - m && y + th < h;
	}

	/** Tiles searched so far (for benchmarks). */
	public long tilesRun() {
		return tilesRun;
	}

	@Override
	public String runtime() {
		return inner.runtime();
	}

	@Override
	public void close() {
		inner.close();
	}
}
