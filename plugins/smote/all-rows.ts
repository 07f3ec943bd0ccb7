/**
 * Neighbourhoods across classes, for the rules that look at how mixed a minority row's
 * surroundings are (Borderline-SMOTE's DANGER rows, ADASYN's weights, ENN and Tomek cleaning):
 * one matrix of every training row, and per query row the labels of its nearest neighbours.
 */
import type { Dataset } from '../../src/contracts.js';
import { buildClassMatrix, type ClassMatrix } from './class-matrix.js';
import { nearestWithinClass } from './neighbours.js';

/** Every row of `data` in order (missing values imputed by the overall median). */
export function allRowsMatrix(data: Dataset): ClassMatrix {
  return buildClassMatrix(data, Int32Array.from({ length: data.rowCount }, (_, i) => i));
}

/**
 * For each row in `queries` (indices into `all`, whose labels are `labels`), how many of its `m`
 * nearest other rows have a label other than its own.
 */
export function otherClassCounts(all: ClassMatrix, labels: Int32Array, queries: Int32Array, m: number): Int32Array {
  const nn = nearestWithinClass(all, m, queries);
  const out = new Int32Array(queries.length);
  for (let q = 0; q < queries.length; q++) {
    const own = labels[queries[q]!]!;
    let other = 0;
    for (let t = 0; t < m; t++) if (labels[nn[q * m + t]!] !== own) other++;
    out[q] = other;
  }
  return out;
}
