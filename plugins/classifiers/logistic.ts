/**
 * Multinomial logistic regression with an L2 penalty (scikit-learn's default objective with C=1:
 * sum of weighted cross-entropies + 0.5 * ||W||^2, intercepts unpenalised), fitted by L-BFGS.
 *
 * Hand-written rather than a library: the npm logistic-regression packages are binary-only or
 * fit by fixed-step gradient descent without sample weights; this objective is small and convex, and
 * a deterministic L-BFGS reaches sklearn's solution in ~100 lines with no randomness at all.
 */
import type { Classifier, ClassifierFactory, ClassifierFitOptions, Matrix, ParamDeclarations } from '../../src/contracts.js';
import { parseDeclaredParams } from '../../src/plugin-params.js';

export interface LogisticParams {
  /** Inverse regularisation strength (sklearn's C). */
  readonly c: number;
  readonly maxIterations: number;
  /** Stop when the gradient's largest component falls below this. */
  readonly tolerance: number;
}

const DEFAULTS: LogisticParams = { c: 1, maxIterations: 300, tolerance: 1e-6 };

const PARAMS = {
  c: { type: 'number', default: DEFAULTS.c, min: 0, minOpen: true, help: "inverse regularisation strength (scikit-learn's C)" },
  maxIterations: { type: 'integer', name: 'max_iter', default: DEFAULTS.maxIterations, min: 1, help: 'L-BFGS iterations at most' },
} as const satisfies ParamDeclarations;

export class LogisticRegression implements Classifier {
  readonly name = 'logistic';
  private weights: Float64Array | undefined; // (cols + 1) x classes, last row = intercepts
  private classCount = 0;
  private cols = 0;
  /** Iterations the last fit used (for tests and diagnostics). */
  iterations = 0;

  constructor(private readonly params: LogisticParams = DEFAULTS) {}

  async fit(x: Matrix, y: Int32Array, options: ClassifierFitOptions): Promise<void> {
    const k = options.classCount;
    const d = x.cols;
    this.classCount = k;
    this.cols = d;
    const weightOf = (i: number): number => (options.sampleWeight ? options.sampleWeight[i]! : 1);
    const lambda = 1 / this.params.c;
    const size = (d + 1) * k;
    const logits = new Float64Array(k);

    const objective = (w: Float64Array, grad: Float64Array): number => {
      grad.fill(0);
      let loss = 0;
      for (let r = 0; r < x.rows; r++) {
        const sw = weightOf(r);
        if (sw === 0) continue;
        const base = r * d;
        let max = -Infinity;
        for (let c = 0; c < k; c++) {
          let z = w[d * k + c]!;
          for (let j = 0; j < d; j++) z += x.data[base + j]! * w[j * k + c]!;
          logits[c] = z;
          if (z > max) max = z;
        }
        let sum = 0;
        for (let c = 0; c < k; c++) sum += Math.exp(logits[c]! - max);
        const logSum = max + Math.log(sum);
        loss += sw * (logSum - logits[y[r]!]!);
        for (let c = 0; c < k; c++) {
          const g = sw * (Math.exp(logits[c]! - logSum) - (y[r] === c ? 1 : 0));
          if (g === 0) continue;
          for (let j = 0; j < d; j++) grad[j * k + c]! += g * x.data[base + j]!;
          grad[d * k + c]! += g;
        }
      }
      for (let i = 0; i < d * k; i++) {
        loss += 0.5 * lambda * w[i]! * w[i]!;
        grad[i]! += lambda * w[i]!;
      }
      return loss;
    };

    const { solution, iterations } = minimizeLbfgs(objective, new Float64Array(size), this.params.maxIterations, this.params.tolerance);
    this.weights = solution;
    this.iterations = iterations;
  }

  async predictProba(x: Matrix): Promise<Float32Array> {
    const w = this.weights;
    if (!w) throw new Error('logistic: predictProba before fit');
    const k = this.classCount;
    const d = this.cols;
    const out = new Float32Array(x.rows * k);
    const logits = new Float64Array(k);
    for (let r = 0; r < x.rows; r++) {
      let max = -Infinity;
      for (let c = 0; c < k; c++) {
        let z = w[d * k + c]!;
        for (let j = 0; j < d; j++) z += x.data[r * d + j]! * w[j * k + c]!;
        logits[c] = z;
        if (z > max) max = z;
      }
      let sum = 0;
      for (let c = 0; c < k; c++) sum += Math.exp(logits[c]! - max);
      for (let c = 0; c < k; c++) out[r * k + c] = Math.exp(logits[c]! - max) / sum;
    }
    return out;
  }

  dispose(): void {
    this.weights = undefined;
  }
}

/**
 * Limited-memory BFGS (two-loop recursion, 10 pairs) with a backtracking Armijo line search.
 * `f(w, grad)` returns the objective and writes its gradient into `grad`.
 */
export function minimizeLbfgs(
  f: (w: Float64Array, grad: Float64Array) => number,
  start: Float64Array,
  maxIterations: number,
  tolerance: number,
): { solution: Float64Array; value: number; iterations: number } {
  const n = start.length;
  const memory = 10;
  const s: Float64Array[] = [];
  const yv: Float64Array[] = [];
  let w = Float64Array.from(start);
  let grad = new Float64Array(n);
  let value = f(w, grad);
  const dot = (a: Float64Array, b: Float64Array): number => {
    let t = 0;
    for (let i = 0; i < n; i++) t += a[i]! * b[i]!;
    return t;
  };
  let iterations = 0;
  for (; iterations < maxIterations; iterations++) {
    let gmax = 0;
    for (let i = 0; i < n; i++) gmax = Math.max(gmax, Math.abs(grad[i]!));
    if (gmax < tolerance) break;
    // Two-loop recursion: direction = -H * grad.
    const q = Float64Array.from(grad);
    const alphas: number[] = [];
    for (let m = s.length - 1; m >= 0; m--) {
      const rho = 1 / dot(yv[m]!, s[m]!);
      const a = rho * dot(s[m]!, q);
      alphas[m] = a;
      for (let i = 0; i < n; i++) q[i]! -= a * yv[m]![i]!;
    }
    const gamma = s.length > 0 ? dot(s[s.length - 1]!, yv[yv.length - 1]!) / dot(yv[yv.length - 1]!, yv[yv.length - 1]!) : 1 / Math.max(1, Math.sqrt(dot(grad, grad)));
    for (let i = 0; i < n; i++) q[i]! *= gamma;
    for (let m = 0; m < s.length; m++) {
      const rho = 1 / dot(yv[m]!, s[m]!);
      const b = rho * dot(yv[m]!, q);
      for (let i = 0; i < n; i++) q[i]! += s[m]![i]! * (alphas[m]! - b);
    }
    const direction = q.map((v) => -v);
    let slope = dot(grad, direction);
    if (slope >= 0) {
      // Not a descent direction (numerical trouble): restart from steepest descent.
      s.length = 0;
      yv.length = 0;
      for (let i = 0; i < n; i++) direction[i] = -grad[i]! / Math.max(1, Math.sqrt(dot(grad, grad)));
      slope = dot(grad, direction);
    }
    let step = 1;
    const next = new Float64Array(n);
    const nextGrad = new Float64Array(n);
    let nextValue = Infinity;
    for (let tries = 0; tries < 50; tries++) {
      for (let i = 0; i < n; i++) next[i] = w[i]! + step * direction[i]!;
      nextValue = f(next, nextGrad);
      if (nextValue <= value + 1e-4 * step * slope) break;
      step *= 0.5;
    }
    if (!(nextValue < value)) break; // no progress possible at float precision
    const sNew = new Float64Array(n);
    const yNew = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      sNew[i] = next[i]! - w[i]!;
      yNew[i] = nextGrad[i]! - grad[i]!;
    }
    if (dot(sNew, yNew) > 1e-12) {
      s.push(sNew);
      yv.push(yNew);
      if (s.length > memory) {
        s.shift();
        yv.shift();
      }
    }
    const converged = Math.abs(value - nextValue) <= 1e-12 * Math.max(1, Math.abs(value));
    w = next;
    grad = nextGrad;
    value = nextValue;
    if (converged) {
      iterations++;
      break;
    }
  }
  return { solution: w, value, iterations };
}

export const logisticFactory: ClassifierFactory = {
  name: 'logistic',
  description: 'L2-regularised multinomial logistic regression (C=1), L-BFGS; honours sample weights.',
  input: 'tabular',
  params: PARAMS,
  create(params) {
    return new LogisticRegression({ ...parseDeclaredParams('logistic', PARAMS, params), tolerance: DEFAULTS.tolerance });
  },
};
