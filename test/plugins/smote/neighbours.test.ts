import { describe, expect, it } from 'vitest';
import type { Dataset } from '../../../src/contracts.js';
import { Rng } from '../../../src/random.js';
import { buildClassMatrix } from '../../../plugins/smote/class-matrix.js';
import { nearestWithinClass } from '../../../plugins/smote/neighbours.js';

/** Mixed data with deliberate duplicates (ties) and missing values. */
function mixed(n: number, seed: number): Dataset {
  const rng = new Rng(seed);
  const a = Float64Array.from({ length: n }, () => Math.round(rng.normal() * 4) / 2);
  const b = Float64Array.from({ length: n }, () => (rng.next() < 0.1 ? NaN : Math.round(rng.next() * 6)));
  const codes = Int32Array.from({ length: n }, () => rng.int(4) - 1);
  return {
    features: [
      { kind: 'numeric', name: 'a', values: a, integer: false },
      { kind: 'categorical', name: 'c', codes, levels: ['p', 'q', 'r'] },
      { kind: 'numeric', name: 'b', values: b, integer: true },
    ],
    labels: new Int32Array(n),
    classes: ['only'],
    rowCount: n,
  };
}

describe('nearestWithinClass', () => {
  it('matches a sort-based brute force (ties by lower index) on mixed data with missing values', () => {
    for (const seed of [1, 2, 3]) {
      const data = mixed(60, seed);
      const rows = Int32Array.from({ length: 60 }, (_, i) => i);
      const m = buildClassMatrix(data, rows);
      const k = 5;
      const got = nearestWithinClass(m, k);
      const p = m.numericFeatures.length;
      const c = m.categoricalFeatures.length;
      for (let i = 0; i < m.n; i++) {
        const candidates = [];
        for (let j = 0; j < m.n; j++) {
          if (j === i) continue;
          let d = 0;
          for (let f = 0; f < p; f++) d += (m.numeric[i * p + f]! - m.numeric[j * p + f]!) ** 2;
          for (let f = 0; f < c; f++) if (m.codes[i * c + f] !== m.codes[j * c + f]) d += m.categoricalWeight;
          candidates.push({ j, d });
        }
        candidates.sort((x, y) => x.d - y.d || x.j - y.j);
        expect(Array.from(got.subarray(i * k, i * k + k))).toEqual(candidates.slice(0, k).map((x) => x.j));
      }
    }
  });
});
