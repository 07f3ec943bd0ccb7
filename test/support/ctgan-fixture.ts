/**
 * A synthetic two-class table with known structure, and the fidelity measures the ctgan tests
 * (and bench/ctgan-measure.ts) compare real and synthetic minority rows with.
 *
 * Minority class (label 1), per row:
 *   x1  ~ 0.4 N(-2, 0.5) + 0.6 N(3, 1)                      bimodal
 *   x2  = 0.8 x1 + N(0, 0.8), missing with probability 0.1   correlated with x1 (r ~ 0.94)
 *   n   = round(|x1| + 2 U), an integer column
 *   cat = 'a' w.p. 0.8 if x1 > 0 else 'b' w.p. 0.8 (the rest 'c')   depends on x1
 *   tone: 'lo' | 'mid' | 'hi' uniform, independent
 * Majority class (label 0): x1 ~ N(0, 1), x2 = -0.5 x1 + N(0, 1), cat mostly 'c', etc.
 */
import type { Dataset, NumericFeature, CategoricalFeature } from '../../src/contracts.js';
import { Rng } from '../../src/random.js';
import { ksStatistic as evaluatorKs, pearson } from '../../src/evaluate/fidelity.js';

export function makeFixture(seed: number, majority = 850, minority = 150): Dataset {
  const rng = new Rng(seed);
  const n = majority + minority;
  const x1 = new Float64Array(n);
  const x2 = new Float64Array(n);
  const count = new Float64Array(n);
  const cat = new Int32Array(n);
  const tone = new Int32Array(n);
  const labels = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const minor = i >= majority;
    labels[i] = minor ? 1 : 0;
    if (minor) {
      x1[i] = rng.next() < 0.4 ? -2 + 0.5 * rng.normal() : 3 + rng.normal();
      x2[i] = rng.next() < 0.1 ? NaN : 0.8 * x1[i]! + 0.8 * rng.normal();
      const u = rng.next();
      cat[i] = x1[i]! > 0 ? (u < 0.8 ? 0 : u < 0.9 ? 1 : 2) : u < 0.8 ? 1 : u < 0.9 ? 0 : 2;
    } else {
      x1[i] = rng.normal();
      x2[i] = rng.next() < 0.02 ? NaN : -0.5 * x1[i]! + rng.normal();
      const u = rng.next();
      cat[i] = u < 0.7 ? 2 : u < 0.85 ? 0 : 1;
    }
    count[i] = Math.round(Math.abs(x1[i]!) + 2 * rng.next());
    tone[i] = rng.int(3);
  }
  return {
    features: [
      { kind: 'numeric', name: 'x1', values: x1, integer: false },
      { kind: 'numeric', name: 'x2', values: x2, integer: false },
      { kind: 'numeric', name: 'n', values: count, integer: true },
      { kind: 'categorical', name: 'cat', codes: cat, levels: ['a', 'b', 'c'] },
      { kind: 'categorical', name: 'tone', codes: tone, levels: ['lo', 'mid', 'hi'] },
    ],
    labels,
    classes: ['major', 'minor'],
    rowCount: n,
  };
}

/**
 * The evaluator's KS statistic over the finite values, but stricter where a test must be: an empty
 * side (a generator that produced no finite value) counts as maximally different (1), not 0.
 */
export function ksStatistic(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const x = Float64Array.from(a).filter(Number.isFinite);
  const y = Float64Array.from(b).filter(Number.isFinite);
  return x.length === 0 || y.length === 0 ? 1 : evaluatorKs(x, y);
}

/** Total variation distance between the category frequencies (-1 counts as its own category). */
export function totalVariation(a: Int32Array, b: Int32Array): number {
  const freq = (codes: Int32Array): Map<number, number> => {
    const m = new Map<number, number>();
    for (const c of codes) m.set(c, (m.get(c) ?? 0) + 1 / codes.length);
    return m;
  };
  const fa = freq(a);
  const fb = freq(b);
  let tv = 0;
  for (const k of new Set([...fa.keys(), ...fb.keys()])) tv += Math.abs((fa.get(k) ?? 0) - (fb.get(k) ?? 0));
  return tv / 2;
}

export function nullRate(values: Float64Array): number {
  let n = 0;
  for (const v of values) if (Number.isNaN(v)) n++;
  return n / values.length;
}

/**
 * The evaluator's Pearson correlation over rows where both are finite, but NaN (failing every
 * tolerance) where it would answer 0 for a constant column: a collapsed generator must not pass.
 */
export function correlation(a: Float64Array, b: Float64Array): number {
  const finite = (v: Float64Array): Float64Array => v.map((x) => (Number.isFinite(x) ? x : Number.NaN));
  const x = finite(a);
  const y = finite(b);
  const varies = (v: Float64Array): boolean => new Set(v.filter((t) => !Number.isNaN(t))).size > 1;
  return varies(x) && varies(y) ? pearson(x, y) : Number.NaN;
}

export interface Fidelity {
  readonly ks: Record<string, number>;
  readonly tv: Record<string, number>;
  readonly nullRateGap: number;
  readonly correlationGap: number;
}

/** Compare synthetic rows against real rows of the fixture (both restricted to one class by the caller). */
export function fidelity(real: Dataset, synthetic: Dataset): Fidelity {
  const ks: Record<string, number> = {};
  const tv: Record<string, number> = {};
  real.features.forEach((f, i) => {
    const s = synthetic.features[i]!;
    if (f.kind === 'numeric' && s.kind === 'numeric') ks[f.name] = ksStatistic(f.values, s.values);
    if (f.kind === 'categorical' && s.kind === 'categorical') tv[f.name] = totalVariation(f.codes, s.codes);
  });
  const num = (d: Dataset, name: string): Float64Array => (d.features.find((f) => f.name === name) as NumericFeature).values;
  return {
    ks,
    tv,
    nullRateGap: Math.abs(nullRate(num(real, 'x2')) - nullRate(num(synthetic, 'x2'))),
    correlationGap: Math.abs(correlation(num(real, 'x1'), num(real, 'x2')) - correlation(num(synthetic, 'x1'), num(synthetic, 'x2'))),
  };
}

/** The tolerances the fidelity test asserts (stated once, used by test and docs). */
// Set when fidelity.test.ts's settings gave, on seeds 1-3, KS <= 0.127, TV <= 0.057, null gap <= 0.035,
// correlation gap <= 0.144. With the current training step, seeds 1-6 give KS <= 0.163 and correlation
// gaps 0.137-0.220 (one seed of six above 0.2): the margin is now thin (docs/ctgan.md).
export const TOLERANCE = { ks: 0.18, tv: 0.1, nullRate: 0.06, correlation: 0.2 };

/** Which of the tolerances a fidelity result breaks (empty = all met). */
export function violations(f: Fidelity): string[] {
  const out: string[] = [];
  for (const [k, v] of Object.entries(f.ks)) if (v > TOLERANCE.ks) out.push(`KS(${k})=${v.toFixed(3)}`);
  for (const [k, v] of Object.entries(f.tv)) if (v > TOLERANCE.tv) out.push(`TV(${k})=${v.toFixed(3)}`);
  if (f.nullRateGap > TOLERANCE.nullRate) out.push(`null-rate gap=${f.nullRateGap.toFixed(3)}`);
  if (!(f.correlationGap <= TOLERANCE.correlation)) out.push(`corr gap=${f.correlationGap.toFixed(3)}`);
  return out;
}

export function categorical(d: Dataset, name: string): CategoricalFeature {
  return d.features.find((f) => f.name === name) as CategoricalFeature;
}
