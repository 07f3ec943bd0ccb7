/**
 * Summary statistics and the paired comparison of a method against `none`: mean difference over the
 * (repeat, fold) pairs, a seeded percentile-bootstrap 95% interval of that mean, and a two-sided
 * Wilcoxon signed-rank test.
 *
 * The Wilcoxon test comes from `@stdlib/stats-wilcoxon` (maintained; exact distribution for n <= 50
 * without ties or zeros, normal approximation with tie and continuity correction otherwise), so it is
 * not hand-written here.
 */
import wilcoxon from '@stdlib/stats-wilcoxon';
import type { Rng } from '../random.js';

export interface Summary {
  readonly mean: number;
  /** Sample standard deviation (n - 1); 0 for a single value. */
  readonly std: number;
  readonly n: number;
}

/** Mean and sample std of the finite values (NaN folds, e.g. ROC-AUC without positives, are skipped). */
export function summarize(values: readonly number[]): Summary {
  const finite = values.filter((v) => Number.isFinite(v));
  const n = finite.length;
  if (n === 0) return { mean: Number.NaN, std: Number.NaN, n: 0 };
  const mean = finite.reduce((a, b) => a + b, 0) / n;
  const variance = n > 1 ? finite.reduce((a, b) => a + (b - mean) ** 2, 0) / (n - 1) : 0;
  return { mean, std: Math.sqrt(variance), n };
}

export interface PairedComparison {
  /** Pairs with a finite value on both sides. */
  readonly n: number;
  /** Mean of (method - baseline). */
  readonly meanDiff: number;
  /** 95% percentile-bootstrap interval of the mean difference. */
  readonly ciLow: number;
  readonly ciHigh: number;
  /** Two-sided Wilcoxon signed-rank p-value; 1 when every difference is zero, NaN when n < 2. */
  readonly pValue: number;
  /** Sum of the ranks of positive differences (W+). */
  readonly statistic: number;
  /** 'exact' or 'normal' (approximation, used with ties, zeros or n > 50). */
  readonly test: 'exact' | 'normal' | 'none';
}

export const BOOTSTRAP_RESAMPLES = 2000;

/**
 * Compare paired values (same repeat and fold) of a method and the baseline.
 *
 * @example
 * comparePaired([0.6, 0.7, 0.65], [0.5, 0.55, 0.6], new Rng(0)).meanDiff // ≈ 0.1
 */
export function comparePaired(method: readonly number[], baseline: readonly number[], rng: Rng): PairedComparison {
  const diffs: number[] = [];
  for (let i = 0; i < Math.min(method.length, baseline.length); i++) {
    const d = method[i]! - baseline[i]!;
    if (Number.isFinite(d)) diffs.push(d);
  }
  const n = diffs.length;
  if (n === 0) return { n, meanDiff: Number.NaN, ciLow: Number.NaN, ciHigh: Number.NaN, pValue: Number.NaN, statistic: Number.NaN, test: 'none' };
  const meanDiff = diffs.reduce((a, b) => a + b, 0) / n;
  const means = new Float64Array(BOOTSTRAP_RESAMPLES);
  for (let b = 0; b < BOOTSTRAP_RESAMPLES; b++) {
    let sum = 0;
    for (let i = 0; i < n; i++) sum += diffs[rng.int(n)]!;
    means[b] = sum / n;
  }
  const [ciLow, ciHigh] = percentileInterval(means);
  const test = wilcoxonSignedRank(diffs);
  return { n, meanDiff, ciLow, ciHigh, ...test };
}

/**
 * Two-sided Wilcoxon signed-rank test of differences against zero (zeros dropped, as R and scipy's
 * 'wilcox' method do). Differences are rounded to 12 significant digits first so that float noise
 * (0.1 + 0.2 - 0.3) does not break ties.
 */
export function wilcoxonSignedRank(differences: readonly number[]): { pValue: number; statistic: number; test: 'exact' | 'normal' | 'none' } {
  const d = differences.map((v) => Number(v.toPrecision(12)));
  const nonZero = d.filter((v) => v !== 0);
  if (nonZero.length === 0) return { pValue: 1, statistic: 0, test: 'none' };
  if (d.length < 2) return { pValue: Number.NaN, statistic: Number.NaN, test: 'none' };
  const abs = nonZero.map(Math.abs);
  const ties = new Set(abs).size !== abs.length;
  const exact = nonZero.length === d.length && !ties && d.length <= 50;
  const result = wilcoxon(d, { alternative: 'two-sided', zeroMethod: 'wilcox', correction: true });
  return { pValue: Math.min(1, result.pValue), statistic: result.statistic, test: exact ? 'exact' : 'normal' };
}

/** 95% percentile interval of the finite values (NaN, NaN when there are none). */
export function percentileInterval(values: ArrayLike<number>): [number, number] {
  const sorted = Float64Array.from(values).filter(Number.isFinite).sort();
  if (sorted.length === 0) return [Number.NaN, Number.NaN];
  return [quantileSorted(sorted, 0.025), quantileSorted(sorted, 0.975)];
}

function quantileSorted(sorted: Float64Array, q: number): number {
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (pos - lo);
}
