package org.faceemotion.core.track;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.ArrayList;
import java.util.List;

import org.faceemotion.core.model.Emotion;
import org.faceemotion.core.model.Face;
import org.faceemotion.core.model.FaceResult;
import org.junit.jupiter.api.Test;

class FaceTrackerTest {
	static float[] onehot(Emotion e, float p) {
		float[] v = new float[Emotion.COUNT];
		java.util.Arrays.fill(v, (1 - p) / (Emotion.COUNT - 1));
		v[e.ordinal()] = p;
		return v;
	}

	@Test
	void idsFollowMovingFacesThroughAShortGapAndNewFacesGetNewIds() {
		FaceTracker t = new FaceTracker(0.2, 1.0, 0.5, 0.3);
		List<Integer> idsA = new ArrayList<>(), idsB = new ArrayList<>();
		for (int i = 0; i < 20; i++) {
			double time = i / 10.0;
			List<Face> faces = new ArrayList<>();
			faces.add(new Face(100 + 4 * i, 100, 50, 50, 0.9)); // A moves right
			if (i < 8 || i > 10) // B missing for 3 frames (0.3 s)
				faces.add(new Face(400 - 3 * i, 200, 60, 60, 0.9));
			List<float[]> p = new ArrayList<>();
			faces.forEach(f -> p.add(onehot(Emotion.HAPPY, 0.8f)));
			List<FaceResult> r = t.update(faces, p, time);
			idsA.add(r.get(0).faceId);
			if (r.size() > 1)
				idsB.add(r.get(1).faceId);
		}
		assertEquals(1, idsA.stream().distinct().count());
		assertEquals(1, idsB.stream().distinct().count());
		assertNotEquals(idsA.get(0), idsB.get(0));
		// after a gap longer than 0.5 s, a face is a new track
		List<FaceResult> later = t.update(List.of(new Face(400 - 3 * 19, 200, 60, 60, 0.9)), List.of(onehot(Emotion.SAD, 0.9f)), 3.0);
		assertEquals(3, later.get(0).faceId);
	}

	@Test
	void smoothingRemovesAOneFrameFlip() {
		FaceTracker t = new FaceTracker(0.2, 1.0, 1.0, 0.5);
		Face f = new Face(10, 10, 40, 40, 0.9);
		List<Emotion> raw = new ArrayList<>(), smooth = new ArrayList<>();
		for (int i = 0; i < 30; i++) {
			float[] p = i == 15 ? onehot(Emotion.ANGRY, 0.7f) : onehot(Emotion.HAPPY, 0.6f);
			FaceResult r = t.update(List.of(f), List.of(p), i / 30.0).get(0);
			raw.add(r.emotion());
			smooth.add(r.smoothedEmotion());
		}
		assertEquals(Emotion.ANGRY, raw.get(15));
		assertEquals(List.of(Emotion.HAPPY), smooth.stream().distinct().collect(java.util.stream.Collectors.toList()));
	}

	@Test
	void twoNeighboursKeepTheirIdsWhereAGreedyMatchWouldDropOne() {
		FaceTracker t = new FaceTracker(0.2, 1.0, 0.5, 0.3);
		List<float[]> p = List.of(onehot(Emotion.HAPPY, 0.8f), onehot(Emotion.SAD, 0.8f));
		List<FaceResult> first = t.update(List.of(new Face(0, 0, 10, 10, 0.9), new Face(15, 0, 10, 10, 0.9)), p, 0);
		assertEquals(List.of(1, 2), List.of(first.get(0).faceId, first.get(1).faceId));
		// face 1 moved 8 px left, face 2 8 px left: the detection at x=7 is closest to face 1 (cost
		// 1.52) but only face 2 can reach it if face 1 is to keep the detection at x=-8
		List<FaceResult> next = t.update(List.of(new Face(7, 0, 10, 10, 0.9), new Face(-8, 0, 10, 10, 0.9)), p, 0.1);
		assertEquals(List.of(2, 1), List.of(next.get(0).faceId, next.get(1).faceId));
	}

	@Test
	void aFastFaceIsFoundAgainWhereItsVelocityTakesItAfterMissedFrames() {
		FaceTracker t = new FaceTracker(0.2, 1.0, 0.5, 0.3);
		List<Integer> ids = new ArrayList<>();
		for (int i = 0; i < 12; i++) {
			if (i >= 5 && i <= 7)
				continue; // not detected for 3 frames; it moved 4 x 30 px = 2.4 face widths since it was last seen
			Face f = new Face(100 + 30 * i, 80, 50, 50, 0.9);
			ids.add(t.update(List.of(f), List.of(onehot(Emotion.HAPPY, 0.8f)), i / 10.0).get(0).faceId);
		}
		assertEquals(List.of(1), ids.stream().distinct().collect(java.util.stream.Collectors.toList()));
		// a face that stops dead is still matched against its last box
		FaceTracker s = new FaceTracker(0.2, 1.0, 0.5, 0.3);
		for (int i = 0; i < 5; i++)
			s.update(List.of(new Face(100 + 30 * i, 80, 50, 50, 0.9)), List.of(onehot(Emotion.HAPPY, 0.8f)), i / 10.0);
		assertEquals(1, s.update(List.of(new Face(220, 80, 50, 50, 0.9)), List.of(onehot(Emotion.HAPPY, 0.8f)), 0.9).get(0).faceId);
	}
}
