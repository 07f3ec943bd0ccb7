/**
 * `SpanCrossEntropy` and its gradient `SpanCrossEntropyGrad`: cross-entropy of logits against
 * targets within column spans (CTGAN's conditional loss: the generator's raw logits of the
 * conditioned categorical column against the condition's value), summed over spans and rows and
 * divided by the number of rows. Fused kernels tfjs does not have, registered for wasm and cpu.
 *
 * Why: vectorised with stock ops this is a masked log-sum-exp (max, exp, log, sums with
 * broadcasting, ~15 kernels) and ~25 more in the backward pass, where tfjs-wasm's broadcasting
 * `Equal` (the max's gradient) alone took ~5 ms per CTGAN step. Here: one pass each way.
 *
 * SpanCrossEntropy inputs: logits [rows, width], target [rows, width] (a distribution over each
 * span's columns for the spans a row is conditioned on, zero elsewhere). Attributes: starts, widths.
 *   loss = (1/rows) Σ_rows Σ_spans Σ_j target_j · (logsumexp(logits_span) − logits_j)
 * Output: a scalar. SpanCrossEntropyGrad inputs: dy (scalar), logits, target. Output:
 *   d logits_j = dy/rows · (softmax(logits_span)_j · Σ_span target − target_j) inside spans, 0 elsewhere.
 */
import * as tf from '@tensorflow/tfjs';
import type { GradConfig, NamedAttrMap, TensorInfo } from '@tensorflow/tfjs';
import { SPAN_CROSS_ENTROPY, SPAN_CROSS_ENTROPY_GRAD } from '../../kernel-contracts.js';
import type { KernelCase } from './custom-kernel.js';
import { ownKernel, type KernelArgs } from './define-kernel.js';
import type { KernelCaller, Numeric } from './kernel-call.js';

interface Spans {
  readonly starts: readonly number[];
  readonly widths: readonly number[];
}

function readSpans(attrs: NamedAttrMap | undefined, width: number): Spans {
  const a = attrs ?? {};
  const list = (name: string): number[] => {
    const v = a[name];
    if (!Array.isArray(v) || v.some((x) => typeof x !== 'number')) throw new Error(`${SPAN_CROSS_ENTROPY}: attribute ${name} must be a number array`);
    return v as number[];
  };
  const starts = list('starts');
  const widths = list('widths');
  if (starts.length !== widths.length) throw new Error(`${SPAN_CROSS_ENTROPY}: starts and widths differ in length`);
  starts.forEach((s, i) => {
    if (s < 0 || widths[i]! < 1 || s + widths[i]! > width) throw new Error(`${SPAN_CROSS_ENTROPY}: span ${i} lies outside the ${width} columns`);
  });
  return { starts, widths };
}

/** Visit every (row, span) with some target mass: its start index, width, target mass and log-sum-exp. */
function forEachTargetSpan(logits: Numeric, target: Numeric, rows: number, width: number, s: Spans, visit: (start: number, w: number, mass: number, lse: number) => void): void {
  for (let r = 0; r < rows; r++) {
    for (let p = 0; p < s.starts.length; p++) {
      const start = r * width + s.starts[p]!;
      const w = s.widths[p]!;
      let mass = 0;
      for (let j = start; j < start + w; j++) mass += target[j]!;
      if (mass === 0) continue;
      let max = -Infinity;
      for (let j = start; j < start + w; j++) if (logits[j]! > max) max = logits[j]!;
      let sum = 0;
      for (let j = start; j < start + w; j++) sum += Math.exp(logits[j]! - max);
      visit(start, w, mass, max + Math.log(sum));
    }
  }
}

function checkPair(logits: TensorInfo | undefined, target: TensorInfo | undefined): [number, number] {
  if (!logits || !target) throw new Error(`${SPAN_CROSS_ENTROPY} needs inputs logits and target`);
  if (logits.shape.length !== 2 || target.shape.join() !== logits.shape.join()) throw new Error(`${SPAN_CROSS_ENTROPY}: logits and target must both be [rows, width]`);
  return [logits.shape[0]!, logits.shape[1]!];
}

/** The scalar loss. */
function forward(args: KernelArgs, k: KernelCaller): TensorInfo {
  const { logits, target } = args.inputs as Record<string, TensorInfo | undefined>;
  const [rows, width] = checkPair(logits, target);
  const spans = readSpans(args.attrs, width);
  const out = k.alloc([]);
  const [z, t] = [k.view(logits!), k.view(target!)];
  let total = 0;
  forEachTargetSpan(z, t, rows, width, spans, (start, w, _mass, lse) => {
    for (let j = start; j < start + w; j++) total += t[j]! * (lse - z[j]!);
  });
  k.view(out)[0] = total / rows;
  return out;
}

/** d logits. */
function backward(args: KernelArgs, k: KernelCaller): TensorInfo {
  const { dy, logits, target } = args.inputs as Record<string, TensorInfo | undefined>;
  const [rows, width] = checkPair(logits, target);
  if (!dy) throw new Error(`${SPAN_CROSS_ENTROPY_GRAD} needs input dy`);
  const spans = readSpans(args.attrs, width);
  const out = k.alloc([rows, width]);
  const [z, t, g] = [k.view(logits!), k.view(target!), k.view(out)];
  const scale = k.view(dy)[0]! / rows;
  g.fill(0);
  forEachTargetSpan(z, t, rows, width, spans, (start, w, mass, lse) => {
    for (let j = start; j < start + w; j++) g[j] = scale * (Math.exp(z[j]! - lse) * mass - t[j]!);
  });
  return out;
}

export const spanCrossEntropyGradient: GradConfig = {
  kernelName: SPAN_CROSS_ENTROPY,
  inputsToSave: ['logits', 'target'],
  gradFunc: (dy, saved, attrs) => {
    const [logits, target] = saved as [tf.Tensor, tf.Tensor];
    return {
      logits: () => tf.engine().runKernel(SPAN_CROSS_ENTROPY_GRAD, { dy: dy as tf.Tensor, logits, target }, attrs) as tf.Tensor,
      target: () => tf.zerosLike(target),
    };
  },
};

/** SpanCrossEntropy with stock ops, one slice per span (the self-test's reference). */
export function spanCrossEntropyReference(inputs: Readonly<Record<string, tf.Tensor>>, attrs: NamedAttrMap): tf.Tensor[] {
  const logits = inputs['logits'] as tf.Tensor2D;
  const target = inputs['target'] as tf.Tensor2D;
  const [rows, width] = logits.shape;
  const s = readSpans(attrs, width);
  let total: tf.Tensor = tf.scalar(0);
  s.starts.forEach((start, i) => {
    const z = tf.slice(logits, [0, start], [rows, s.widths[i]!]);
    const t = tf.slice(target, [0, start], [rows, s.widths[i]!]);
    total = tf.add(total, tf.neg(tf.sum(tf.mul(t, tf.logSoftmax(z)))));
  });
  return [tf.div(total, rows)];
}

/** SpanCrossEntropyGrad via tf.grad of the reference. */
function spanCrossEntropyGradReference(inputs: Readonly<Record<string, tf.Tensor>>, attrs: NamedAttrMap): tf.Tensor[] {
  const target = inputs['target']!;
  const grad = tf.grad((z: tf.Tensor) => spanCrossEntropyReference({ logits: z, target }, attrs)[0]!);
  return [tf.mul(grad(inputs['logits']!), inputs['dy']!)];
}

const SPANS = { starts: [1, 4, 8], widths: [3, 2, 4] };
/** Targets: per row, a one-hot in one span (rows cycle through the spans; every fourth row has none). */
function sample(name: string, shape: readonly number[], rng: { next(): number; normal(): number; int(n: number): number }): Float32Array {
  const size = shape.reduce((a, b) => a * b, 1);
  if (name !== 'target') return Float32Array.from({ length: size }, () => rng.normal() * 2);
  const [rows, width] = shape as [number, number];
  const out = new Float32Array(size);
  for (let r = 0; r < rows; r++) {
    const p = r % 4;
    if (p === 3) continue;
    out[r * width + SPANS.starts[p]! + rng.int(SPANS.widths[p]!)] = 1;
  }
  return out;
}

export const spanCrossEntropy = ownKernel({
  id: 'SpanCrossEntropy',
  kernelName: SPAN_CROSS_ENTROPY,
  kernelFunc: forward,
  selfTestCases: [{ inputs: { logits: [9, 12], target: [9, 12] }, attrs: SPANS }] satisfies KernelCase[],
  reference: spanCrossEntropyReference,
  sampleInput: sample,
});

export const spanCrossEntropyGrad = ownKernel({
  id: 'SpanCrossEntropyGrad',
  kernelName: SPAN_CROSS_ENTROPY_GRAD,
  kernelFunc: backward,
  selfTestCases: [{ inputs: { dy: [], logits: [9, 12], target: [9, 12] }, attrs: SPANS }] satisfies KernelCase[],
  reference: spanCrossEntropyGradReference,
  sampleInput: sample,
});
