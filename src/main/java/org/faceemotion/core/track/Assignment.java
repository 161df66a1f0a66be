package org.faceemotion.core.track;

import java.util.Arrays;

/**
 * Optimal assignment of rows (tracks) to columns (detections): the most pairs with a finite cost,
 * and among those the least total cost (Hungarian method with potentials, O(n^3); frames hold a
 * handful of faces). Infinite or NaN costs mark pairs that must not be matched.
 */
final class Assignment {
	private Assignment() {
	}

	/** For each row, the column it is matched to, or -1. */
	static int[] solve(double[][] cost) {
		int rows = cost.length, cols = rows == 0 ? 0 : cost[0].length;
		int[] match = new int[rows];
		Arrays.fill(match, -1);
		if (rows == 0 || cols == 0)
			return match;
		// A forbidden pair costs more than all allowed pairs together, so the fewest forbidden pairs
		// (the most allowed ones) come first; padding rows and columns cost nothing.
		double forbidden = 1;
		for (double[] row : cost)
			for (double c : row)
				if (allowed(c))
					forbidden += Math.abs(c);
		int n = Math.max(rows, cols);
		double[][] a = new double[n + 1][n + 1];
		for (int i = 0; i < rows; i++)
			for (int j = 0; j < cols; j++)
				a[i + 1][j + 1] = allowed(cost[i][j]) ? cost[i][j] : forbidden;
		double[] u = new double[n + 1], v = new double[n + 1];
		int[] p = new int[n + 1], way = new int[n + 1];
		for (int i = 1; i <= n; i++) {
			p[0] = i;
			int j0 = 0;
			double[] minv = new double[n + 1];
			Arrays.fill(minv, Double.POSITIVE_INFINITY);
			boolean[] used = new boolean[n + 1];
			do {
				used[j0] = true;
				int i0 = p[j0], j1 = 0;
				double delta = Double.POSITIVE_INFINITY;
				for (int j = 1; j <= n; j++) {
					if (used[j])
						continue;
					double cur = a[i0][j] - u[i0] - v[j];
					if (cur < minv[j]) {
						minv[j] = cur;
						way[j] = j0;
					}
					if (minv[j] < delta) {
						delta = minv[j];
						j1 = j;
					}
				}
				for (int j = 0; j <= n; j++) {
					if (used[j]) {
						u[p[j]] += delta;
						v[j] -= delta;
					} else
						minv[j] -= delta;
				}
				j0 = j1;
			} while (p[j0] != 0);
			do {
				int j1 = way[j0];
				p[j0] = p[j1];
				j0 = j1;
			} while (j0 != 0);
		}
		for (int j = 1; j <= cols; j++) {
			int i = p[j] - 1;
			if (i < rows && allowed(cost[i][j - 1]))
				match[i] = j - 1;
		}
		return match;
	}

	private static boolean allowed(double c) {
		return !Double.isNaN(c) && !Double.isInfinite(c);
	}
}
