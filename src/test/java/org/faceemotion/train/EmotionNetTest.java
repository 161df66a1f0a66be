package org.faceemotion.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class EmotionNetTest {
	@Test
	void describesTheLayoutOfABuiltNetwork() {
		EmotionNet spec = new EmotionNet();
		spec.widths = new int[] { 8, 12, 16, 24 };
		spec.convsPerBlock = new int[] { 2, 1, 3, 2 };
		spec.hidden = 20;
		EmotionNet seen = EmotionNet.describing(spec.build());
		assertArrayEquals(spec.widths, seen.widths);
		assertArrayEquals(spec.convsPerBlock, seen.convsPerBlock);
		assertEquals(20, seen.hidden);
		assertEquals(spec.multiplyAdds(), seen.multiplyAdds());
		// the default network: 75.6 M multiply-adds per face (model card)
		assertEquals(75_568_640, EmotionNet.describing(new EmotionNet().build()).multiplyAdds(), 1_000_000);
	}
}
