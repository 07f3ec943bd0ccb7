import { beforeAll, describe, expect, it } from 'vitest';
import { registerBuiltins } from '../../plugins/index.js';
import type { Dataset } from '../../src/contracts.js';
import { detectionAuc } from '../../src/evaluate/detection.js';
import { Rng } from '../../src/random.js';

/** Rows of one class: x ~ N(shift, 1), y = x + noise, a categorical with level b at rate `rateB`. */
function rows(n: number, shift: number, rateB: number, seed: number): Dataset {
  const rng = new Rng(seed);
  const x = Float64Array.from({ length: n }, () => shift + rng.normal());
  return {
    features: [
      { kind: 'numeric', name: 'x', values: x, integer: false },
      { kind: 'numeric', name: 'y', values: x.map((v) => v + 0.3 * rng.normal()), integer: false },
      { kind: 'categorical', name: 'c', codes: Int32Array.from({ length: n }, () => (rng.next() < rateB ? 1 : 0)), levels: ['a', 'b'] },
    ],
    labels: new Int32Array(n).fill(1),
    classes: ['major', 'minor'],
    rowCount: n,
  };
}

describe('detectionAuc', () => {
  beforeAll(() => registerBuiltins());

  it('is near 0.5 for synthetic rows drawn from the real distribution', async () => {
    const auc = await detectionAuc(rows(120, 0, 0.3, 1), rows(400, 0, 0.3, 2), new Rng(3));
    expect(auc).toBeGreaterThan(0.35);
    expect(auc).toBeLessThan(0.65);
  });

  it('is near 1 for synthetic rows a logistic regression can separate', async () => {
    const auc = await detectionAuc(rows(120, 0, 0.3, 1), rows(400, 2.5, 0.9, 2), new Rng(3));
    expect(auc).toBeGreaterThan(0.9);
  });

  it('is the same for the same seed, and NaN with fewer than two rows on a side', async () => {
    const a = await detectionAuc(rows(60, 0, 0.3, 1), rows(200, 0.8, 0.5, 2), new Rng(4));
    const b = await detectionAuc(rows(60, 0, 0.3, 1), rows(200, 0.8, 0.5, 2), new Rng(4));
    expect(a).toBe(b);
    expect(await detectionAuc(rows(1, 0, 0.3, 1), rows(20, 0, 0.3, 2), new Rng(4))).toBeNaN();
  });
});
