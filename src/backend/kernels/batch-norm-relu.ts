/**
 * `BatchNormRelu` and its gradient `BatchNormReluGrad`: training-mode batch normalisation over the
 * rows of a [rows, channels] matrix followed by ReLU (a tabular GAN generator's residual block),
 * in one kernel each way. Fused kernels tfjs does not have, registered for wasm and cpu.
 *
 * Why: written with stock ops (moments, rsqrt, scale, shift, relu) this is ~16 kernels forward
 * and ~60 backward per block (tfjs-core's gradients of the broadcasting ops each reduce, reshape
 * and cast), plus a saved-tensor clone per input; CTGAN's generator ran ~190 kernel calls per
 * training step on its two blocks. Here it is one engine call each way.
 *
 * BatchNormRelu inputs: x [rows, channels], gamma [channels], beta [channels]; attribute epsilon.
 * Outputs: y = relu((x − mean)/√(variance + ε)·gamma + beta), mean, variance (biased, as tf.moments).
 * BatchNormReluGrad inputs: dy (of y), x, gamma, beta, and optionally the forward pass's mean and
 * variance (recomputed when absent). Outputs: dx, dgamma, dbeta, where with x̂ = (x − mean)/√(variance + ε),
 * g = dy ⊙ [pre-ReLU value > 0] and sums over rows:
 *   dbeta = Σ g;  dgamma = Σ g ⊙ x̂;  dx = gamma/√(variance + ε) · (g − dbeta/rows − x̂ · dgamma/rows).
 * The mean and variance outputs are statistics (for running averages) and pass no gradient back.
 *
 * On wasm with channels a multiple of 4, each is a few WebAssembly SIMD passes (wasm-simd.ts) that
 * perform the float32 operations of the chain of stock kernels below in the same order (same
 * bits, ~3x faster: no intermediate per operation); elsewhere that chain of the backend's own
 * kernels, called directly (none of the engine's per-op bookkeeping).
 */
import * as tf from '@tensorflow/tfjs';
import type { GradConfig, NamedAttrMap, TensorInfo } from '@tensorflow/tfjs';
import { BATCH_NORM_RELU, BATCH_NORM_RELU_GRAD } from '../../kernel-contracts.js';
import type { KernelCase } from './custom-kernel.js';
import { ownKernel, type KernelArgs } from './define-kernel.js';
import { KernelScope, type KernelCaller } from './kernel-call.js';
import { simdLoopsFor, type SimdLoops } from './wasm-simd.js';

function epsilonOf(attrs: NamedAttrMap | undefined): number {
  const e = Number(attrs?.['epsilon']);
  if (!(e > 0)) throw new Error(`${BATCH_NORM_RELU}: attribute epsilon must be positive`);
  return e;
}

function dims(x: TensorInfo | undefined, name: string): [number, number] {
  if (!x || x.shape.length !== 2) throw new Error(`${name}: expected a [rows, channels] input`);
  return [x.shape[0]!, x.shape[1]!];
}

/**
 * The batch statistics of x with the backend's own kernels: d = x − mean, variance, the per-channel
 * scale gamma/√(variance + ε) and invStd (SIMD on wasm; a JavaScript loop over the 128k values of
 * a CTGAN block is ~4x slower there).
 */
function statistics(s: KernelScope, x: TensorInfo, gamma: TensorInfo, eps: number, saved?: { mean: TensorInfo; variance: TensorInfo }): { mean: TensorInfo; variance: TensorInfo; d: TensorInfo; invStd: TensorInfo; scale: TensorInfo } {
  const mean = saved?.mean ?? s.op('Mean', { x }, { axis: [0], keepDims: false });
  const d = s.op('Sub', { a: x, b: mean });
  const variance = saved?.variance ?? s.op('Mean', { x: s.op('Square', { x: d }) }, { axis: [0], keepDims: false });
  const invStd = s.op('Rsqrt', { x: s.op('Add', { a: variance, b: s.scalar(eps) }) });
  const scale = s.op('Multiply', { a: invStd, b: gamma });
  return { mean, variance, d, invStd, scale };
}

function checkInputs(name: string, x: TensorInfo | undefined, gamma: TensorInfo | undefined, beta: TensorInfo | undefined): void {
  const [, ch] = dims(x, name);
  if (!gamma || !beta || gamma.shape.reduce((a, b) => a * b, 1) !== ch || beta.shape.reduce((a, b) => a * b, 1) !== ch) {
    throw new Error(`${name}: gamma and beta must have ${ch} values`);
  }
}

/** [y, mean, variance]. */
function forward(args: KernelArgs, k: KernelCaller): TensorInfo[] {
  const { x, gamma, beta } = args.inputs as Record<string, TensorInfo | undefined>;
  checkInputs(BATCH_NORM_RELU, x, gamma, beta);
  const loops = simdLoopsOf(k, x!);
  return loops ? simdForward(k, loops, x!, gamma!, beta!, epsilonOf(args.attrs)) : chainForward(k, x!, gamma!, beta!, epsilonOf(args.attrs));
}

/** [dx, dgamma, dbeta]. */
function backward(args: KernelArgs, k: KernelCaller): TensorInfo[] {
  const { dy, x, gamma, beta, mean, variance } = args.inputs as Record<string, TensorInfo | undefined>;
  checkInputs(BATCH_NORM_RELU_GRAD, x, gamma, beta);
  if (!dy) throw new Error(`${BATCH_NORM_RELU_GRAD} needs inputs dy, x, gamma and beta`);
  const loops = simdLoopsOf(k, x!);
  return loops ? simdBackward(k, loops, { dy, x: x!, gamma: gamma!, beta: beta!, mean, variance }, epsilonOf(args.attrs)) : chainBackward(k, args);
}

/** The SIMD loops, on wasm when the channels are a multiple of 4 (else the kernel chain). */
function simdLoopsOf(k: KernelCaller, x: TensorInfo): SimdLoops | null {
  return x.shape[1]! % 4 === 0 ? simdLoopsFor(k.backend) : null;
}

/**
 * The chain's per-channel arithmetic, each value rounded to float32 as its kernels stored it:
 * mean or variance = Σ / rows (in place), invStd = 1/√(variance + ε), scale = invStd·gamma.
 */
function divideByRows(sums: Float32Array, rows: number): void {
  for (let c = 0; c < sums.length; c++) sums[c] = sums[c]! / rows;
}

function channelScales(variance: Float32Array, gamma: Float32Array, eps: number, invStd: Float32Array, scale: Float32Array): void {
  const f = Math.fround;
  for (let c = 0; c < variance.length; c++) {
    invStd[c] = 1 / f(Math.sqrt(f(variance[c]! + f(eps))));
    scale[c] = invStd[c]! * gamma[c]!;
  }
}

const addressOf = (k: KernelCaller, t: TensorInfo): number => k.view(t).byteOffset;

/** Mean then variance of x's columns, with the SIMD sums (the chain's Mean: row order, float32). */
function simdMoments(k: KernelCaller, loops: SimdLoops, x: TensorInfo, mean: TensorInfo, variance: TensorInfo): void {
  const [rows, ch] = [x.shape[0]!, x.shape[1]!];
  const [mv, vv] = [k.view(mean) as Float32Array, k.view(variance) as Float32Array];
  mv.fill(0);
  loops.matrix('column_sums', [addressOf(k, x), mv.byteOffset], rows * ch, ch);
  divideByRows(mv, rows);
  vv.fill(0);
  loops.matrix('bn_sq_dev_sum', [addressOf(k, x), mv.byteOffset, vv.byteOffset], rows * ch, ch);
  divideByRows(vv, rows);
}

function simdForward(k: KernelCaller, loops: SimdLoops, x: TensorInfo, gamma: TensorInfo, beta: TensorInfo, eps: number): TensorInfo[] {
  const [rows, ch] = [x.shape[0]!, x.shape[1]!];
  const [y, mean, variance, invStd, scale] = [k.alloc([rows, ch]), k.alloc([ch]), k.alloc([ch]), k.alloc([ch]), k.alloc([ch])];
  try {
    simdMoments(k, loops, x, mean, variance);
    channelScales(k.view(variance) as Float32Array, k.view(gamma) as Float32Array, eps, k.view(invStd) as Float32Array, k.view(scale) as Float32Array);
    loops.matrix('bn_relu', [x, mean, scale, beta, y].map((t) => addressOf(k, t)), rows * ch, ch);
    return [y, mean, variance];
  } finally {
    k.free(invStd, scale);
  }
}

interface GradInputs {
  readonly dy: TensorInfo;
  readonly x: TensorInfo;
  readonly gamma: TensorInfo;
  readonly beta: TensorInfo;
  readonly mean: TensorInfo | undefined;
  readonly variance: TensorInfo | undefined;
}

function simdBackward(k: KernelCaller, loops: SimdLoops, t: GradInputs, eps: number): TensorInfo[] {
  const [rows, ch] = [t.x.shape[0]!, t.x.shape[1]!];
  const outs = [k.alloc([rows, ch]), k.alloc([...t.gamma.shape]), k.alloc([...t.gamma.shape])] as const;
  const [dx, dgamma, dbeta] = outs;
  const recompute = t.mean === undefined || t.variance === undefined;
  const temps = [k.alloc([ch]), k.alloc([ch]), k.alloc([ch]), k.alloc([ch]), ...(recompute ? [k.alloc([ch]), k.alloc([ch])] : [])];
  const [invStd, scale, meanG, meanGX] = temps as [TensorInfo, TensorInfo, TensorInfo, TensorInfo];
  try {
    // The forward pass's statistics when given, else recomputed the same way (either way the
    // same ReLU mask as the forward pass).
    const [mean, variance] = recompute ? [temps[4]!, temps[5]!] : [t.mean!, t.variance!];
    if (recompute) simdMoments(k, loops, t.x, mean, variance);
    channelScales(k.view(variance) as Float32Array, k.view(t.gamma) as Float32Array, eps, k.view(invStd) as Float32Array, k.view(scale) as Float32Array);
    const [dgv, dbv] = [k.view(dgamma), k.view(dbeta)];
    dgv.fill(0);
    dbv.fill(0);
    // g = dy ⊙ step(pre-ReLU value) goes into dx's buffer, then dx overwrites it in place.
    loops.matrix('bn_grad_sums', [t.x, mean, scale, t.beta, invStd, t.dy, dx, dbeta, dgamma].map((v) => addressOf(k, v)), rows * ch, ch);
    const inv = Math.fround(1 / rows);
    const [mg, mgx] = [k.view(meanG), k.view(meanGX)];
    for (let c = 0; c < ch; c++) {
      mg[c] = dbv[c]! * inv;
      mgx[c] = dgv[c]! * inv;
    }
    loops.matrix('bn_grad_dx', [t.x, mean, invStd, scale, meanG, meanGX, dx, dx].map((v) => addressOf(k, v)), rows * ch, ch);
    return [...outs];
  } finally {
    k.free(...temps);
  }
}

/** The same with a chain of the backend's own kernels (cpu, or channels not a multiple of 4). */
function chainForward(k: KernelCaller, x: TensorInfo, gamma: TensorInfo, beta: TensorInfo, eps: number): TensorInfo[] {
  const s = new KernelScope(k);
  try {
    const { mean, variance, d, scale } = statistics(s, x, gamma, eps);
    const y = s.op('Relu', { x: s.op('Add', { a: s.op('Multiply', { a: d, b: scale }), b: beta }) });
    return s.keep(y, mean, variance);
  } finally {
    s.free();
  }
}

function chainBackward(k: KernelCaller, args: KernelArgs): TensorInfo[] {
  const { dy, x, gamma, beta, mean, variance } = args.inputs as Record<string, TensorInfo | undefined>;
  const rows = x!.shape[0]!;
  const s = new KernelScope(k);
  try {
    // The forward pass's statistics when given, else recomputed by the same kernels (either way
    // the same ReLU mask as the forward pass).
    const { d, invStd, scale } = statistics(s, x!, gamma!, epsilonOf(args.attrs), mean && variance ? { mean, variance } : undefined);
    const pre = s.op('Add', { a: s.op('Multiply', { a: d, b: scale }), b: beta! });
    const g = s.op('Multiply', { a: dy!, b: s.op('Step', { x: pre }, { alpha: 0 }) });
    const xhat = s.op('Multiply', { a: d, b: invStd });
    const dbeta = s.op('Sum', { x: g }, { axis: [0], keepDims: false });
    const dgamma = s.op('Sum', { x: s.op('Multiply', { a: g, b: xhat }) }, { axis: [0], keepDims: false });
    const inv = s.scalar(1 / rows);
    const centred = s.op('Sub', { a: g, b: s.op('Multiply', { a: dbeta, b: inv }) });
    const dx = s.op('Multiply', { a: scale, b: s.op('Sub', { a: centred, b: s.op('Multiply', { a: xhat, b: s.op('Multiply', { a: dgamma, b: inv }) }) }) });
    const shaped = [dgamma, dbeta].map((t) => s.op('Reshape', { x: t }, { shape: [...gamma!.shape] }));
    return s.keep(dx, shaped[0]!, shaped[1]!);
  } finally {
    s.free();
  }
}

export const batchNormReluGradient: GradConfig = {
  kernelName: BATCH_NORM_RELU,
  inputsToSave: ['x', 'gamma', 'beta'],
  outputsToSave: [false, true, true],
  gradFunc: (dys, saved, attrs) => {
    const [x, gamma, beta, mean, variance] = saved as [tf.Tensor, tf.Tensor, tf.Tensor, tf.Tensor, tf.Tensor];
    const dy = (Array.isArray(dys) ? dys[0] : dys) as tf.Tensor;
    // Computed here, not lazily in one input's closure: the engine runs each closure in its own
    // tidy scope, which would dispose the other two outputs. Unused outputs are released with the
    // backward pass's scope.
    const [dx, dgamma, dbeta] = tf.engine().runKernel(BATCH_NORM_RELU_GRAD, { dy, x, gamma, beta, mean, variance }, attrs) as tf.Tensor[];
    return { x: () => dx!, gamma: () => dgamma!, beta: () => dbeta! };
  },
};

/** BatchNormRelu with stock ops (the self-test's reference). */
export function batchNormReluReference(inputs: Readonly<Record<string, tf.Tensor>>, attrs: NamedAttrMap): tf.Tensor[] {
  const { x, gamma, beta } = inputs as Record<string, tf.Tensor>;
  const m = tf.moments(x!, 0);
  const normed = tf.add(tf.mul(tf.div(tf.sub(x!, m.mean), tf.sqrt(tf.add(m.variance, epsilonOf(attrs)))), gamma!), beta!);
  return [tf.relu(normed), m.mean, m.variance];
}

/** BatchNormReluGrad via tf.grads of the reference (dy flows into y only). */
function batchNormReluGradReference(inputs: Readonly<Record<string, tf.Tensor>>, attrs: NamedAttrMap): tf.Tensor[] {
  const { dy, x, gamma, beta } = inputs as Record<string, tf.Tensor>;
  const f = (xx: tf.Tensor, gg: tf.Tensor, bb: tf.Tensor): tf.Tensor => tf.sum(tf.mul(batchNormReluReference({ x: xx, gamma: gg, beta: bb }, attrs)[0]!, dy!));
  return tf.grads(f)([x!, gamma!, beta!]);
}

// 8 channels take the SIMD loops on wasm, 5 and 3 the kernel chain.
const CASES: KernelCase[] = [
  { inputs: { x: [9, 8], gamma: [8], beta: [8] }, attrs: { epsilon: 1e-5 } },
  { inputs: { x: [9, 5], gamma: [5], beta: [5] }, attrs: { epsilon: 1e-5 } },
  { inputs: { x: [4, 3], gamma: [3], beta: [3] }, attrs: { epsilon: 1e-3 } },
];

export const batchNormReluGrad = ownKernel({
  id: 'BatchNormReluGrad',
  kernelName: BATCH_NORM_RELU_GRAD,
  kernelFunc: backward,
  selfTestCases: [
    { inputs: { dy: [9, 8], x: [9, 8], gamma: [8], beta: [8] }, attrs: { epsilon: 1e-5 } },
    { inputs: { dy: [9, 5], x: [9, 5], gamma: [5], beta: [5] }, attrs: { epsilon: 1e-5 } },
    { inputs: { dy: [4, 3], x: [4, 3], gamma: [3], beta: [3] }, attrs: { epsilon: 1e-3 } },
  ],
  reference: batchNormReluGradReference,
});

export const batchNormRelu = ownKernel({
  id: 'BatchNormRelu(training)',
  kernelName: BATCH_NORM_RELU,
  kernelFunc: forward,
  selfTestCases: CASES,
  reference: batchNormReluReference,
});
