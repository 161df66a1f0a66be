package org.nd4j.nativeblas;

/**
 * Works around a DL4J 1.0.0-M2.1 bug that keeps oneDNN out of training. DL4J's
 * {@code BaseMKLDNNHelper.mklDnnEnabled()} asks, by reflection, for
 * {@code org.nd4j.nativeblas.Nd4jCpu$Environment.getInstance().isUseMKLDNN()}, but nd4j-native
 * M2.1 moved that class to {@code org.nd4j.linalg.cpu.nativecpu.bindings.Nd4jCpu} and renamed
 * the method {@code isUseONEDNN()}. The lookup fails, so every oneDNN layer helper (convolution,
 * batch norm, pooling) is dropped and DL4J falls back to its own im2col convolution, about four
 * times slower here (BENCHMARKS.md). This class answers that lookup from the real binding.
 * Only {@link org.faceemotion.train.Nd4jBackend} decides whether the helpers are used at all.
 */
public final class Nd4jCpu {
	private Nd4jCpu() {
	}

	public static final class Environment {
		private static final Environment INSTANCE = new Environment();

		private Environment() {
		}

		public static Environment getInstance() {
			return INSTANCE;
		}

		/** Whether the loaded libnd4j was built with oneDNN and has it switched on. */
		public boolean isUseMKLDNN() {
			try {
				return org.nd4j.linalg.cpu.nativecpu.bindings.Nd4jCpu.Environment.getInstance().isUseONEDNN();
			} catch (LinkageError e) {
				return false;
			}
		}
	}
}
