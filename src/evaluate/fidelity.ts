/**
 * How much the synthetic rows look like the real rows they were learned from, and how close they sit
 * to them: per-column Kolmogorov-Smirnov statistic (numeric) and total variation distance
 * (categorical), the mean absolute difference of the numeric correlation matrices, distance to
 * closest record (synthetic -> training next to held-out real -> training) and exact copies; the
 * evaluator adds the detection test's ROC-AUC (detection.ts).
 * Also the per-column histograms the HTML report draws.
 */
import type { Dataset, Feature } from '../contracts.js';
import { distanceToClosestRecord } from '../privacy/distance.js';
import { findExactCopies } from '../privacy/exact-copies.js';
import { summarizeDcr, type DcrSummary } from '../privacy/summary.js';

export interface ColumnFidelity {
  readonly name: string;
  readonly kind: 'numeric' | 'categorical';
  /** KS statistic (numeric) or total variation distance (categorical): 0 = same distribution, 1 = disjoint. */
  readonly distance: number;
  readonly histogram: Histogram;
}

/** Bars for the report: fractions of real and synthetic rows per bin (numeric) or level (categorical). */
export interface Histogram {
  readonly labels: readonly string[];
  readonly real: readonly number[];
  readonly synthetic: readonly number[];
}

export interface FidelityReport {
  readonly realRows: number;
  readonly syntheticRows: number;
  readonly columns: readonly ColumnFidelity[];
  /** Mean over numeric columns of the KS statistic; NaN without numeric columns. */
  readonly meanKs: number;
  /** Mean over categorical columns of the TV distance; NaN without categorical columns. */
  readonly meanTv: number;
  /** Mean |corr_real - corr_synthetic| over numeric column pairs; NaN with fewer than two numeric columns. */
  readonly correlationDifference: number;
  readonly dcrSyntheticToTrain: DcrSummary;
  readonly dcrHoldoutToTrain: DcrSummary;
  /** Synthetic rows identical to a training row in every column (and the label). */
  readonly exactCopies: number;
  /**
   * Detection test (detection.ts): cross-validated logistic regression ROC-AUC of real vs synthetic
   * rows, 0.5 = indistinguishable. Set by the evaluator; absent from measureFidelity alone.
   */
  readonly detectionAuc?: number;
}

/**
 * Compare `synthetic` rows with `real` rows of the same classes; `training` is the full fold the
 * synthesizer saw and `holdout` real rows it never saw (the DCR yardstick).
 *
 * @example
 * const f = measureFidelity(realMinority, synthetic, trainFold, testFoldMinority);
 * f.exactCopies // 0 for a GAN that does not memorise
 */
export function measureFidelity(real: Dataset, synthetic: Dataset, training: Dataset, holdout: Dataset): FidelityReport {
  const columns: ColumnFidelity[] = [];
  real.features.forEach((f, i) => {
    const s = synthetic.features[i]!;
    if (f.kind === 'numeric' && s.kind === 'numeric') {
      columns.push({ name: f.name, kind: 'numeric', distance: ksStatistic(f.values, s.values), histogram: numericHistogram(f.values, s.values, 20) });
    } else if (f.kind === 'categorical' && s.kind === 'categorical') {
      const h = categoricalHistogram(f, s);
      let tv = 0;
      h.real.forEach((p, k) => (tv += Math.abs(p - h.synthetic[k]!)));
      columns.push({ name: f.name, kind: 'categorical', distance: tv / 2, histogram: h });
    }
  });
  const mean = (xs: number[]): number => (xs.length === 0 ? Number.NaN : xs.reduce((a, b) => a + b, 0) / xs.length);
  const comparable = synthetic.rowCount > 0 && training.rowCount > 0;
  return {
    realRows: real.rowCount,
    syntheticRows: synthetic.rowCount,
    columns,
    meanKs: mean(columns.filter((c) => c.kind === 'numeric').map((c) => c.distance)),
    meanTv: mean(columns.filter((c) => c.kind === 'categorical').map((c) => c.distance)),
    correlationDifference: correlationDifference(real, synthetic),
    dcrSyntheticToTrain: summarizeDcr(comparable ? distanceToClosestRecord(synthetic, training) : new Float64Array(0)),
    dcrHoldoutToTrain: summarizeDcr(holdout.rowCount > 0 && training.rowCount > 0 ? distanceToClosestRecord(holdout, training) : new Float64Array(0)),
    exactCopies: comparable ? findExactCopies(synthetic, training).reduce((a, b) => a + b, 0) : 0,
  };
}

/**
 * Two-sample Kolmogorov-Smirnov statistic: the largest gap between the two empirical CDFs.
 * Missing values (NaN) are ignored; 0 when either side has no values.
 *
 * @example ksStatistic(Float64Array.of(1, 2, 3), Float64Array.of(2, 3, 4)) // 1/3
 */
export function ksStatistic(a: Float64Array, b: Float64Array): number {
  const x = Float64Array.from(a.filter((v) => !Number.isNaN(v))).sort();
  const y = Float64Array.from(b.filter((v) => !Number.isNaN(v))).sort();
  if (x.length === 0 || y.length === 0) return 0;
  let i = 0;
  let j = 0;
  let d = 0;
  while (i < x.length && j < y.length) {
    const v = Math.min(x[i]!, y[j]!);
    while (i < x.length && x[i]! <= v) i++;
    while (j < y.length && y[j]! <= v) j++;
    d = Math.max(d, Math.abs(i / x.length - j / y.length));
  }
  return d;
}

function numericHistogram(real: Float64Array, synthetic: Float64Array, bins: number): Histogram {
  let min = Infinity;
  let max = -Infinity;
  for (const arr of [real, synthetic]) for (const v of arr) if (!Number.isNaN(v)) {
    if (v < min) min = v;
    if (v > max) max = v;
  }
  if (!Number.isFinite(min)) return { labels: [], real: [], synthetic: [] };
  const count = max > min ? bins : 1;
  const width = max > min ? (max - min) / count : 1;
  const fill = (values: Float64Array): number[] => {
    const out = new Array<number>(count).fill(0);
    let n = 0;
    for (const v of values) {
      if (Number.isNaN(v)) continue;
      out[Math.min(count - 1, Math.floor((v - min) / width))]! += 1;
      n++;
    }
    return out.map((c) => (n === 0 ? 0 : c / n));
  };
  const labels = Array.from({ length: count }, (_, k) => formatEdge(min + k * width));
  return { labels, real: fill(real), synthetic: fill(synthetic) };
}

function categoricalHistogram(real: Feature & { kind: 'categorical' }, synthetic: Feature & { kind: 'categorical' }): Histogram {
  const levels = real.levels.length;
  const fill = (codes: Int32Array): number[] => {
    const out = new Array<number>(levels + 1).fill(0);
    for (const c of codes) out[c < 0 ? levels : c]! += 1;
    return out.map((v) => (codes.length === 0 ? 0 : v / codes.length));
  };
  const r = fill(real.codes);
  const s = fill(synthetic.codes);
  const hasMissing = r[levels]! > 0 || s[levels]! > 0;
  const labels = [...real.levels, ...(hasMissing ? ['(missing)'] : [])];
  return { labels, real: hasMissing ? r : r.slice(0, levels), synthetic: hasMissing ? s : s.slice(0, levels) };
}

/** Mean absolute difference between the Pearson correlation matrices of the numeric columns. */
export function correlationDifference(real: Dataset, synthetic: Dataset): number {
  const numeric = real.features.map((_, i) => i).filter((i) => real.features[i]!.kind === 'numeric' && synthetic.features[i]!.kind === 'numeric');
  if (numeric.length < 2) return Number.NaN;
  const values = (d: Dataset, i: number): Float64Array => (d.features[i] as Feature & { kind: 'numeric' }).values;
  let sum = 0;
  let pairs = 0;
  for (let a = 0; a < numeric.length; a++) {
    for (let b = a + 1; b < numeric.length; b++) {
      const cr = pearson(values(real, numeric[a]!), values(real, numeric[b]!));
      const cs = pearson(values(synthetic, numeric[a]!), values(synthetic, numeric[b]!));
      sum += Math.abs(cr - cs);
      pairs++;
    }
  }
  return sum / pairs;
}

/** Pearson correlation over rows where both are present; 0 when either is constant. */
export function pearson(x: Float64Array, y: Float64Array): number {
  let n = 0;
  let sx = 0;
  let sy = 0;
  for (let i = 0; i < x.length; i++) {
    if (Number.isNaN(x[i]!) || Number.isNaN(y[i]!)) continue;
    n++;
    sx += x[i]!;
    sy += y[i]!;
  }
  if (n < 2) return 0;
  const mx = sx / n;
  const my = sy / n;
  let cov = 0;
  let vx = 0;
  let vy = 0;
  for (let i = 0; i < x.length; i++) {
    if (Number.isNaN(x[i]!) || Number.isNaN(y[i]!)) continue;
    cov += (x[i]! - mx) * (y[i]! - my);
    vx += (x[i]! - mx) ** 2;
    vy += (y[i]! - my) ** 2;
  }
  return vx > 0 && vy > 0 ? cov / Math.sqrt(vx * vy) : 0;
}

function formatEdge(v: number): string {
  return Math.abs(v) >= 1000 || (Math.abs(v) < 0.01 && v !== 0) ? v.toExponential(2) : Number(v.toPrecision(3)).toString();
}
