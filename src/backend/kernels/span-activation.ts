/**
 * `SpanActivation` and its gradient `SpanActivationGrad`: a tabular GAN generator's output
 * activation, per column span — tanh for scalar spans, Gumbel-softmax for one-hot spans — in one
 * kernel each way. Fused kernels tfjs does not have, registered for wasm and cpu.
 *
 * Why: with stock ops this is a noise transform, a split into every span (~27 for a typical
 * table), one tanh or softmax per span and a concat, and about five times as many kernels in the
 * backward pass (each softmax gradient alone is four); CTGAN ran ~200 kernel calls per training
 * step on it. Here: one pass forward, one backward.
 *
 * SpanActivation inputs: logits [rows, width], noise [rows, width] (uniform in (0, 1), read only in
 * softmax spans). Attributes: starts, widths (the spans, covering the columns in order), softmax
 * (1 for a Gumbel-softmax span, 0 for tanh), tau (softmax temperature).
 *   tanh span:    y = tanh(logits)
 *   softmax span: y = softmax((logits + G) / tau), G = −log(−log(u)), u = noise clipped to [1e-10, 1 − 2⁻²³]
 * SpanActivationGrad inputs: dy, y (the forward output). Output: d logits —
 *   tanh: dy·(1 − y²);  softmax: y·(dy − Σ_span dy·y) / tau.
 */
import * as tf from '@tensorflow/tfjs';
import type { GradConfig, NamedAttrMap, TensorInfo } from '@tensorflow/tfjs';
import { GUMBEL_NOISE_MAX, GUMBEL_NOISE_MIN, SPAN_ACTIVATION, SPAN_ACTIVATION_GRAD } from '../../kernel-contracts.js';
import type { KernelCase } from './custom-kernel.js';
import { ownKernel, type KernelArgs } from './define-kernel.js';
import type { KernelCaller, Numeric } from './kernel-call.js';
import { simdLoopsFor, type SimdLoops } from './wasm-simd.js';

interface Spans {
  readonly starts: readonly number[];
  readonly widths: readonly number[];
  readonly softmax: readonly number[];
  readonly tau: number;
}

function readSpans(attrs: NamedAttrMap | undefined, width: number): Spans {
  const a = attrs ?? {};
  const list = (name: string): number[] => {
    const v = a[name];
    if (!Array.isArray(v) || v.some((x) => typeof x !== 'number')) throw new Error(`${SPAN_ACTIVATION}: attribute ${name} must be a number array`);
    return v as number[];
  };
  const starts = list('starts');
  const widths = list('widths');
  const softmax = list('softmax');
  const tau = Number(a['tau']);
  if (starts.length !== widths.length || starts.length !== softmax.length) throw new Error(`${SPAN_ACTIVATION}: starts, widths and softmax differ in length`);
  let next = 0;
  starts.forEach((s, i) => {
    if (s !== next || widths[i]! < 1) throw new Error(`${SPAN_ACTIVATION}: spans must cover the columns in order`);
    next += widths[i]!;
  });
  if (next !== width) throw new Error(`${SPAN_ACTIVATION}: spans cover ${next} columns, the input has ${width}`);
  if (!(tau > 0)) throw new Error(`${SPAN_ACTIVATION}: tau must be positive`);
  return { starts, widths, softmax, tau };
}

/** `logLogU` holds log(−log(u)) = −G for the clipped noise u (only read in softmax spans). */
function activate(logits: Numeric, logLogU: Numeric, rows: number, width: number, s: Spans, out: Numeric): void {
  const e = new Float64Array(width);
  for (let r = 0; r < rows; r++) {
    const base = r * width;
    for (let p = 0; p < s.starts.length; p++) {
      const start = base + s.starts[p]!;
      const w = s.widths[p]!;
      if (s.softmax[p] !== 1) {
        for (let j = start; j < start + w; j++) out[j] = Math.tanh(logits[j]!);
        continue;
      }
      let max = -Infinity;
      for (let j = 0; j < w; j++) {
        const z = (logits[start + j]! - logLogU[start + j]!) / s.tau;
        e[j] = z;
        if (z > max) max = z;
      }
      let sum = 0;
      for (let j = 0; j < w; j++) {
        e[j] = Math.exp(e[j]! - max);
        sum += e[j]!;
      }
      for (let j = 0; j < w; j++) out[start + j] = e[j]! / sum;
    }
  }
}

/**
 * `activate` on tfjs-wasm's memory: the softmax spans through wasm-simd.ts's `softmax_rows` (the
 * same operations in f64, and fdlibm's exp, `Math.exp`'s bits: ~1.6x faster than this loop in
 * JavaScript), the tanh spans here.
 */
function activateOnWasm(k: KernelCaller, loops: SimdLoops, logits: TensorInfo, logLogU: TensorInfo, rows: number, width: number, s: Spans, out: TensorInfo): void {
  const widest = Math.max(...s.widths.filter((_, p) => s.softmax[p] === 1), 0);
  const scratch = k.alloc([2 * Math.max(1, widest)]);
  try {
    // Views after the allocation, which can grow (and so detach) the heap.
    const [lv, nv, ov, at] = [k.view(logits), k.view(logLogU), k.view(out), k.view(scratch).byteOffset];
    s.starts.forEach((start, p) => {
      const w = s.widths[p]!;
      if (s.softmax[p] === 1) {
        loops.softmaxRows(lv.byteOffset + start * 4, nv.byteOffset + start * 4, ov.byteOffset + start * 4, at, rows, width * 4, w, s.tau);
        return;
      }
      for (let r = 0; r < rows; r++) for (let j = r * width + start; j < r * width + start + w; j++) ov[j] = Math.tanh(lv[j]!);
    });
  } finally {
    k.free(scratch);
  }
}

function activateGrad(dy: Numeric, y: Numeric, rows: number, width: number, s: Spans, out: Numeric): void {
  for (let r = 0; r < rows; r++) {
    const base = r * width;
    for (let p = 0; p < s.starts.length; p++) {
      const start = base + s.starts[p]!;
      const end = start + s.widths[p]!;
      if (s.softmax[p] !== 1) {
        for (let j = start; j < end; j++) out[j] = dy[j]! * (1 - y[j]! * y[j]!);
        continue;
      }
      let dot = 0;
      for (let j = start; j < end; j++) dot += dy[j]! * y[j]!;
      for (let j = start; j < end; j++) out[j] = (y[j]! * (dy[j]! - dot)) / s.tau;
    }
  }
}

function rowsAndWidth(x: TensorInfo): [number, number] {
  if (x.shape.length !== 2) throw new Error(`${SPAN_ACTIVATION}: expected a [rows, width] tensor, got [${x.shape.join(', ')}]`);
  return [x.shape[0]!, x.shape[1]!];
}

/** The activated [rows, width] output. */
function forward(args: KernelArgs, k: KernelCaller): TensorInfo {
  const { logits, noise } = args.inputs as Record<string, TensorInfo | undefined>;
  if (!logits || !noise) throw new Error(`${SPAN_ACTIVATION} needs inputs logits and noise`);
  const [rows, width] = rowsAndWidth(logits);
  if (noise.shape.join() !== logits.shape.join()) throw new Error(`${SPAN_ACTIVATION}: noise must have the logits' shape`);
  const spans = readSpans(args.attrs, width);
  // The Gumbel transform with the backend's own (SIMD on wasm) kernels: two logarithms per
  // element cost ~3x more as a JavaScript loop than the rest of the activation.
  const clipped = k.run('ClipByValue', { x: noise }, { clipValueMin: GUMBEL_NOISE_MIN, clipValueMax: GUMBEL_NOISE_MAX });
  const logU = k.run('Log', { x: clipped });
  const minusLogU = k.run('Neg', { x: logU });
  const logLogU = k.run('Log', { x: minusLogU });
  try {
    const out = k.alloc([rows, width]);
    const loops = logits.dtype === 'float32' ? simdLoopsFor(k.backend) : null;
    if (loops) activateOnWasm(k, loops, logits, logLogU, rows, width, spans, out);
    else activate(k.view(logits), k.view(logLogU), rows, width, spans, k.view(out));
    return out;
  } finally {
    k.free(clipped, logU, minusLogU, logLogU);
  }
}

/** d logits. */
function backward(args: KernelArgs, k: KernelCaller): TensorInfo {
  const { dy, y } = args.inputs as Record<string, TensorInfo | undefined>;
  if (!dy || !y) throw new Error(`${SPAN_ACTIVATION_GRAD} needs inputs dy and y`);
  const [rows, width] = rowsAndWidth(y);
  const spans = readSpans(args.attrs, width);
  const out = k.alloc([rows, width]);
  activateGrad(k.view(dy), k.view(y), rows, width, spans, k.view(out));
  return out;
}

/** d logits from the saved output; the noise gets no gradient (it is a random draw). */
export const spanActivationGradient: GradConfig = {
  kernelName: SPAN_ACTIVATION,
  outputsToSave: [true],
  gradFunc: (dy, saved, attrs) => {
    const y = saved[0]!;
    return {
      logits: () => tf.engine().runKernel(SPAN_ACTIVATION_GRAD, { dy: dy as tf.Tensor, y }, attrs) as tf.Tensor,
      noise: () => tf.zerosLike(y),
    };
  },
};

/** Split the columns into spans, for the stock-op references. */
function pieces(x: tf.Tensor, s: Spans): tf.Tensor[] {
  return tf.split(x, [...s.widths], 1);
}

/** SpanActivation with stock ops (the self-test's reference). */
export function spanActivationReference(inputs: Readonly<Record<string, tf.Tensor>>, attrs: NamedAttrMap): tf.Tensor[] {
  const logits = inputs['logits']!;
  const s = readSpans(attrs, logits.shape[1]!);
  const gumbel = tf.neg(tf.log(tf.neg(tf.log(tf.clipByValue(inputs['noise']!, GUMBEL_NOISE_MIN, GUMBEL_NOISE_MAX)))));
  const l = pieces(logits, s);
  const g = pieces(gumbel, s);
  return [tf.concat(l.map((p, i) => (s.softmax[i] === 1 ? tf.softmax(tf.div(tf.add(p, g[i]!), s.tau)) : tf.tanh(p))), 1)];
}

/** SpanActivationGrad with stock ops (the self-test's reference). */
function spanActivationGradReference(inputs: Readonly<Record<string, tf.Tensor>>, attrs: NamedAttrMap): tf.Tensor[] {
  const y = inputs['y']!;
  const s = readSpans(attrs, y.shape[1]!);
  const ys = pieces(y, s);
  const dys = pieces(inputs['dy']!, s);
  return [
    tf.concat(
      ys.map((yp, i) =>
        s.softmax[i] === 1
          ? tf.div(tf.mul(yp, tf.sub(dys[i]!, tf.sum(tf.mul(dys[i]!, yp), 1, true))), s.tau)
          : tf.mul(dys[i]!, tf.sub(1, tf.square(yp))),
      ),
      1,
    ),
  ];
}

const SPANS = { starts: [0, 1, 4, 5, 7], widths: [1, 3, 1, 2, 4], softmax: [0, 1, 0, 1, 1], tau: 0.2 };
const uniform = (name: string, shape: readonly number[], rng: { next(): number; normal(): number }): Float32Array =>
  Float32Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => (name === 'noise' ? rng.next() : name === 'y' ? rng.next() * 0.9 : rng.normal()));

export const spanActivation = ownKernel({
  id: 'SpanActivation(tanh+gumbel-softmax)',
  kernelName: SPAN_ACTIVATION,
  kernelFunc: forward,
  selfTestCases: [
    { inputs: { logits: [6, 11], noise: [6, 11] }, attrs: SPANS },
    { inputs: { logits: [3, 3], noise: [3, 3] }, attrs: { starts: [0], widths: [3], softmax: [1], tau: 1 } },
  ] satisfies KernelCase[],
  reference: spanActivationReference,
  sampleInput: uniform,
});

export const spanActivationGrad = ownKernel({
  id: 'SpanActivationGrad',
  kernelName: SPAN_ACTIVATION_GRAD,
  kernelFunc: backward,
  selfTestCases: [{ inputs: { dy: [6, 11], y: [6, 11] }, attrs: SPANS }] satisfies KernelCase[],
  reference: spanActivationGradReference,
  sampleInput: uniform,
});
