package org.faceemotion.core.track;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;

import org.junit.jupiter.api.Test;

class AssignmentTest {
	static final double X = Double.POSITIVE_INFINITY;

	@Test
	void prefersMoreMatchesOverACheaperSinglePair() {
		// greedy would take (0,0) at 0.1 and leave row 1 without a column
		assertArrayEquals(new int[] { 1, 0 }, Assignment.solve(new double[][] { { 0.1, 0.3 }, { 0.3, X } }));
	}

	@Test
	void rectangularAndForbiddenPairsAndEmptyInput() {
		assertArrayEquals(new int[] { -1, 0 }, Assignment.solve(new double[][] { { X }, { 0.5 } }));
		assertArrayEquals(new int[] { 2 }, Assignment.solve(new double[][] { { 0.9, 0.7, 0.2 } }));
		assertArrayEquals(new int[] { -1, -1 }, Assignment.solve(new double[][] { { X, Double.NaN }, { X, X } }));
		assertArrayEquals(new int[0], Assignment.solve(new double[0][0]));
		assertArrayEquals(new int[] { -1 }, Assignment.solve(new double[][] { {} }));
	}

	@Test
	void matchesBruteForceOnRandomMatrices() {
		Random rnd = new Random(7);
		for (int trial = 0; trial < 500; trial++) {
			int rows = 1 + rnd.nextInt(5), cols = 1 + rnd.nextInt(5);
			double[][] c = new double[rows][cols];
			for (double[] row : c)
				for (int j = 0; j < cols; j++)
					row[j] = rnd.nextDouble() < 0.3 ? X : rnd.nextDouble() * 3;
			int[] m = Assignment.solve(c);
			double[] best = best(c, 0, new boolean[cols]);
			int count = 0;
			double total = 0;
			boolean[] usedCols = new boolean[cols];
			for (int i = 0; i < rows; i++) {
				if (m[i] < 0)
					continue;
				assertEquals(false, usedCols[m[i]], "column used twice");
				usedCols[m[i]] = true;
				count++;
				total += c[i][m[i]];
			}
			assertEquals(best[0], count, "number of matches, trial " + trial);
			assertEquals(best[1], total, 1e-9, "total cost, trial " + trial);
		}
	}

	/** {most matches, least cost among those} over rows from {@code i} on. */
	private static double[] best(double[][] c, int i, boolean[] used) {
		if (i == c.length)
			return new double[] { 0, 0 };
		double[] result = best(c, i + 1, used); // row i unmatched
		for (int j = 0; j < used.length; j++) {
			if (used[j] || c[i][j] == X)
				continue;
			used[j] = true;
			double[] r = best(c, i + 1, used);
			used[j] = false;
			double n = r[0] + 1, cost = r[1] + c[i][j];
			if (n > result[0] || (n == result[0] && cost < result[1]))
				result = new double[] { n, cost };
		}
		return result;
	}
}
