import { describe, expect, it } from 'vitest';
import { quantileSorted, summarizeDcr } from '../../src/privacy/summary.js';

describe('summarizeDcr', () => {
  it('reports min, quantiles (numpy linear interpolation), mean and exact zeros', () => {
    const s = summarizeDcr(Float64Array.of(0.4, 0, 0.1, 0.3, 0, 0.2));
    expect(s.count).toBe(6);
    expect(s.min).toBe(0);
    expect(s.exactZeros).toBe(2);
    expect(s.mean).toBeCloseTo(1 / 6, 12);
    expect(s.median).toBeCloseTo(0.15, 12); // numpy.median([0,0,.1,.2,.3,.4])
    expect(s.p25).toBeCloseTo(0.025, 12); // numpy.quantile(..., 0.25)
    expect(s.p05).toBe(0);
  });

  it('interpolates between order statistics and is NaN when empty', () => {
    expect(quantileSorted(Float64Array.of(1, 2, 3, 4), 0.5)).toBe(2.5);
    expect(quantileSorted(Float64Array.of(1, 2, 3, 4), 1)).toBe(4);
    expect(quantileSorted(Float64Array.of(10, 20), 0.05)).toBeCloseTo(10.5, 12);
    expect(summarizeDcr(new Float64Array(0)).median).toBeNaN();
  });
});
