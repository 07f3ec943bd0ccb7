import { describe, expect, it } from 'vitest';
import { comparePaired, summarize, wilcoxonSignedRank } from '../../src/evaluate/compare.js';
import { Rng } from '../../src/random.js';

describe('wilcoxonSignedRank', () => {
  it('matches the exact table: n = 10, all positive -> W+ = 55, p = 2/1024', () => {
    const r = wilcoxonSignedRank([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(r.statistic).toBe(55);
    expect(r.test).toBe('exact');
    expect(r.pValue).toBeCloseTo(2 / 1024, 10);
  });
  it('n = 5 can never reach 0.05 (smallest two-sided p = 2/32)', () => {
    expect(wilcoxonSignedRank([0.1, 0.2, 0.3, 0.4, 0.5]).pValue).toBeCloseTo(0.0625, 10);
  });
  it('matches Hollander & Wolfe depression data (R: V = 40, p = 0.03906)', () => {
    const x = [1.83, 0.5, 1.62, 2.48, 1.68, 1.88, 1.55, 3.06, 1.3];
    const y = [0.878, 0.647, 0.598, 2.05, 1.06, 1.29, 1.06, 3.14, 1.29];
    const r = wilcoxonSignedRank(x.map((v, i) => v - y[i]!));
    expect(r.statistic).toBe(40);
    expect(r.pValue).toBeCloseTo(0.0390625, 6);
  });
  it('uses the tie-corrected normal approximation with ties (scipy: p = 0.030533)', () => {
    const r = wilcoxonSignedRank([1, 2, 2, 3, -1, 4, 5, 5, -2, 6, 0.5, -0.5]);
    expect(r.test).toBe('normal');
    expect(r.statistic).toBe(67);
    expect(r.pValue).toBeCloseTo(0.030532789, 5);
  });
  it('gives p = 1 when every difference is zero', () => {
    expect(wilcoxonSignedRank([0, 0, 0]).pValue).toBe(1);
  });
});

describe('summarize and comparePaired', () => {
  it('summarize: mean and sample std, NaN skipped', () => {
    const s = summarize([1, 2, 3, 4, Number.NaN]);
    expect(s.mean).toBe(2.5);
    expect(s.std).toBeCloseTo(Math.sqrt(5 / 3), 12);
    expect(s.n).toBe(4);
  });
  it('comparePaired: mean difference, CI around it, deterministic per seed', () => {
    // differences 0.1 0.15 0.05 0.18 0.12 0.11 0.02 0.08: sum 0.81, all positive and distinct
    const d = [0.1, 0.15, 0.05, 0.18, 0.12, 0.11, 0.02, 0.08];
    const b = [0.5, 0.55, 0.6, 0.62, 0.6, 0.6, 0.7, 0.6];
    const a = b.map((v, i) => v + d[i]!);
    const c = comparePaired(a, b, new Rng(3));
    expect(c.meanDiff).toBeCloseTo(0.81 / 8, 10);
    expect(c.ciLow).toBeLessThan(c.meanDiff);
    expect(c.ciHigh).toBeGreaterThan(c.meanDiff);
    expect(c.ciLow).toBeGreaterThan(0);
    expect(c.pValue).toBeCloseTo(2 / 256, 10); // all 8 positive, distinct: exact 2/2^8
    expect(comparePaired(a, b, new Rng(3))).toEqual(c);
  });
});
