import { describe, expect, it } from 'vitest';
import type { Dataset } from '../../src/contracts.js';
import { fitPreprocessor } from '../../src/evaluate/preprocess.js';

function data(values: number[], codes: number[]): Dataset {
  return {
    features: [
      { kind: 'numeric', name: 'x', values: Float64Array.from(values), integer: false },
      { kind: 'categorical', name: 'c', codes: Int32Array.from(codes), levels: ['a', 'b', 'z'] },
    ],
    labels: new Int32Array(values.length),
    classes: ['k'],
    rowCount: values.length,
  };
}

describe('fitPreprocessor', () => {
  it('imputes the median, adds a missing indicator, scales with training statistics, one-hots seen levels', () => {
    // train x = 1, 3, NaN, 5 -> median 3 -> imputed 1 3 3 5: mean 3, population std sqrt(2)
    const prep = fitPreprocessor(data([1, 3, Number.NaN, 5], [0, 1, -1, 0]));
    expect(prep.columns).toEqual(['x', 'x__missing', 'c=(missing)', 'c=a', 'c=b']);
    // test x = 7 -> (7 - 3) / sqrt 2; NaN -> 0 with indicator 1; level z (unseen in training) -> all zero
    const m = prep.transform(data([7, Number.NaN], [2, 1]));
    expect(m.cols).toBe(5);
    expect(m.data[0]).toBeCloseTo(4 / Math.SQRT2, 6);
    expect([...m.data.subarray(1, 5)]).toEqual([0, 0, 0, 0]);
    expect([...m.data.subarray(5, 10)]).toEqual([0, 1, 0, 0, 1]);
  });

  it('leaves constant columns unscaled (scale 1) and adds no indicator without missing values', () => {
    const prep = fitPreprocessor(data([2, 2, 2], [0, 0, 0]));
    expect(prep.columns).toEqual(['x', 'c=a']);
    expect([...prep.transform(data([3], [0])).data]).toEqual([1, 1]);
  });
});
