/**
 * Cross-check against imbalanced-learn's SMOTE-NC (fixture made by fixtures/make-imblearn-reference.py
 * with Debian's python3-imblearn): same median std, same neighbours, and every row imbalanced-learn
 * generated is one our SMOTE could generate (on a segment to one of our neighbours, with a modal
 * category).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Dataset } from '../../../src/contracts.js';
import { Rng } from '../../../src/random.js';
import { buildClassMatrix } from '../../../plugins/smote/class-matrix.js';
import { nearestWithinClass } from '../../../plugins/smote/neighbours.js';
import { smoteFactory } from '../../../plugins/smote/index.js';

interface Reference {
  k_neighbors: number;
  X: number[][];
  y: number[];
  median_std: number;
  minority_neighbours: number[][];
  synthetic: number[][];
}

const ref = JSON.parse(readFileSync(new URL('./fixtures/imblearn-smotenc.json', import.meta.url), 'utf8')) as Reference;
const n = ref.y.length;
const data: Dataset = {
  features: [
    ...[0, 1, 2].map((j) => ({ kind: 'numeric' as const, name: `x${j}`, values: Float64Array.from(ref.X, (r) => r[j]!), integer: false })),
    ...[3, 4].map((j) => ({ kind: 'categorical' as const, name: `c${j}`, codes: Int32Array.from(ref.X, (r) => r[j]!), levels: ['0', '1', '2'] })),
  ],
  labels: Int32Array.from(ref.y),
  classes: ['0', '1'],
  rowCount: n,
};
const minority = Int32Array.from(ref.y.flatMap((c, i) => (c === 1 ? [i] : [])));
const k = ref.k_neighbors;

describe('smote against imbalanced-learn SMOTE-NC', () => {
  const m = buildClassMatrix(data, minority);
  const nn = nearestWithinClass(m, k);

  it('computes the same median standard deviation and the same neighbours', () => {
    expect(m.medianStd).toBeCloseTo(ref.median_std, 12);
    for (let i = 0; i < m.n; i++) expect(Array.from(nn.subarray(i * k, i * k + k))).toEqual(ref.minority_neighbours[i]);
  });

  it("every imbalanced-learn synthetic row is one ours could produce", () => {
    const majority = ref.y.filter((c) => c === 0).length;
    expect(ref.synthetic.length).toBe(majority - minority.length);
    for (const row of ref.synthetic) {
      let explained = false;
      for (let i = 0; i < m.n && !explained; i++) {
        const neighbours = Array.from(nn.subarray(i * k, i * k + k));
        const a = ref.X[minority[i]!]!;
        const onSegment = neighbours.some((j) => {
          const b = ref.X[minority[j]!]!;
          const t = (row[0]! - a[0]!) / (b[0]! - a[0]!);
          return t >= -1e-9 && t <= 1 + 1e-9 && [0, 1, 2].every((f) => Math.abs(a[f]! + t * (b[f]! - a[f]!) - row[f]!) < 1e-9);
        });
        const modal = [3, 4].every((f) => {
          const tally = [0, 0, 0];
          for (const j of neighbours) tally[ref.X[minority[j]!]![f]!]! += 1;
          return tally[row[f]!] === Math.max(...tally); // imbalanced-learn breaks ties at random
        });
        explained = onSegment && modal;
      }
      expect(explained, JSON.stringify(row)).toBe(true);
    }
  });

  it('generates the same number of rows for the same request', async () => {
    const model = smoteFactory.create({ k_neighbors: k });
    await model.fit(data, { rng: new Rng(0) });
    const out = await model.sample(new Map([[1, ref.synthetic.length]]), new Rng(0));
    expect(out.rowCount).toBe(ref.synthetic.length);
  });
});
