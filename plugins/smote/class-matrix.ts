/**
 * One class's rows laid out for SMOTE: numeric features row-major in a Float64Array with missing
 * values imputed by the class median (so distances and interpolation are defined), a mask of which
 * values were missing (so the synthetic rows can reproduce them), categorical codes row-major, and
 * the weight of a categorical mismatch in the squared distance (SMOTE-NC).
 */
import type { Dataset } from '../../src/contracts.js';

export interface ClassMatrix {
  /** Rows in the class. */
  readonly n: number;
  /** Numeric features (p) and their index in `Dataset.features`. */
  readonly numericFeatures: readonly number[];
  /** n * p, row-major, NaN replaced by the class median of the feature (0 when all are missing). */
  readonly numeric: Float64Array;
  /** n * p, 1 where the original value was missing. */
  readonly missing: Uint8Array;
  /** Categorical features (c) and their index in `Dataset.features`. */
  readonly categoricalFeatures: readonly number[];
  /** n * c, row-major codes (-1 = missing, treated as a category of its own). */
  readonly codes: Int32Array;
  /** Levels per categorical feature (for the mode's counting array). */
  readonly levelCounts: readonly number[];
  /**
   * Added to the squared distance per differing categorical feature. imbalanced-learn's SMOTE-NC
   * one-hot encodes categories with value median_std / 2, so a mismatch (two differing entries)
   * adds 2 * (median_std / 2)^2 = median_std^2 / 2; we use the same. With no numeric features
   * (where imbalanced-learn refuses SMOTE-NC) each mismatch counts 1: a Hamming distance.
   */
  readonly categoricalWeight: number;
  /** Median over numeric features of their (population) standard deviation within the class. */
  readonly medianStd: number;
}

/** Build the matrix for the rows `rows` (indices into `data`) of one class. */
export function buildClassMatrix(data: Dataset, rows: Int32Array): ClassMatrix {
  const n = rows.length;
  const numericFeatures: number[] = [];
  const categoricalFeatures: number[] = [];
  data.features.forEach((f, i) => {
    if (f.kind === 'numeric') numericFeatures.push(i);
    else if (f.kind === 'categorical') categoricalFeatures.push(i);
  });
  const p = numericFeatures.length;
  const c = categoricalFeatures.length;
  const numeric = new Float64Array(n * p);
  const missing = new Uint8Array(n * p);
  const stds: number[] = [];
  const column = new Float64Array(n);
  numericFeatures.forEach((fi, j) => {
    const f = data.features[fi]!;
    if (f.kind !== 'numeric') return;
    let observed = 0;
    for (let r = 0; r < n; r++) {
      const v = f.values[rows[r]!]!;
      if (!Number.isNaN(v)) column[observed++] = v;
    }
    const seen = column.subarray(0, observed);
    const fill = observed > 0 ? median(seen) : 0;
    if (observed > 0) stds.push(populationStd(seen));
    for (let r = 0; r < n; r++) {
      const v = f.values[rows[r]!]!;
      if (Number.isNaN(v)) {
        numeric[r * p + j] = fill;
        missing[r * p + j] = 1;
      } else {
        numeric[r * p + j] = v;
      }
    }
  });
  const codes = new Int32Array(n * c);
  const levelCounts: number[] = [];
  categoricalFeatures.forEach((fi, j) => {
    const f = data.features[fi]!;
    if (f.kind !== 'categorical') return;
    levelCounts.push(f.levels.length);
    for (let r = 0; r < n; r++) codes[r * c + j] = f.codes[rows[r]!]!;
  });
  const medianStd = stds.length > 0 ? median(Float64Array.from(stds)) : 0;
  const categoricalWeight = p > 0 ? (medianStd * medianStd) / 2 : 1;
  return { n, numericFeatures, numeric, missing, categoricalFeatures, codes, levelCounts, categoricalWeight, medianStd };
}

/** Median (mean of the two middle values for an even count); sorts a copy. */
function median(values: Float64Array): number {
  const sorted = Float64Array.from(values).sort();
  const m = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[m]! : (sorted[m - 1]! + sorted[m]!) / 2;
}

function populationStd(values: Float64Array): number {
  let mean = 0;
  for (let i = 0; i < values.length; i++) mean += values[i]!;
  mean /= values.length;
  let ss = 0;
  for (let i = 0; i < values.length; i++) ss += (values[i]! - mean) ** 2;
  return Math.sqrt(ss / values.length);
}
