import { describe, expect, it } from 'vitest';
import type { Dataset } from '../../../src/contracts.js';
import { buildClassMatrix } from '../../../plugins/smote/class-matrix.js';

describe('buildClassMatrix', () => {
  it('imputes missing values with the class median and weights a category mismatch by median_std^2 / 2', () => {
    const data: Dataset = {
      features: [
        { kind: 'numeric', name: 'a', values: Float64Array.of(0, 2, NaN, 10), integer: false },
        { kind: 'numeric', name: 'b', values: Float64Array.of(1, 1, 1, 1), integer: false },
        { kind: 'categorical', name: 'c', codes: Int32Array.of(0, 1, 0, 1), levels: ['x', 'y'] },
      ],
      labels: new Int32Array(4),
      classes: ['k'],
      rowCount: 4,
    };
    const m = buildClassMatrix(data, Int32Array.of(0, 1, 2, 3));
    expect(Array.from(m.numeric)).toEqual([0, 1, 2, 1, 2, 1, 10, 1]); // median of 0, 2, 10 is 2
    expect(Array.from(m.missing)).toEqual([0, 0, 0, 0, 1, 0, 0, 0]);
    // population std of a over observed (0, 2, 10) and of b (0): median of the two = their mean
    const stdA = Math.sqrt(((0 - 4) ** 2 + (2 - 4) ** 2 + (10 - 4) ** 2) / 3);
    expect(m.medianStd).toBeCloseTo(stdA / 2, 12);
    expect(m.categoricalWeight).toBeCloseTo((stdA / 2) ** 2 / 2, 12);
  });
});
