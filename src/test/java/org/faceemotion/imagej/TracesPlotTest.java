package org.faceemotion.imagej;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.faceemotion.core.model.Emotion;
import org.faceemotion.core.model.FaceQuality;
import org.faceemotion.core.pipeline.ResultRow;
import org.junit.jupiter.api.Test;

import ij.ImagePlus;

/** Fiji's probability traces: one ImageJ plot per face, as the slices of one stack. */
class TracesPlotTest {
	@Test
	void oneSlicePerFaceWithItsTraces() {
		List<ResultRow> rows = new ArrayList<>();
		for (int i = 0; i < 30; i++)
			for (int id = 1; id <= 2; id++) {
				ResultRow r = new ResultRow();
				r.source = "clip.mp4";
				r.frame = i;
				r.timeSec = i / 10.0;
				r.faceId = id;
				r.width = r.height = 60;
				Emotion e = id == 1 ? Emotion.HAPPY : Emotion.SAD;
				for (int c = 0; c < Emotion.COUNT; c++)
					r.probabilities[c] = 0.05f;
				r.probabilities[e.ordinal()] = 0.7f;
				r.emotion = r.smoothedEmotion = e;
				r.quality = FaceQuality.Label.OK;
				rows.add(r);
			}
		ImagePlus imp = FaceEmotionReports.traces(rows, "clip.mp4", List.<double[]>of(new double[] { 1.5 }));
		assertEquals(2, imp.getStackSize());
		assertEquals("face 1", imp.getStack().getSliceLabel(1));
		assertEquals("face 2", imp.getStack().getSliceLabel(2));
		// the first face's plot has its happy line, the second's its sad line
		int happy = Emotion.HAPPY.rgb() & 0xFFFFFF, sad = Emotion.SAD.rgb() & 0xFFFFFF;
		assertTrue(count(imp, 1, happy) > 100 && count(imp, 2, sad) > 100, count(imp, 1, happy) + " / " + count(imp, 2, sad));
	}

	static int count(ImagePlus imp, int slice, int rgb) {
		int[] px = (int[]) imp.getStack().getProcessor(slice).convertToRGB().getPixels();
		int n = 0;
		for (int p : px)
			if ((p & 0xFFFFFF) == rgb)
				n++;
		return n;
	}
}
