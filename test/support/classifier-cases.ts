/** Shared behavioural checks every built-in classifier must pass. */
import { expect } from 'vitest';
import type { Classifier, Matrix } from '../../src/contracts.js';
import { Rng } from '../../src/random.js';

/** Linearly separable 2-D points: class 1 when x0 + x1 > 0 (with a margin). */
export function separable(n: number, seed: number): { x: Matrix; y: Int32Array } {
  const rng = new Rng(seed);
  const data = new Float32Array(n * 2);
  const y = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const label = i % 2;
    const shift = label === 1 ? 1.5 : -1.5;
    data[i * 2] = rng.normal() * 0.7 + shift;
    data[i * 2 + 1] = rng.normal() * 0.7 + shift;
    y[i] = label;
  }
  return { x: { data, rows: n, cols: 2 }, y };
}

export async function accuracyOn(clf: Classifier, x: Matrix, y: Int32Array): Promise<number> {
  const p = await clf.predictProba(x);
  let correct = 0;
  for (let i = 0; i < x.rows; i++) {
    const pred = p[i * 2 + 1]! > p[i * 2]! ? 1 : 0;
    if (pred === y[i]) correct++;
  }
  return correct / x.rows;
}

/**
 * Overlapping classes (same distribution): with class 1 weighted 10x, its mean predicted probability
 * must rise clearly above the unweighted fit's.
 */
export async function weightShift(make: () => Classifier): Promise<{ unweighted: number; weighted: number }> {
  const rng = new Rng(5);
  const n = 200;
  const data = new Float32Array(n * 2);
  const y = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    data[i * 2] = rng.normal();
    data[i * 2 + 1] = rng.normal();
    y[i] = i % 4 === 0 ? 1 : 0;
  }
  const x = { data, rows: n, cols: 2 };
  const meanP1 = async (clf: Classifier): Promise<number> => {
    const p = await clf.predictProba(x);
    let s = 0;
    for (let i = 0; i < n; i++) s += p[i * 2 + 1]!;
    return s / n;
  };
  const plain = make();
  await plain.fit(x, y, { rng: new Rng(1), classCount: 2 });
  const weighted = make();
  const w = new Float32Array(n).map((_, i) => (y[i] === 1 ? 10 : 1));
  await weighted.fit(x, y, { rng: new Rng(1), classCount: 2, sampleWeight: w });
  const result = { unweighted: await meanP1(plain), weighted: await meanP1(weighted) };
  plain.dispose();
  weighted.dispose();
  return result;
}

export function expectProbabilities(p: Float32Array, rows: number, k: number): void {
  expect(p.length).toBe(rows * k);
  for (let r = 0; r < rows; r++) {
    let s = 0;
    for (let c = 0; c < k; c++) {
      expect(p[r * k + c]!).toBeGreaterThanOrEqual(0);
      s += p[r * k + c]!;
    }
    expect(s).toBeCloseTo(1, 4);
  }
}
