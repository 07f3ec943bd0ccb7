/**
 * A one-dimensional variational Bayesian Gaussian mixture with a Dirichlet-process weight prior:
 * the model CTGAN fits per numeric column to find its modes. With a tiny weight-concentration
 * prior, components the data does not need shrink towards zero weight and are dropped by the
 * weight threshold, so a column gets as many modes as it has (up to `maxComponents`).
 *
 * Hand-written because no maintained JavaScript library offers a variational (Bayesian) GMM;
 * the generic EM mixtures on npm have no Dirichlet-process prior, no seeding hook and no 1-D
 * fast path. This follows the standard mean-field updates (Bishop, PRML ch. 10; the same model
 * as scikit-learn's BayesianGaussianMixture with covariance 'full' in one dimension).
 */
import type { Rng } from '../../src/random.js';

export interface GmmOptions {
  /** Most modes a column may get (CTGAN: 10). */
  readonly maxComponents?: number;
  /** Components whose weight falls below this are dropped (CTGAN: 0.005). */
  readonly weightThreshold?: number;
  /** Dirichlet-process concentration; small values favour few components (CTGAN: 0.001). */
  readonly weightConcentration?: number;
  readonly maxIterations?: number;
  /** Rows used to fit; larger columns are subsampled (seeded) since modes need few thousand points. */
  readonly maxFitRows?: number;
}

/** The kept modes of a column, in original units, weights renormalised to sum to 1. */
export interface GmmModes {
  readonly means: number[];
  readonly stds: number[];
  readonly weights: number[];
}

const DEFAULTS = {
  maxComponents: 10,
  weightThreshold: 0.005,
  weightConcentration: 0.001,
  maxIterations: 300,
  maxFitRows: 5_000,
};

/** Regularisation added to every variance, in standardised units (keeps spikes finite). */
const REG_COVAR = 1e-6;

/**
 * Fit the mixture to the finite values of `values` and return the modes above the weight threshold.
 *
 * @example
 * const modes = fitGmm(new Float64Array([0.1, -0.2, 9.8, 10.1]), new Rng(1));
 * // modes.means ≈ [0, 10]
 */
export function fitGmm(values: ArrayLike<number>, rng: Rng, options: GmmOptions = {}): GmmModes {
  const opts = { ...DEFAULTS, ...options };
  let x = finiteValues(values);
  if (x.length === 0) return { means: [0], stds: [1], weights: [1] };
  if (x.length > opts.maxFitRows) {
    const perm = rng.permutation(x.length);
    const sub = new Float64Array(opts.maxFitRows);
    for (let i = 0; i < sub.length; i++) sub[i] = x[perm[i]!]!;
    x = sub;
  }
  // Standardise so the priors and the variance floor do not depend on the column's units.
  const center = mean(x);
  const scale = Math.sqrt(variance(x, center));
  if (!(scale > 0)) return { means: [center], stds: [Math.max(Math.abs(center) * 1e-6, 1e-6)], weights: [1] };
  const z = x.map((v) => (v - center) / scale);
  const k = Math.min(opts.maxComponents, distinctCount(z));
  const fit = variationalFit(z, k, rng, opts.weightConcentration, opts.maxIterations);
  const kept: number[] = [];
  for (let j = 0; j < k; j++) if (fit.weights[j]! > opts.weightThreshold) kept.push(j);
  if (kept.length === 0) kept.push(argmax(fit.weights));
  const total = kept.reduce((s, j) => s + fit.weights[j]!, 0);
  return {
    means: kept.map((j) => center + scale * fit.means[j]!),
    stds: kept.map((j) => scale * Math.sqrt(fit.variances[j]!)),
    weights: kept.map((j) => fit.weights[j]! / total),
  };
}

/** Posterior probability of each mode for value `v` (a plain mixture posterior over the kept modes). */
export function modeProbabilities(modes: GmmModes, v: number, out: Float64Array): Float64Array {
  let best = -Infinity;
  for (let j = 0; j < modes.means.length; j++) {
    const s = modes.stds[j]!;
    const d = (v - modes.means[j]!) / s;
    out[j] = Math.log(modes.weights[j]!) - Math.log(s) - 0.5 * d * d;
    if (out[j]! > best) best = out[j]!;
  }
  let sum = 0;
  for (let j = 0; j < modes.means.length; j++) {
    out[j] = Math.exp(out[j]! - best);
    sum += out[j]!;
  }
  for (let j = 0; j < modes.means.length; j++) out[j] = out[j]! / sum;
  return out;
}

interface VariationalFit {
  weights: number[];
  means: number[];
  variances: number[];
}

/** Mean-field coordinate ascent from a seeded k-means++ start; x is standardised (mean 0, var 1). */
function variationalFit(x: Float64Array, k: number, rng: Rng, gamma0: number, maxIterations: number): VariationalFit {
  const n = x.length;
  // Priors: mean prior at the data mean (0), precision prior 1, one degree of freedom, covariance prior
  // the data variance (1), as scikit-learn's defaults for one feature.
  const m0 = 0;
  const beta0 = 1;
  const nu0 = 1;
  const psi0 = 1;
  const resp = kmeansResponsibilities(x, k, rng);
  const alpha = new Float64Array(k);
  const betaW = new Float64Array(k);
  const beta = new Float64Array(k);
  const m = new Float64Array(k);
  const nu = new Float64Array(k);
  const wInv = new Float64Array(k);
  const logResp = new Float64Array(k);
  let previousBound = -Infinity;
  for (let iter = 0; iter < maxIterations; iter++) {
    // M-step: variational posteriors from responsibilities.
    const nk = new Float64Array(k);
    const xk = new Float64Array(k);
    const sk = new Float64Array(k);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < k; j++) {
        const r = resp[i * k + j]!;
        nk[j] += r;
        xk[j] += r * x[i]!;
      }
    }
    for (let j = 0; j < k; j++) {
      nk[j] += 1e-10;
      xk[j] = xk[j]! / nk[j]!;
    }
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < k; j++) {
        const d = x[i]! - xk[j]!;
        sk[j] += resp[i * k + j]! * d * d;
      }
    }
    let tail = 0;
    for (let j = k - 1; j >= 0; j--) {
      alpha[j] = 1 + nk[j]!;
      betaW[j] = gamma0 + tail;
      tail += nk[j]!;
    }
    for (let j = 0; j < k; j++) {
      sk[j] = sk[j]! / nk[j]! + REG_COVAR;
      beta[j] = beta0 + nk[j]!;
      m[j] = (beta0 * m0 + nk[j]! * xk[j]!) / beta[j]!;
      nu[j] = nu0 + nk[j]!;
      const dm = xk[j]! - m0;
      wInv[j] = psi0 + nk[j]! * sk[j]! + ((nk[j]! * beta0) / beta[j]!) * dm * dm;
    }
    // E-step: expected log weights (stick-breaking) and expected log densities.
    const eLogPi = new Float64Array(k);
    let stick = 0;
    for (let j = 0; j < k; j++) {
      const dsum = digamma(alpha[j]! + betaW[j]!);
      eLogPi[j] = digamma(alpha[j]!) - dsum + stick;
      stick += digamma(betaW[j]!) - dsum;
    }
    const constTerm = new Float64Array(k);
    const precision = new Float64Array(k);
    for (let j = 0; j < k; j++) {
      // E[precision] = nu / W^-1; E[log precision] = digamma(nu/2) + log 2 - log(W^-1/...) in 1-D.
      precision[j] = nu[j]! / wInv[j]!;
      const eLogLambda = digamma(nu[j]! / 2) + Math.log(2) - Math.log(wInv[j]!);
      constTerm[j] = eLogPi[j]! + 0.5 * eLogLambda - 0.5 * Math.log(2 * Math.PI) - 0.5 / beta[j]!;
    }
    let bound = 0;
    for (let i = 0; i < n; i++) {
      let best = -Infinity;
      for (let j = 0; j < k; j++) {
        const d = x[i]! - m[j]!;
        logResp[j] = constTerm[j]! - 0.5 * precision[j]! * d * d;
        if (logResp[j]! > best) best = logResp[j]!;
      }
      let sum = 0;
      for (let j = 0; j < k; j++) sum += Math.exp(logResp[j]! - best);
      const norm = best + Math.log(sum);
      bound += norm;
      for (let j = 0; j < k; j++) resp[i * k + j] = Math.exp(logResp[j]! - norm);
    }
    bound /= n;
    if (Math.abs(bound - previousBound) < 1e-9) break;
    previousBound = bound;
  }
  // Expected stick-breaking weights.
  const weights: number[] = [];
  let remaining = 1;
  for (let j = 0; j < k; j++) {
    const v = alpha[j]! / (alpha[j]! + betaW[j]!);
    weights.push(remaining * v);
    remaining *= 1 - v;
  }
  const total = weights.reduce((s, w) => s + w, 0);
  return {
    weights: weights.map((w) => w / total),
    means: Array.from(m),
    variances: Array.from(wInv, (w, j) => w / nu[j]!),
  };
}

/** Hard k-means (k-means++ start, seeded) turned into one-hot responsibilities, the usual VB start. */
function kmeansResponsibilities(x: Float64Array, k: number, rng: Rng): Float64Array {
  const n = x.length;
  const centers = new Float64Array(k);
  centers[0] = x[rng.int(n)]!;
  const dist = new Float64Array(n).fill(Infinity);
  for (let c = 1; c < k; c++) {
    let total = 0;
    for (let i = 0; i < n; i++) {
      const d = x[i]! - centers[c - 1]!;
      dist[i] = Math.min(dist[i]!, d * d);
      total += dist[i]!;
    }
    let target = rng.next() * total;
    let pick = n - 1;
    for (let i = 0; i < n; i++) {
      target -= dist[i]!;
      if (target <= 0) {
        pick = i;
        break;
      }
    }
    centers[c] = x[pick]!;
  }
  const assign = new Int32Array(n);
  for (let iter = 0; iter < 30; iter++) {
    let changed = false;
    for (let i = 0; i < n; i++) {
      let best = 0;
      let bestD = Infinity;
      for (let c = 0; c < k; c++) {
        const d = Math.abs(x[i]! - centers[c]!);
        if (d < bestD) {
          bestD = d;
          best = c;
        }
      }
      if (assign[i] !== best) changed = true;
      assign[i] = best;
    }
    const sums = new Float64Array(k);
    const counts = new Float64Array(k);
    for (let i = 0; i < n; i++) {
      sums[assign[i]!] += x[i]!;
      counts[assign[i]!] += 1;
    }
    for (let c = 0; c < k; c++) if (counts[c]! > 0) centers[c] = sums[c]! / counts[c]!;
    if (!changed && iter > 0) break;
  }
  const resp = new Float64Array(n * k);
  for (let i = 0; i < n; i++) resp[i * k + assign[i]!] = 1;
  return resp;
}

/** Digamma by recurrence up to x >= 6, then the asymptotic series (error < 1e-10). */
export function digamma(x: number): number {
  let result = 0;
  let v = x;
  while (v < 6) {
    result -= 1 / v;
    v += 1;
  }
  const inv = 1 / v;
  const inv2 = inv * inv;
  result += Math.log(v) - 0.5 * inv - inv2 * (1 / 12 - inv2 * (1 / 120 - inv2 * (1 / 252 - inv2 * (1 / 240 - inv2 / 132))));
  return result;
}

function finiteValues(values: ArrayLike<number>): Float64Array {
  let count = 0;
  for (let i = 0; i < values.length; i++) if (Number.isFinite(values[i])) count++;
  const out = new Float64Array(count);
  let w = 0;
  for (let i = 0; i < values.length; i++) if (Number.isFinite(values[i])) out[w++] = values[i]!;
  return out;
}

function mean(x: Float64Array): number {
  let s = 0;
  for (const v of x) s += v;
  return s / x.length;
}

function variance(x: Float64Array, mu: number): number {
  let s = 0;
  for (const v of x) s += (v - mu) * (v - mu);
  return s / x.length;
}

function distinctCount(x: Float64Array): number {
  return new Set(x).size;
}

function argmax(values: ArrayLike<number>): number {
  let best = 0;
  for (let i = 1; i < values.length; i++) if (values[i]! > values[best]!) best = i;
  return best;
}
