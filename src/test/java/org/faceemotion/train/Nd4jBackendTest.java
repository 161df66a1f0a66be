package org.faceemotion.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Field;
import java.nio.file.Files;
import java.nio.file.Path;

import org.deeplearning4j.nn.layers.mkldnn.BaseMKLDNNHelper;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class Nd4jBackendTest {
	@Test
	void readsTheAvx2FlagFromCpuinfo(@TempDir Path tmp) throws Exception {
		Path with = Files.writeString(tmp.resolve("a"), "processor\t: 0\nflags\t\t: fpu sse avx avx2 fma\n");
		Path without = Files.writeString(tmp.resolve("b"), "processor\t: 0\nflags\t\t: fpu sse avx avx512f\n");
		assertTrue(Nd4jBackend.cpuHasAvx2(with));
		assertFalse(Nd4jBackend.cpuHasAvx2(without));
		assertFalse(Nd4jBackend.cpuHasAvx2(tmp.resolve("missing")));
	}

	/** The point of the class: DL4J's layers really run through oneDNN on this machine. */
	@Test
	void convolutionsRunThroughOneDnn() throws Exception {
		Nd4jBackend.init();
		// reported as skipped (not passed) where the CPU has no AVX2: the default build is used there
		org.junit.jupiter.api.Assumptions.assumeTrue(Nd4jBackend.cpuHasAvx2(Path.of("/proc/cpuinfo")),
				"this CPU has no AVX2: nd4j's default build runs, oneDNN is not checked");
		assertEquals("-onednn-avx2", System.getProperty(Nd4jBackend.EXTENSION));
		assertTrue(BaseMKLDNNHelper.mklDnnEnabled(), "DL4J does not see oneDNN");
		EmotionNet spec = new EmotionNet();
		spec.widths = new int[] { 8, 16, 16, 32 };
		spec.hidden = 16;
		MultiLayerNetwork net = spec.build();
		Field helper = org.deeplearning4j.nn.layers.convolution.ConvolutionLayer.class.getDeclaredField("helper");
		helper.setAccessible(true);
		assertNotNull(helper.get(net.getLayer(0)), "the first convolution has no oneDNN helper");
	}
}
