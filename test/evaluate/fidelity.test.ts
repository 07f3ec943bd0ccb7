import { describe, expect, it } from 'vitest';
import type { Dataset } from '../../src/contracts.js';
import { correlationDifference, ksStatistic, measureFidelity, pearson } from '../../src/evaluate/fidelity.js';

function ds(x: number[], y: number[], codes: number[]): Dataset {
  return {
    features: [
      { kind: 'numeric', name: 'x', values: Float64Array.from(x), integer: false },
      { kind: 'numeric', name: 'y', values: Float64Array.from(y), integer: false },
      { kind: 'categorical', name: 'c', codes: Int32Array.from(codes), levels: ['p', 'q'] },
    ],
    labels: new Int32Array(x.length).fill(1),
    classes: ['a', 'b'],
    rowCount: x.length,
  };
}

describe('fidelity measures (hand-computed)', () => {
  it('KS: largest gap between empirical CDFs', () => {
    // {1,2,3} vs {2,3,4}: after 1 the CDFs are 1/3 vs 0 -> 1/3 (also after 3: 1 vs 2/3)
    expect(ksStatistic(Float64Array.of(1, 2, 3), Float64Array.of(2, 3, 4))).toBeCloseTo(1 / 3, 12);
    expect(ksStatistic(Float64Array.of(1, 2), Float64Array.of(5, 6))).toBe(1);
    expect(ksStatistic(Float64Array.of(1, Number.NaN), Float64Array.of(1))).toBe(0);
  });

  it('Pearson and correlation-matrix difference', () => {
    expect(pearson(Float64Array.of(1, 2, 3), Float64Array.of(2, 4, 6))).toBeCloseTo(1, 12);
    expect(pearson(Float64Array.of(1, 2, 3), Float64Array.of(3, 2, 1))).toBeCloseTo(-1, 12);
    // real: y = x (corr 1); synthetic: y = -x (corr -1) -> |1 - (-1)| = 2 over the one pair
    expect(correlationDifference(ds([1, 2, 3], [1, 2, 3], [0, 0, 0]), ds([1, 2, 3], [3, 2, 1], [0, 0, 0]))).toBeCloseTo(2, 12);
  });

  it('TV distance per categorical column, DCR and exact copies', () => {
    // real c: p p q q (1/2, 1/2); synthetic c: p p p q (3/4, 1/4) -> TV = (1/4 + 1/4) / 2 = 1/4
    const real = ds([1, 2, 3, 4], [1, 2, 3, 4], [0, 0, 1, 1]);
    const synthetic = ds([1, 2.5, 3.5, 9], [1, 2.5, 3.5, 9], [0, 0, 0, 1]);
    const f = measureFidelity(real, synthetic, real, ds([2, 3], [2, 3], [0, 1]));
    const c = f.columns.find((x) => x.name === 'c')!;
    expect(c.distance).toBeCloseTo(0.25, 12);
    expect(f.meanTv).toBeCloseTo(0.25, 12);
    // only the first synthetic row (1, 1, p) equals a training row
    expect(f.exactCopies).toBe(1);
    expect(f.dcrSyntheticToTrain.min).toBe(0);
    expect(f.dcrHoldoutToTrain.count).toBe(2);
    expect(f.columns.find((x) => x.name === 'x')!.histogram.real.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
  });
});
