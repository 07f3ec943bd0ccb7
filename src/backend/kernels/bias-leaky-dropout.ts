/**
 * `BiasLeakyDropout` and its gradient `BiasLeakyDropoutGrad`: the image discriminator's
 * conv bias + LeakyReLU + dropout (plugins/dcgan) in one kernel each way. Fused kernels tfjs does
 * not have, registered for wasm and cpu.
 *
 * Why: as stock ops this is an Add (broadcast bias), the gate drawn in JavaScript (the
 * activation read out of the heap, ~2.6 ms per 802k values, and the gate written back) and a
 * Multiply forward; a Multiply and a Sum (the bias gradient) backward, each a pass over the
 * activation and a tape node. Here the forward pass is one WebAssembly loop (pre = x + bias, the
 * gate's xoshiro128** words drawn in wasm, y = pre · gate) and the backward one (dx = dy · gate,
 * the bias sums in row order).
 *
 * BiasLeakyDropout inputs: x [..., C], bias [C]; attributes alpha, rate, seed. Outputs y = pre · gate
 * and gate = (pre > 0 ? 1 : alpha) · mask, pre = x + bias, mask as leaky-dropout-gate.ts draws it.
 * BiasLeakyDropoutGrad inputs: dy, gate. Outputs dx = dy · gate and dbias = Σ dx over all but the
 * last axis.
 *
 * Same bits as the stock chain (Add, Multiply; Multiply, Sum): each value is the same float32
 * operation, the sums run per channel in row order from 0 as the backend's Sum does (in float32
 * on wasm, in float64 rounded once on cpu), and the gate is the same stream (the tests compare
 * both bit for bit).
 */
import * as tf from '@tensorflow/tfjs';
import type { GradConfig, NamedAttrMap, TensorInfo } from '@tensorflow/tfjs';
import { BIAS_LEAKY_DROPOUT, BIAS_LEAKY_DROPOUT_GRAD } from '../../kernel-contracts.js';
import { ownKernel, type KernelArgs } from './define-kernel.js';
import type { KernelCaller } from './kernel-call.js';
import { seedWords } from '../../random.js';
import { dropoutConstants, fillLeakyDropoutGate } from './leaky-dropout-gate.js';
import { simdLoopsFor, type SimdLoops } from './wasm-simd.js';

interface GateAttrs {
  readonly alpha: number;
  readonly rate: number;
  readonly seed: number;
}

function gateAttrs(attrs: NamedAttrMap | undefined): GateAttrs {
  const [alpha, rate, seed] = ['alpha', 'rate', 'seed'].map((key) => Number(attrs?.[key]));
  if (!Number.isFinite(alpha) || !(rate! >= 0 && rate! < 1) || !Number.isInteger(seed)) throw new Error(`${BIAS_LEAKY_DROPOUT}: attributes alpha, rate in [0, 1) and an integer seed are required`);
  return { alpha: alpha!, rate: rate!, seed: seed! };
}

/** The channel count (the last axis), checking that `perChannel` has that many values. */
function channelsOf(name: string, x: TensorInfo | undefined, perChannel: TensorInfo | undefined, perChannelName: string): number {
  if (!x || x.shape.length === 0 || !perChannel) throw new Error(`${name}: needs an input with a channel axis and ${perChannelName}`);
  const ch = x.shape[x.shape.length - 1]!;
  if (perChannel.shape.reduce((a, b) => a * b, 1) !== ch) throw new Error(`${name}: ${perChannelName} must have ${ch} values`);
  return ch;
}

const sizeOf = (t: TensorInfo): number => t.shape.reduce((a, b) => a * b, 1);

/** The SIMD loops, on wasm when the channels are a multiple of 4 (else JavaScript loops). */
function loopsFor(k: KernelCaller, x: TensorInfo, ch: number): SimdLoops | null {
  return ch % 4 === 0 && sizeOf(x) > 0 ? simdLoopsFor(k.backend) : null;
}

/** [y, gate]. */
function forward(args: KernelArgs, k: KernelCaller): TensorInfo[] {
  const { x, bias } = args.inputs as Record<string, TensorInfo | undefined>;
  const ch = channelsOf(BIAS_LEAKY_DROPOUT, x, bias, 'bias');
  const a = gateAttrs(args.attrs);
  const n = sizeOf(x!);
  const [y, gate] = [k.alloc([...x!.shape]), k.alloc([...x!.shape])];
  const [xv, bv, yv, gv] = [k.view(x!), k.view(bias!), k.view(y), k.view(gate)] as Float32Array[];
  const loops = loopsFor(k, x!, ch);
  if (loops) {
    loops.biasLeakyDropout({ x: xv!.byteOffset, bias: bv!.byteOffset, y: yv!.byteOffset, gate: gv!.byteOffset }, n, ch, seedWords(a.seed), dropoutConstants(a.alpha, a.rate));
    return [y, gate];
  }
  // pre into y's buffer (float32, as the Add stores it), the gate from it, then y = pre · gate.
  for (let i = 0, c = 0; i < n; i++, c = c + 1 === ch ? 0 : c + 1) yv![i] = xv![i]! + bv![c]!;
  fillLeakyDropoutGate(yv!, gv!, a.alpha, a.rate, a.seed);
  for (let i = 0; i < n; i++) yv![i] = yv![i]! * gv![i]!;
  return [y, gate];
}

/** [dx, dbias]. */
function backward(args: KernelArgs, k: KernelCaller): TensorInfo[] {
  const { dy, gate } = args.inputs as Record<string, TensorInfo | undefined>;
  if (!dy || !gate || dy.shape.join('x') !== gate.shape.join('x')) throw new Error(`${BIAS_LEAKY_DROPOUT_GRAD}: dy and gate must have one shape`);
  const ch = dy.shape[dy.shape.length - 1] ?? 1;
  const n = sizeOf(dy);
  const [dx, dbias] = [k.alloc([...dy.shape]), k.alloc([ch])];
  const [dyv, gv, dxv, dbv] = [k.view(dy), k.view(gate), k.view(dx), k.view(dbias)] as Float32Array[];
  dbv!.fill(0);
  const loops = loopsFor(k, dy, ch);
  if (loops) {
    loops.matrix('gate_grad_sums', [dyv!.byteOffset, gv!.byteOffset, dxv!.byteOffset, dbv!.byteOffset], n, ch);
    return [dx, dbias];
  }
  // The stock Sum's accumulator: float32 on wasm, a JavaScript number (float64) on cpu.
  const sums = k.backendName === 'cpu' ? new Float64Array(ch) : dbv!;
  for (let i = 0, c = 0; i < n; i++, c = c + 1 === ch ? 0 : c + 1) {
    dxv![i] = dyv![i]! * gv![i]!;
    sums[c] = sums[c]! + dxv![i]!;
  }
  if (sums !== dbv) dbv!.set(sums);
  return [dx, dbias];
}

export const biasLeakyDropoutGradient: GradConfig = {
  kernelName: BIAS_LEAKY_DROPOUT,
  outputsToSave: [false, true],
  gradFunc: (dys, saved) => {
    const [gate] = saved as [tf.Tensor];
    const dy = (Array.isArray(dys) ? dys[0] : dys) as tf.Tensor;
    // Both computed here (one kernel); the unused one is released with the backward pass's scope.
    const [dx, dbias] = tf.engine().runKernel(BIAS_LEAKY_DROPOUT_GRAD, { dy, gate: gate! }) as tf.Tensor[];
    return { x: () => dx!, bias: () => dbias! };
  },
};

/** BiasLeakyDropout with stock ops and the JavaScript gate (the self-test's reference). */
export function biasLeakyDropoutReference(inputs: Readonly<Record<string, tf.Tensor>>, attrs: NamedAttrMap): tf.Tensor[] {
  const { x, bias } = inputs as Record<string, tf.Tensor>;
  const a = gateAttrs(attrs);
  const pre = tf.add(x!, bias!);
  const gateValues = new Float32Array(pre.size);
  fillLeakyDropoutGate(pre.dataSync(), gateValues, a.alpha, a.rate, a.seed);
  const gate = tf.tensor(gateValues, pre.shape, 'float32');
  return [tf.mul(pre, gate), gate];
}

/** BiasLeakyDropoutGrad with stock ops: the Multiply's gradient, then the bias Add's Sum. */
export function biasLeakyDropoutGradReference(inputs: Readonly<Record<string, tf.Tensor>>): tf.Tensor[] {
  const { dy, gate } = inputs as Record<string, tf.Tensor>;
  const dx = tf.mul(dy!, gate!);
  const axes = dx.shape.slice(0, -1).map((_, i) => i);
  return [dx, tf.reshape(tf.sum(dx, axes), [dx.shape[dx.shape.length - 1]!])];
}

// 8 channels take the SIMD loop on wasm; 3 the JavaScript one (9 values: the last from a half-used draw).
export const biasLeakyDropout = ownKernel({
  id: 'BiasLeakyDropout',
  kernelName: BIAS_LEAKY_DROPOUT,
  kernelFunc: forward,
  selfTestCases: [
    { inputs: { x: [2, 5, 8], bias: [8] }, attrs: { alpha: 0.2, rate: 0.3, seed: 17 } },
    { inputs: { x: [3, 3], bias: [3] }, attrs: { alpha: 0.1, rate: 0.5, seed: 5 } },
  ],
  reference: biasLeakyDropoutReference,
});

export const biasLeakyDropoutGrad = ownKernel({
  id: 'BiasLeakyDropoutGrad',
  kernelName: BIAS_LEAKY_DROPOUT_GRAD,
  kernelFunc: backward,
  selfTestCases: [
    { inputs: { dy: [2, 5, 8], gate: [2, 5, 8] }, attrs: {} },
    { inputs: { dy: [3, 3], gate: [3, 3] }, attrs: {} },
  ],
  reference: biasLeakyDropoutGradReference,
});
