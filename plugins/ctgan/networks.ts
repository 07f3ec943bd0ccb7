/**
 * CTGAN's generator and PacGAN critic as plain TensorFlow.js variables and functional ops.
 *
 * Why not tf.layers: every random number here must come from the run's `Rng` (initial weights,
 * dropout masks, Gumbel noise), and the training loop needs the critic's input gradient inside its
 * own loss (WGAN-GP), which is simplest with functions of explicit variables.
 *
 * - generator: per entry of `generatorDims` a residual block [Dense -> BatchNorm -> ReLU] whose
 *   output is concatenated with its input; then a Dense head to the transformed row width. The
 *   head's raw output is activated per span: tanh for scalars, Gumbel-softmax (tau 0.2) for mode,
 *   null-indicator and category one-hots.
 * - critic: `pac` rows are concatenated into one input (PacGAN), then per entry of `criticDims`
 *   Dense -> LeakyReLU(0.2) -> Dropout(0.5), then Dense to one score.
 * Weights start as PyTorch's Linear default (uniform in +-1/sqrt(fan_in)), drawn from the Rng.
 */
import * as tf from '@tensorflow/tfjs';
import { BATCH_NORM_RELU, GUMBEL_NOISE_MAX, GUMBEL_NOISE_MIN, SPAN_ACTIVATION, type BatchNormReluAttrs, type SpanActivationAttrs } from '../../src/kernel-contracts.js';
import type { Rng } from '../../src/random.js';
import { dropoutMask, uniformNoise } from './noise.js';
import type { OutputSpan } from './transformer.js';

export const GUMBEL_TAU = 0.2;
const BN_EPSILON = 1e-5;
const BN_MOMENTUM = 0.1;
export const LEAKY_SLOPE = 0.2;
export const DROPOUT = 0.5;

export interface Dense {
  readonly w: tf.Variable;
  readonly b: tf.Variable;
}

export interface BatchNorm {
  readonly gamma: tf.Variable;
  readonly beta: tf.Variable;
  /** Running statistics, used when sampling (not trained by gradients). */
  readonly movingMean: tf.Variable;
  readonly movingVar: tf.Variable;
}

export interface Generator {
  readonly blocks: ReadonlyArray<{ readonly dense: Dense; readonly bn: BatchNorm }>;
  readonly head: Dense;
  readonly spans: readonly OutputSpan[];
  readonly inputDim: number;
}

export interface Critic {
  readonly hidden: readonly Dense[];
  readonly head: Dense;
  readonly pac: number;
}

export interface NetworkShape {
  readonly embeddingDim: number;
  readonly condDim: number;
  readonly dataDim: number;
  readonly generatorDims: readonly number[];
  readonly criticDims: readonly number[];
  readonly pac: number;
}

/** Build both networks with freshly initialised weights. */
export function buildNetworks(shape: NetworkShape, spans: readonly OutputSpan[], rng: Rng): { generator: Generator; critic: Critic } {
  const gRng = rng.fork('generator');
  const dRng = rng.fork('critic');
  let width = shape.embeddingDim + shape.condDim;
  const blocks = shape.generatorDims.map((units, i) => {
    const dense = denseLayer(width, units, gRng.fork(i));
    const bn: BatchNorm = {
      gamma: variableFrom(tf.ones([units]), true),
      beta: variableFrom(tf.zeros([units]), true),
      movingMean: variableFrom(tf.zeros([units]), false),
      movingVar: variableFrom(tf.ones([units]), false),
    };
    width += units;
    return { dense, bn };
  });
  const head = denseLayer(width, shape.dataDim, gRng.fork('head'));
  let criticWidth = (shape.dataDim + shape.condDim) * shape.pac;
  const hidden = shape.criticDims.map((units, i) => {
    const d = denseLayer(criticWidth, units, dRng.fork(i));
    criticWidth = units;
    return d;
  });
  const criticHead = denseLayer(criticWidth, 1, dRng.fork('head'));
  return {
    generator: { blocks, head, spans, inputDim: shape.embeddingDim + shape.condDim },
    critic: { hidden, head: criticHead, pac: shape.pac },
  };
}

function denseLayer(fanIn: number, units: number, rng: Rng): Dense {
  const bound = 1 / Math.sqrt(fanIn);
  const w = new Float32Array(fanIn * units);
  for (let i = 0; i < w.length; i++) w[i] = (2 * rng.next() - 1) * bound;
  const b = new Float32Array(units);
  for (let i = 0; i < b.length; i++) b[i] = (2 * rng.next() - 1) * bound;
  return { w: variableFrom(tf.tensor2d(w, [fanIn, units]), true), b: variableFrom(tf.tensor1d(b), true) };
}

/** A variable holding `initial`'s values; the initial tensor is released (the variable keeps the data). */
function variableFrom(initial: tf.Tensor, trainable: boolean): tf.Variable {
  const v = tf.variable(initial, trainable);
  initial.dispose();
  return v;
}

function dense(layer: Dense, x: tf.Tensor2D): tf.Tensor2D {
  return tf.add(tf.matMul(x, layer.w as tf.Tensor2D), layer.b);
}

/** Batch moments produced in training mode, to fold into the running statistics afterwards. */
export type BatchMoments = Array<{ mean: tf.Tensor1D; variance: tf.Tensor1D }>;

/**
 * The generator's raw (pre-activation) output. In training mode BatchNorm uses batch statistics
 * and, when `moments` is given, pushes them (kept) for `updateRunningStats`; otherwise it uses the
 * running statistics, so a sampled row does not depend on the other rows of its batch.
 */
export function generatorForward(g: Generator, input: tf.Tensor2D, training: boolean, moments?: BatchMoments): tf.Tensor2D {
  let x = input;
  const fusedNorm = training && hasKernel(BATCH_NORM_RELU);
  for (const { dense: d, bn } of g.blocks) {
    const h = generatorDense(x, d, x.shape[1] - g.inputDim, training);
    if (fusedNorm) {
      const [y, mean, variance] = tf.engine().runKernel(BATCH_NORM_RELU, { x: h, gamma: bn.gamma, beta: bn.beta }, { epsilon: BN_EPSILON } satisfies BatchNormReluAttrs) as [tf.Tensor2D, tf.Tensor1D, tf.Tensor1D];
      if (moments) moments.push({ mean: tf.keep(mean), variance: tf.keep(variance) });
      x = tf.concat([y, x], 1) as tf.Tensor2D;
      continue;
    }
    let normed: tf.Tensor2D;
    // BatchNorm written out: tf.batchNorm's gradient tiles its statistics, which is slow on wasm.
    if (training) {
      const m = tf.moments(h, 0);
      const scale = tf.mul(tf.rsqrt(tf.add(m.variance, BN_EPSILON)), bn.gamma);
      normed = tf.add(tf.mul(tf.sub(h, m.mean), scale), bn.beta);
      if (moments) moments.push({ mean: tf.keep(m.mean as tf.Tensor1D), variance: tf.keep(m.variance as tf.Tensor1D) });
    } else {
      const scale = tf.mul(tf.rsqrt(tf.add(bn.movingVar, BN_EPSILON)), bn.gamma);
      normed = tf.add(tf.mul(tf.sub(h, bn.movingMean), scale), bn.beta);
    }
    x = tf.concat([tf.relu(normed), x], 1) as tf.Tensor2D;
  }
  return generatorDense(x, g.head, x.shape[1] - g.inputDim, training);
}

/**
 * x·W + b for a generator layer, as one kernel (matmul + bias; the generator is only ever
 * differentiated once). A layer's input ends with the network's input (noise and condition),
 * which needs no gradient; when training, the input gradient is computed for the first `live`
 * columns only (the rest is zero), which saves ~40% of the second block's and ~25% of the head's
 * input-gradient product (CTGAN sizes: 184 of 440 and of 696 columns), and all of the first
 * block's (tfjs's own fused matMul gradient computes it eagerly even though nothing uses it).
 */
function generatorDense(x: tf.Tensor2D, d: Dense, live: number, training: boolean): tf.Tensor2D {
  const [rows, cols] = x.shape;
  if (!training || live >= cols) return tf.fused.matMul({ a: x, b: d.w as tf.Tensor2D, bias: d.b }) as tf.Tensor2D;
  const op = tf.customGrad((...args: Array<tf.Tensor | tf.GradSaveFunc>) => {
    const [xi, w, b] = args as [tf.Tensor2D, tf.Tensor2D, tf.Tensor1D];
    const save = args[3] as tf.GradSaveFunc;
    save([xi, w]);
    return {
      value: tf.fused.matMul({ a: xi, b: w, bias: b }) as tf.Tensor2D,
      gradFunc: (dy: tf.Tensor2D, saved: tf.Tensor[]) => {
        const [xs, ws] = saved as [tf.Tensor2D, tf.Tensor2D];
        // Zero-padded by one Pad kernel (a third of the time of zeros + concat); the first block's
        // input is all noise and condition: no product at all.
        const dx = live > 0 ? tf.pad(tf.matMul(dy, tf.slice(ws, [0, 0], [live, ws.shape[1]]), false, true), [[0, 0], [0, cols - live]]) : tf.zeros([rows, cols]);
        return [dx, tf.matMul(xs, dy, true, false), tf.sum(dy, 0)];
      },
    };
  });
  return op(x, d.w, d.b) as tf.Tensor2D;
}

/** Fold batch moments into the running statistics (PyTorch's momentum 0.1, unbiased variance). */
export function updateRunningStats(g: Generator, moments: BatchMoments, batch: number): void {
  const unbias = batch > 1 ? batch / (batch - 1) : 1;
  g.blocks.forEach(({ bn }, i) => {
    const m = moments[i];
    if (!m) return;
    tf.tidy(() => {
      bn.movingMean.assign(tf.add(tf.mul(bn.movingMean, 1 - BN_MOMENTUM), tf.mul(m.mean, BN_MOMENTUM)));
      bn.movingVar.assign(tf.add(tf.mul(bn.movingVar, 1 - BN_MOMENTUM), tf.mul(m.variance, BN_MOMENTUM * unbias)));
    });
  });
  for (const m of moments) {
    m.mean.dispose();
    m.variance.dispose();
  }
}

/**
 * Whether the active backend has the kernel `name` (a fused kernel gan-augment registers, named
 * in src/kernel-contracts.ts); where it is missing (another backend, or its self-test failed)
 * the callers compute the same values with stock ops.
 */
export function hasKernel(name: string): boolean {
  return tf.getKernel(name, tf.getBackend()) !== undefined;
}

/**
 * Per-span activation: tanh for scalars, Gumbel-softmax for one-hots (noise seeded from `seed`).
 * One fused kernel each way where the backend has it; otherwise one noise add, one split and one
 * op per span (on wasm every extra op, and every slice's padded gradient, costs more than the
 * arithmetic).
 */
export function activate(raw: tf.Tensor2D, spans: readonly OutputSpan[], seed: number): tf.Tensor2D {
  const [rows, width] = raw.shape;
  const uniform = uniformNoise(rows, width, seed);
  if (hasKernel(SPAN_ACTIVATION)) {
    const attrs: SpanActivationAttrs = { starts: spans.map((s) => s.start), widths: spans.map((s) => s.width), softmax: spans.map((s) => (s.activation === 'softmax' ? 1 : 0)), tau: GUMBEL_TAU };
    return tf.engine().runKernel(SPAN_ACTIVATION, { logits: raw, noise: uniform }, attrs) as tf.Tensor2D;
  }
  const { noiseMask, divisor } = activationConstants(spans, width);
  const noise = tf.clipByValue(uniform, GUMBEL_NOISE_MIN, GUMBEL_NOISE_MAX);
  const gumbel = tf.mul(tf.neg(tf.log(tf.neg(tf.log(noise)))), noiseMask);
  // Scalars: tanh(raw); one-hots: softmax((raw + gumbel) / tau).
  const scaled = tf.div(tf.add(raw, gumbel), divisor);
  const parts = tf.split(scaled, spans.map((s) => s.width), 1);
  return tf.concat(
    parts.map((p, i) => (spans[i]!.activation === 'tanh' ? tf.tanh(p) : tf.softmax(p))),
    1,
  ) as tf.Tensor2D;
}

/** Constant [1, width] rows: 1 where Gumbel noise applies, and the divisor (tau or 1) per column. */
function activationConstants(spans: readonly OutputSpan[], width: number): { noiseMask: tf.Tensor2D; divisor: tf.Tensor2D } {
  const mask = new Float32Array(width);
  const div = new Float32Array(width).fill(1);
  for (const s of spans) {
    if (s.activation !== 'softmax') continue;
    mask.fill(1, s.start, s.start + s.width);
    div.fill(GUMBEL_TAU, s.start, s.start + s.width);
  }
  return { noiseMask: tf.tensor2d(mask, [1, width]), divisor: tf.tensor2d(div, [1, width]) };
}

/**
 * The critic's score per pack of `pac` rows. `dropoutSeed` seeds the masks (one per hidden layer);
 * pass undefined for no dropout.
 */
export function criticForward(c: Critic, input: tf.Tensor2D, dropoutSeed: number | undefined): tf.Tensor2D {
  const [rows, width] = input.shape;
  let x = tf.reshape(input, [rows / c.pac, width * c.pac]) as tf.Tensor2D;
  c.hidden.forEach((layer, i) => {
    x = tf.leakyRelu(dense(layer, x), LEAKY_SLOPE);
    if (dropoutSeed !== undefined) x = tf.mul(x, dropoutMask(x.shape[0], x.shape[1], DROPOUT, dropoutSeed + i)) as tf.Tensor2D;
  });
  return dense(c.head, x);
}

export function generatorVariables(g: Generator): tf.Variable[] {
  return [...g.blocks.flatMap(({ dense: d, bn }) => [d.w, d.b, bn.gamma, bn.beta]), g.head.w, g.head.b];
}

export function criticVariables(c: Critic): tf.Variable[] {
  return [...c.hidden.flatMap((d) => [d.w, d.b]), c.head.w, c.head.b];
}

/**
 * The number of floats of each tensor `namedWeights` would name for `shape`, computed without
 * building anything: a saved model is checked against it before any tensor is allocated.
 */
export function weightSizes(shape: NetworkShape): Map<string, number> {
  const out = new Map<string, number>();
  let width = shape.embeddingDim + shape.condDim;
  shape.generatorDims.forEach((units, i) => {
    out.set(`generator.block${i}.w`, width * units);
    out.set(`generator.block${i}.b`, units);
    for (const k of ['gamma', 'beta', 'mean', 'var']) out.set(`generator.block${i}.bn.${k}`, units);
    width += units;
  });
  out.set('generator.head.w', width * shape.dataDim);
  out.set('generator.head.b', shape.dataDim);
  let criticWidth = (shape.dataDim + shape.condDim) * shape.pac;
  shape.criticDims.forEach((units, i) => {
    out.set(`critic.layer${i}.w`, criticWidth * units);
    out.set(`critic.layer${i}.b`, units);
    criticWidth = units;
  });
  out.set('critic.head.w', criticWidth);
  out.set('critic.head.b', 1);
  return out;
}

/** Every tensor the networks own, by a stable name (for serialisation). */
export function namedWeights(g: Generator, c: Critic): Map<string, tf.Variable> {
  const out = new Map<string, tf.Variable>();
  g.blocks.forEach(({ dense: d, bn }, i) => {
    out.set(`generator.block${i}.w`, d.w);
    out.set(`generator.block${i}.b`, d.b);
    out.set(`generator.block${i}.bn.gamma`, bn.gamma);
    out.set(`generator.block${i}.bn.beta`, bn.beta);
    out.set(`generator.block${i}.bn.mean`, bn.movingMean);
    out.set(`generator.block${i}.bn.var`, bn.movingVar);
  });
  out.set('generator.head.w', g.head.w);
  out.set('generator.head.b', g.head.b);
  c.hidden.forEach((d, i) => {
    out.set(`critic.layer${i}.w`, d.w);
    out.set(`critic.layer${i}.b`, d.b);
  });
  out.set('critic.head.w', c.head.w);
  out.set('critic.head.b', c.head.b);
  return out;
}

export function disposeNetworks(g: Generator, c: Critic): void {
  for (const v of namedWeights(g, c).values()) v.dispose();
}
