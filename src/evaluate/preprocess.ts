/**
 * Classifier input preparation, fitted on the (augmented) training fold only and then applied
 * unchanged to the test fold: numeric columns get median imputation, a missing-value indicator
 * (only for columns that had missing values in the training fold) and standard scaling;
 * categorical columns are one-hot encoded (a missing code is a category of its own, levels never
 * seen in the training fold get all-zero columns); image pixels pass through unchanged.
 */
import type { Dataset, Matrix } from '../contracts.js';

export interface Preprocessor {
  /** Output column names, for reports and debugging. */
  readonly columns: readonly string[];
  transform(data: Dataset): Matrix;
}

type ColumnPlan =
  | { kind: 'numeric'; index: number; median: number; mean: number; scale: number; indicator: boolean }
  | { kind: 'categorical'; index: number; levels: number[] }
  | { kind: 'image'; index: number; size: number };

/**
 * Learn medians, means, scales and category sets from `train`.
 *
 * @example
 * const prep = fitPreprocessor(trainFold);
 * const x = prep.transform(testFold); // same columns, scaled with the training fold's statistics
 */
export function fitPreprocessor(train: Dataset): Preprocessor {
  const plans: ColumnPlan[] = [];
  const columns: string[] = [];
  train.features.forEach((f, index) => {
    switch (f.kind) {
      case 'numeric': {
        const present: number[] = [];
        for (const v of f.values) if (!Number.isNaN(v)) present.push(v);
        const indicator = present.length < f.values.length;
        const median = present.length === 0 ? 0 : medianOf(present);
        // Mean and std after imputation, as a scaler placed after an imputer would see them.
        let sum = 0;
        for (const v of f.values) sum += Number.isNaN(v) ? median : v;
        const mean = f.values.length === 0 ? 0 : sum / f.values.length;
        let sq = 0;
        for (const v of f.values) sq += ((Number.isNaN(v) ? median : v) - mean) ** 2;
        const std = f.values.length === 0 ? 0 : Math.sqrt(sq / f.values.length);
        plans.push({ kind: 'numeric', index, median, mean, scale: std > 1e-12 ? std : 1, indicator });
        columns.push(f.name);
        if (indicator) columns.push(`${f.name}__missing`);
        break;
      }
      case 'categorical': {
        const seen = new Set<number>();
        for (const c of f.codes) seen.add(c);
        const levels = [...seen].sort((a, b) => a - b);
        plans.push({ kind: 'categorical', index, levels });
        for (const c of levels) columns.push(`${f.name}=${c < 0 ? '(missing)' : f.levels[c]}`);
        break;
      }
      case 'image': {
        const size = f.shape[0] * f.shape[1] * f.shape[2];
        plans.push({ kind: 'image', index, size });
        for (let i = 0; i < size; i++) columns.push(`${f.name}[${i}]`);
        break;
      }
    }
  });
  const onlyImage = train.features.length === 1 && train.features[0]!.kind === 'image' ? train.features[0]!.shape : undefined;
  const cols = columns.length;

  return {
    columns,
    transform(data: Dataset): Matrix {
      const rows = data.rowCount;
      const out = new Float32Array(rows * cols);
      let offset = 0;
      for (const plan of plans) {
        const f = data.features[plan.index]!;
        if (plan.kind === 'numeric' && f.kind === 'numeric') {
          for (let r = 0; r < rows; r++) {
            const v = f.values[r]!;
            const missing = Number.isNaN(v);
            out[r * cols + offset] = ((missing ? plan.median : v) - plan.mean) / plan.scale;
            if (plan.indicator) out[r * cols + offset + 1] = missing ? 1 : 0;
          }
          offset += plan.indicator ? 2 : 1;
        } else if (plan.kind === 'categorical' && f.kind === 'categorical') {
          const position = new Map<number, number>();
          plan.levels.forEach((code, i) => position.set(code, i));
          for (let r = 0; r < rows; r++) {
            const p = position.get(f.codes[r]!);
            if (p !== undefined) out[r * cols + offset + p] = 1;
          }
          offset += plan.levels.length;
        } else if (plan.kind === 'image' && f.kind === 'image') {
          for (let r = 0; r < rows; r++) out.set(f.pixels.subarray(r * plan.size, (r + 1) * plan.size), r * cols + offset);
          offset += plan.size;
        } else {
          throw new Error(`preprocess: feature ${plan.index} changed kind between fit and transform`);
        }
      }
      return onlyImage ? { data: out, rows, cols, imageShape: [onlyImage[0], onlyImage[1], onlyImage[2]] } : { data: out, rows, cols };
    },
  };
}

function medianOf(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}
