/**
 * The k nearest neighbours of rows of a `ClassMatrix`, among all rows of that matrix: one class's
 * rows for SMOTE, every training row for the borderline, ADASYN and cleaning rules.
 *
 * Hand-written brute force rather than a k-NN package: SMOTE only searches minority classes
 * (small by definition), the distance is SMOTE-NC's mixed one (squared Euclidean plus a weight per
 * categorical mismatch) or SMOTEN's value difference metric, which tree/ball k-NN libraries on npm
 * do not offer, and a flat typed-array loop with early abandoning finds all neighbours of a
 * 5,000-row class in well under a second.
 */
import type { ClassMatrix } from './class-matrix.js';

/**
 * Per categorical feature of the matrix, the distance between two codes a and b (-1 = missing) at
 * `(a + 1) * (levels + 1) + (b + 1)`; replaces the flat mismatch weight (SMOTEN's VDM).
 */
export type CategoricalCosts = readonly Float64Array[];

/**
 * queries.length * k neighbour row indices (into the matrix), nearest first, for each row in
 * `queries` (default: every row). A row is never its own neighbour; equal distances are broken by
 * the lower row index, so the result is deterministic.
 */
export function nearestWithinClass(m: ClassMatrix, k: number, queries?: Int32Array, costs?: CategoricalCosts): Int32Array {
  const { n, numeric, codes, categoricalWeight } = m;
  const p = m.numericFeatures.length;
  const c = m.categoricalFeatures.length;
  const q = queries ? queries.length : n;
  const out = new Int32Array(q * k);
  const bestD = new Float64Array(k);
  const bestI = new Int32Array(k);
  const width = m.levelCounts.map((l) => l + 1);
  for (let qi = 0; qi < q; qi++) {
    const i = queries ? queries[qi]! : qi;
    bestD.fill(Infinity);
    bestI.fill(-1);
    const pi = i * p;
    const ci = i * c;
    for (let j = 0; j < n; j++) {
      if (j === i) continue;
      const worst = bestD[k - 1]!;
      let d = 0;
      const pj = j * p;
      for (let f = 0; f < p && d < worst; f++) {
        const diff = numeric[pi + f]! - numeric[pj + f]!;
        d += diff * diff;
      }
      if (d >= worst) continue;
      const cj = j * c;
      if (costs) {
        for (let f = 0; f < c && d < worst; f++) d += costs[f]![(codes[ci + f]! + 1) * width[f]! + codes[cj + f]! + 1]!;
      } else {
        for (let f = 0; f < c && d < worst; f++) if (codes[ci + f] !== codes[cj + f]) d += categoricalWeight;
      }
      if (d >= worst) continue;
      // Insert after every kept neighbour at a distance <= d: ties keep the lower index first.
      let at = k - 1;
      while (at > 0 && bestD[at - 1]! > d) {
        bestD[at] = bestD[at - 1]!;
        bestI[at] = bestI[at - 1]!;
        at--;
      }
      bestD[at] = d;
      bestI[at] = j;
    }
    out.set(bestI, qi * k);
  }
  return out;
}
