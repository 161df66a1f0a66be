package org.faceemotion.core.pipeline;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.faceemotion.TestData;
import org.faceemotion.core.image.OpenCv;
import org.faceemotion.core.model.FrameResult;
import org.junit.jupiter.api.Test;
import org.opencv.core.Mat;
import org.opencv.imgcodecs.Imgcodecs;

/** Warming the engines up before a video leaves no trace in results or statistics. */
class WarmUpTest {
	@Test
	void warmUpChangesNoResultAndNoStatistic() throws Exception {
		OpenCv.load();
		Mat photo = Imgcodecs.imread(TestData.faces().resolve("2008_001322.jpg").toString());
		assertTrue(!photo.empty());
		try (FaceEngine cold = new FaceEngine(new EngineConfig()); EnginePool pool = new EnginePool(new EngineConfig(), 2)) {
			FaceEngine warm = pool.primary();
			long[] forward0 = warm.forwardNanos();
			pool.readyForVideo(); // the second engine loads and warms up on its thread, the first here
			long[] forward1 = warm.forwardNanos();
			assertTrue(forward1[0] > forward0[0] && forward1[1] > forward0[1], "both networks ran in the warm-up");
			assertEquals(0, warm.stageStats()[2], "warm-up passes are not counted as frames");
			FaceEngine fork = pool.engines(2).get(1);
			assertSame(fork, pool.engines(2).get(1), "the engine loaded ahead is the one the pipeline gets");
			assertEquals(2, pool.engines(5).size(), "never more engines than workers");
			FrameResult a = cold.process("p", 0, 0, photo), b = warm.process("p", 0, 0, photo), c = fork.process("p", 0, 0, photo);
			assertTrue(a.faces.size() > 0);
			assertEquals(a.faces.size(), b.faces.size());
			assertEquals(a.faces.size(), c.faces.size());
			for (int i = 0; i < a.faces.size(); i++) {
				assertEquals(a.faces.get(i).faceId, b.faces.get(i).faceId, "tracking starts at the same id");
				assertArrayEquals(a.faces.get(i).probabilities, b.faces.get(i).probabilities, 1e-6f);
				assertArrayEquals(a.faces.get(i).probabilities, c.faces.get(i).probabilities, 1e-6f);
			}
			double[] st = warm.stageStats();
			assertEquals(1, st[2]);
			assertEquals(a.faces.size(), st[3]);
		} finally {
			photo.release();
		}
	}
}
