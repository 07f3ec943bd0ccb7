/**
 * `FusedAdam`: one Adam step (with L2 weight decay added to the gradient, as PyTorch's
 * `Adam(weight_decay=...)`) of one variable in one kernel, optionally with a running average of
 * the updated weights. A fused kernel tfjs does not have, registered for wasm and cpu.
 *
 * Why: written with stock ops, one Adam step is ~17 element-wise kernels per variable (plus the
 * engine's bookkeeping for each); CTGAN's 16 variables made ~300 kernel calls per training step,
 * more time than the arithmetic. Here it is one pass over the values.
 *
 * Inputs: x, g, m, v (same shape), and optionally `average`. Attributes: lr, beta1, beta2, epsilon,
 * weightDecay, step (the step number t ≥ 1; bias corrections 1 − βᵗ are computed in float64 from
 * it) and averageDecay (when `average` is given). Outputs: [x', m', v'] (+ average').
 *   g' = g + weightDecay·x;  m' = β₁m + (1−β₁)g';  v' = β₂v + (1−β₂)g'²
 *   x' = x − lr · (m'/(1−β₁ᵗ)) / (√(v'/(1−β₂ᵗ)) + ε);  average' = d·average + (1−d)·x'
 * Not differentiable (an optimizer step runs outside any gradient tape).
 */
import * as tf from '@tensorflow/tfjs';
import type { NamedAttrMap, TensorInfo } from '@tensorflow/tfjs';
import { FUSED_ADAM, type FusedAdamAttrs } from '../../kernel-contracts.js';
import type { KernelCase } from './custom-kernel.js';
import { ownKernel, type KernelArgs } from './define-kernel.js';
import type { KernelCaller } from './kernel-call.js';
import { simdLoopsFor, type SimdLoops } from './wasm-simd.js';

function readAttrs(attrs: NamedAttrMap | undefined): FusedAdamAttrs {
  const a = attrs ?? {};
  const num = (name: string, fallback?: number): number => {
    const v = a[name] ?? fallback;
    if (typeof v !== 'number' || !Number.isFinite(v)) throw new Error(`${FUSED_ADAM}: attribute ${name} must be a finite number`);
    return v;
  };
  return { lr: num('lr'), beta1: num('beta1'), beta2: num('beta2'), epsilon: num('epsilon'), weightDecay: num('weightDecay', 0), step: num('step'), averageDecay: num('averageDecay', 0) };
}

/** One Adam step of one variable: [x', m', v'] (+ average'). */
function adamStep(args: KernelArgs, k: KernelCaller): TensorInfo[] {
  const { x, g, m, v, average } = args.inputs as Record<string, TensorInfo | undefined>;
  if (!x || !g || !m || !v) throw new Error(`${FUSED_ADAM} needs inputs x, g, m and v`);
  const size = x.shape.reduce((p, d) => p * d, 1);
  for (const t of [g, m, v, average]) {
    if (t && t.shape.reduce((p, d) => p * d, 1) !== size) throw new Error(`${FUSED_ADAM}: inputs must all have x's shape [${x.shape.join(', ')}]`);
  }
  const { lr, beta1, beta2, epsilon, weightDecay, step, averageDecay } = readAttrs(args.attrs);
  const c1 = 1 - beta1 ** step;
  const c2 = 1 - beta2 ** step;
  if (size >= COMPOSE_FROM_SIZE) {
    const loops = simdLoopsFor(k.backend);
    const a = { lr, beta1, beta2, epsilon, weightDecay, step, averageDecay };
    return loops ? simdStep(k, loops, x, g, m, v, average, a) : composedStep(k, x, g, m, v, average, a);
  }
  // Allocate every output before taking any view: an allocation can grow (and detach) the wasm heap.
  const outs = (average ? [x, m, v, average] : [x, m, v]).map((t) => k.alloc([...t.shape]));
  const [xv, gv, mv, vv] = [k.view(x), k.view(g), k.view(m), k.view(v)];
  const [xo, mo, vo] = [k.view(outs[0]!), k.view(outs[1]!), k.view(outs[2]!)];
  const av = average ? k.view(average) : undefined;
  const ao = average ? k.view(outs[3]!) : undefined;
  const b1c = 1 - beta1;
  const b2c = 1 - beta2;
  for (let i = 0; i < size; i++) {
    const xi = xv[i]!;
    const gi = gv[i]! + weightDecay * xi;
    const mi = beta1 * mv[i]! + b1c * gi;
    const vi = beta2 * vv[i]! + b2c * gi * gi;
    mo[i] = mi;
    vo[i] = vi;
    const xn = Math.fround(xi - (lr * (mi / c1)) / (Math.sqrt(vi / c2) + epsilon));
    xo[i] = xn;
    if (av && ao) ao[i] = averageDecay * av[i]! + (1 - averageDecay) * xn;
  }
  return outs;
}

/**
 * From this many elements on, the step runs as a chain of the backend's own element-wise kernels
 * (SIMD on wasm, called directly: no engine bookkeeping) rather than a scalar JavaScript loop, which
 * is ~2x slower per element there (e.g. a 1320x256 weight matrix); below it the loop wins, as it
 * costs nothing per call.
 */
const COMPOSE_FROM_SIZE = 16384;

/**
 * The composed chain's arithmetic in one WebAssembly SIMD pass (wasm-simd.ts): the same float32
 * operations in the same order, so the same bits, without its 16 kernels and their intermediates.
 * The last size mod 4 values take the same operations in JavaScript, each rounded to float32.
 */
function simdStep(k: KernelCaller, loops: SimdLoops, x: TensorInfo, g: TensorInfo, m: TensorInfo, v: TensorInfo, average: TensorInfo | undefined, a: FusedAdamAttrs): TensorInfo[] {
  const outs = (average ? [x, m, v, average] : [x, m, v]).map((t) => k.alloc([...t.shape]));
  const [xv, gv, mv, vv, xo, mo, vo] = [x, g, m, v, ...outs.slice(0, 3)].map((t) => k.view(t!) as Float32Array) as Float32Array[];
  const av = average ? (k.view(average) as Float32Array) : undefined;
  const ao = average ? (k.view(outs[3]!) as Float32Array) : undefined;
  const size = xv!.length;
  const vectorised = size - (size % 4);
  const scalars = { weightDecay: a.weightDecay, beta1: a.beta1, beta2: a.beta2, invCorrection2: 1 / (1 - a.beta2 ** a.step), epsilon: a.epsilon, lrCorrected: a.lr / (1 - a.beta1 ** a.step) };
  const at = (t: Float32Array): number => t.byteOffset;
  loops.adam({ x: at(xv!), g: at(gv!), m: at(mv!), v: at(vv!), xo: at(xo!), mo: at(mo!), vo: at(vo!), ...(av && ao ? { average: { a: at(av), ao: at(ao), decay: a.averageDecay } } : {}) }, vectorised, scalars);
  const f = Math.fround;
  const [wd, b1, b1c, b2, b2c, ic2, eps, lrc] = [a.weightDecay, a.beta1, 1 - a.beta1, a.beta2, 1 - a.beta2, scalars.invCorrection2, a.epsilon, scalars.lrCorrected].map(f) as number[];
  for (let i = vectorised; i < size; i++) {
    const grad = a.weightDecay !== 0 ? f(gv![i]! + f(xv![i]! * wd!)) : gv![i]!;
    const m1 = f(f(mv![i]! * b1!) + f(grad * b1c!));
    const v1 = f(f(vv![i]! * b2!) + f(f(grad * grad) * b2c!));
    const x1 = f(xv![i]! - f(f(m1 * lrc!) / f(f(Math.sqrt(f(v1 * ic2!))) + eps!)));
    mo![i] = m1;
    vo![i] = v1;
    xo![i] = x1;
    if (av && ao) ao[i] = f(f(av[i]! * f(a.averageDecay)) + f(x1 * f(1 - a.averageDecay)));
  }
  return outs;
}

function composedStep(k: KernelCaller, x: TensorInfo, g: TensorInfo, m: TensorInfo, v: TensorInfo, average: TensorInfo | undefined, a: FusedAdamAttrs): TensorInfo[] {
  const temps: TensorInfo[] = [];
  const scalar = (value: number): TensorInfo => {
    const t = k.alloc([]);
    k.view(t)[0] = value;
    temps.push(t);
    return t;
  };
  const op = (name: string, lhs: TensorInfo, rhs?: TensorInfo): TensorInfo => {
    const out = k.run(name, rhs ? { a: lhs, b: rhs } : { x: lhs });
    temps.push(out);
    return out;
  };
  const outs: TensorInfo[] = [];
  try {
    const grad = a.weightDecay !== 0 ? op('Add', g, op('Multiply', x, scalar(a.weightDecay))) : g;
    const m1 = op('Add', op('Multiply', m, scalar(a.beta1)), op('Multiply', grad, scalar(1 - a.beta1)));
    const v1 = op('Add', op('Multiply', v, scalar(a.beta2)), op('Multiply', op('Square', grad), scalar(1 - a.beta2)));
    const denominator = op('Add', op('Sqrt', op('Multiply', v1, scalar(1 / (1 - a.beta2 ** a.step)))), scalar(a.epsilon));
    const update = op('RealDiv', op('Multiply', m1, scalar(a.lr / (1 - a.beta1 ** a.step))), denominator);
    const x1 = op('Sub', x, update);
    outs.push(x1, m1, v1);
    if (average) outs.push(op('Add', op('Multiply', average, scalar(a.averageDecay)), op('Multiply', x1, scalar(1 - a.averageDecay))));
    return outs;
  } finally {
    // Free the intermediates (outputs are in temps too; on error, free those as well).
    const keep = new Set<TensorInfo>(outs.length >= 3 ? outs : []);
    k.free(...temps.filter((t) => !keep.has(t)));
  }
}

/** The same step with stock ops (the fallback where the kernel is missing, and the self-test's reference). */
function adamReference(inputs: Readonly<Record<string, tf.Tensor>>, attrs: NamedAttrMap): tf.Tensor[] {
  const { lr, beta1, beta2, epsilon, weightDecay, step, averageDecay } = readAttrs(attrs);
  const { x, g, m, v, average } = inputs as Record<string, tf.Tensor>;
  const grad = tf.add(g!, tf.mul(x!, weightDecay));
  const m1 = tf.add(tf.mul(m!, beta1), tf.mul(grad, 1 - beta1));
  const v1 = tf.add(tf.mul(v!, beta2), tf.mul(tf.square(grad), 1 - beta2));
  const update = tf.div(tf.div(m1, 1 - beta1 ** step), tf.add(tf.sqrt(tf.div(v1, 1 - beta2 ** step)), epsilon));
  const x1 = tf.sub(x!, tf.mul(update, lr));
  const outs = [x1, m1, v1];
  if (average) outs.push(tf.add(tf.mul(average, averageDecay), tf.mul(x1, 1 - averageDecay)));
  return outs;
}

const ATTRS = { lr: 0.01, beta1: 0.5, beta2: 0.9, epsilon: 1e-8, weightDecay: 1e-3, step: 3 };
const CASES: KernelCase[] = [
  { inputs: { x: [7, 5], g: [7, 5], m: [7, 5], v: [7, 5] }, attrs: ATTRS },
  { inputs: { x: [130, 131], g: [130, 131], m: [130, 131], v: [130, 131], average: [130, 131] }, attrs: { ...ATTRS, averageDecay: 0.8 } },
  { inputs: { x: [9], g: [9], m: [9], v: [9], average: [9] }, attrs: { ...ATTRS, step: 1, averageDecay: 0.9 } },
];

export const fusedAdam = ownKernel({
  id: 'FusedAdam(one pass)',
  kernelName: FUSED_ADAM,
  kernelFunc: adamStep,
  selfTestCases: CASES,
  reference: adamReference,
  // v is a running mean of squares: never negative.
  sampleInput: (name, shape, rng) => Float32Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => (name === 'v' ? rng.next() : rng.normal())),
});
