/** Small labelled datasets for the evaluator's tests. */
import type { Dataset, Matrix } from '../../src/contracts.js';
import { Rng } from '../../src/random.js';

/**
 * Two Gaussian blobs (class 1 is the minority, shifted by `gap` on both numeric features), plus a
 * categorical column and an `id` numeric column holding each row's index (spies use it to see rows).
 */
export function blobs(options: { majority: number; minority: number; gap?: number; seed?: number; withId?: boolean }): Dataset {
  const rng = new Rng(options.seed ?? 1);
  const n = options.majority + options.minority;
  const gap = options.gap ?? 3;
  const a = new Float64Array(n);
  const b = new Float64Array(n);
  const id = new Float64Array(n);
  const colour = new Int32Array(n);
  const labels = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const y = i < options.majority ? 0 : 1;
    labels[i] = y;
    a[i] = rng.normal() + y * gap;
    b[i] = rng.normal() - y * gap;
    id[i] = i;
    colour[i] = y === 1 ? (rng.next() < 0.8 ? 1 : 0) : rng.next() < 0.8 ? 0 : 2;
  }
  const features: Dataset['features'] = [
    { kind: 'numeric', name: 'a', values: a, integer: false },
    { kind: 'numeric', name: 'b', values: b, integer: false },
    { kind: 'categorical', name: 'colour', codes: colour, levels: ['red', 'green', 'blue'] },
    ...(options.withId ? [{ kind: 'numeric' as const, name: 'id', values: id, integer: true }] : []),
  ];
  return { features, labels, classes: ['major', 'minor'], rowCount: n };
}

/** The `id` column of a blobs(..., withId) dataset: which rows a spy saw (-1 for synthetic rows). */
export function idsOf(d: Dataset): number[] {
  const f = d.features.find((x) => x.name === 'id')!;
  return f.kind === 'numeric' ? [...f.values] : [];
}

/** A Matrix from rows of numbers. */
export function matrix(rows: number[][]): Matrix {
  const cols = rows[0]!.length;
  return { data: Float32Array.from(rows.flat()), rows: rows.length, cols };
}
