package org.faceemotion.core.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Locale;
import java.util.Random;

import org.junit.jupiter.api.Test;

class ResultsCsvTest {
	/** The old rule, kept here as the reference: String.format, and no sign on a rounded zero. */
	static String reference(double v, int digits) {
		String t = String.format(Locale.ROOT, "%." + digits + "f", v);
		return t.matches("-0\\.?0*") ? t.substring(1) : t;
	}

	@Test
	void fixedWritesWhatStringFormatWrites() {
		Random rng = new Random(7);
		double[] special = { 0, -0.0, 0.5, 0.05, 0.15, 0.25, 0.35, 0.00005, 0.00015, 0.00025, 0.12345, 0.99995, 0.99994999, 1e-9, -1e-9,
				-0.00004, -0.00005, 123456.78949, 5e-5, 2.5, -2.5, 1e15, 0.1 + 0.2, 1.0 / 3, 2.0 / 3, 7.00005, 1919.95, 1919.85, 1.00005, -1.00005,
				99999.99995, 999.9995, 0.0000005, 1e8 + 0.5, 1e9, -1e9 - 0.5, 4.35, 1.45, 2.675 };
		for (int digits : new int[] { 0, 1, 3, 4, 6 }) {
			for (double v : special)
				assertEquals(reference(v, digits), ResultsCsv.fixed(v, digits), v + " to " + digits + " decimals");
			for (int i = 0; i < 400_000; i++) {
				double v;
				switch (i % 5) {
				case 0: v = rng.nextDouble(); break; // probabilities
				case 1: v = rng.nextDouble() * 4000 - 100; break; // box coordinates
				case 2: v = Math.round(rng.nextDouble() * 1e6) / 1e6 + 0.5 / Math.pow(10, digits); break; // near ties
				case 3: v = (Math.floor(rng.nextDouble() * 1e6) + 0.5) / Math.pow(10, digits) * (rng.nextBoolean() ? 1 : -1); break; // ties
				default: v = Math.round(rng.nextDouble() * 1e5) / 1e4; break; // rounded like the table's rows
				}
				assertEquals(reference(v, digits), ResultsCsv.fixed(v, digits), v + " to " + digits + " decimals");
			}
		}
	}
}
