/**
 * The two networks of the class-conditional DCGAN, as plain tfjs variables and functions (not
 * tf.layers): every initial weight is drawn from the Rng, dropout masks get a fresh seed per step
 * (a tf.layers Dropout with a fixed seed would reuse one mask forever), and saving is a list of
 * named arrays.
 *
 * Generator: [noise ; one-hot class] -> Dense -> (H/4 x W/4 x g) -> BN -> ReLU
 *   -> ConvTranspose 4x4/2 -> (H/2 x W/2 x g/2) -> BN -> ReLU -> ConvTranspose 4x4/2 -> (H x W x C) -> sigmoid.
 * Kernel 4 with stride 2 (a multiple of the stride) lets the backend run each transposed conv as
 * one stride-1 conv plus depthToSpace, and avoids checkerboard artefacts of uneven overlaps.
 *
 * Discriminator: Conv 4x4/2 -> LeakyReLU 0.2 -> dropout -> Conv 4x4/2 -> LeakyReLU 0.2 -> dropout
 *   -> features f; realism logit = w.f + b + <embed(class), f> (projection discriminator), and an
 *   auxiliary head predicting the class from f (AC-GAN).
 */
import * as tf from '@tensorflow/tfjs';
import { BATCH_NORM_RELU, type BatchNormReluAttrs } from '../../src/kernel-contracts.js';
import type { Rng } from '../../src/random.js';
import { fusedBiasLeakyDropout, leakyReluDropout } from './dropout.js';

export interface DcganShape {
  readonly height: number;
  readonly width: number;
  readonly channels: number;
  readonly classes: number;
  readonly noiseDim: number;
  readonly generatorWidth: number;
  readonly discriminatorWidth: number;
}

export interface GeneratorWeights {
  readonly dense: tf.Variable; // [noise + classes, h4*w4*g]
  readonly bn0Gamma: tf.Variable; // [g]
  readonly bn0Beta: tf.Variable;
  readonly up1: tf.Variable; // [4, 4, g/2, g]  (conv2dTranspose: [h, w, out, in])
  readonly bn1Gamma: tf.Variable; // [g/2]
  readonly bn1Beta: tf.Variable;
  readonly up2: tf.Variable; // [4, 4, C, g/2]
  readonly up2Bias: tf.Variable; // [C]
  /** Batch-norm statistics for sampling, set by calibration after training (not trained). */
  readonly bn0Mean: tf.Variable;
  readonly bn0Var: tf.Variable;
  readonly bn1Mean: tf.Variable;
  readonly bn1Var: tf.Variable;
}

export interface DiscriminatorWeights {
  readonly conv1: tf.Variable; // [4, 4, C, d]
  readonly conv1Bias: tf.Variable;
  readonly conv2: tf.Variable; // [4, 4, d, 2d]
  readonly conv2Bias: tf.Variable;
  readonly out: tf.Variable; // [F, 1]
  readonly outBias: tf.Variable; // [1]
  readonly embed: tf.Variable; // [classes, F]  projection
  readonly aux: tf.Variable; // [F, classes]  auxiliary classifier
  readonly auxBias: tf.Variable; // [classes]
}

export interface DcganNetworks {
  readonly shape: DcganShape;
  readonly generator: GeneratorWeights;
  readonly discriminator: DiscriminatorWeights;
}

export const BN_EPSILON = 1e-5;
const LEAK = 0.2;
/** DCGAN's initialisation: N(0, 0.02) for every conv and dense weight. */
const INIT_STD = 0.02;

/** Shapes of every weight, by name: the single source for building, saving and loading. */
export function weightShapes(s: DcganShape): Record<string, number[]> {
  const g = s.generatorWidth;
  const d = s.discriminatorWidth;
  const f = featureCount(s);
  return {
    'generator.dense': [s.noiseDim + s.classes, (s.height / 4) * (s.width / 4) * g],
    'generator.bn0Gamma': [g],
    'generator.bn0Beta': [g],
    'generator.up1': [4, 4, g / 2, g],
    'generator.bn1Gamma': [g / 2],
    'generator.bn1Beta': [g / 2],
    'generator.up2': [4, 4, s.channels, g / 2],
    'generator.up2Bias': [s.channels],
    'generator.bn0Mean': [g],
    'generator.bn0Var': [g],
    'generator.bn1Mean': [g / 2],
    'generator.bn1Var': [g / 2],
    'discriminator.conv1': [4, 4, s.channels, d],
    'discriminator.conv1Bias': [d],
    'discriminator.conv2': [4, 4, d, 2 * d],
    'discriminator.conv2Bias': [2 * d],
    'discriminator.out': [f, 1],
    'discriminator.outBias': [1],
    'discriminator.embed': [s.classes, f],
    'discriminator.aux': [f, s.classes],
    'discriminator.auxBias': [s.classes],
  };
}

/** Discriminator features after the second strided conv (flattened). */
function featureCount(s: DcganShape): number {
  return (s.height / 4) * (s.width / 4) * 2 * s.discriminatorWidth;
}

/**
 * Fresh networks, every initial value drawn from `rng` (one named fork per weight, so changing
 * one layer's size does not shift the others' draws).
 */
export function buildNetworks(shape: DcganShape, rng: Rng): DcganNetworks {
  const arrays: Record<string, Float32Array> = {};
  for (const [name, dims] of Object.entries(weightShapes(shape))) {
    const size = dims.reduce((a, b) => a * b, 1);
    const values = new Float32Array(size);
    const leaf = name.split('.')[1]!;
    if (leaf.endsWith('Gamma') || leaf.endsWith('Var')) values.fill(1);
    else if (!(leaf.endsWith('Beta') || leaf.endsWith('Bias') || leaf.endsWith('Mean'))) {
      const r = rng.fork(name);
      for (let i = 0; i < size; i++) values[i] = r.normal() * INIT_STD;
    }
    arrays[name] = values;
  }
  return networksFromArrays(shape, arrays);
}

/** Networks from named arrays (for loading); the caller has checked names and lengths. */
export function networksFromArrays(shape: DcganShape, arrays: Readonly<Record<string, Float32Array>>): DcganNetworks {
  const shapes = weightShapes(shape);
  // tidy releases the initial tensor (a variable made from a tensor otherwise leaves it counted).
  const v = (name: string, trainable = true): tf.Variable =>
    tf.tidy(() => tf.variable(tf.tensor(arrays[name]!, shapes[name]!), trainable, `dcgan.${name}.${variableId++}`));
  return {
    shape,
    generator: {
      dense: v('generator.dense'),
      bn0Gamma: v('generator.bn0Gamma'),
      bn0Beta: v('generator.bn0Beta'),
      up1: v('generator.up1'),
      bn1Gamma: v('generator.bn1Gamma'),
      bn1Beta: v('generator.bn1Beta'),
      up2: v('generator.up2'),
      up2Bias: v('generator.up2Bias'),
      bn0Mean: v('generator.bn0Mean', false),
      bn0Var: v('generator.bn0Var', false),
      bn1Mean: v('generator.bn1Mean', false),
      bn1Var: v('generator.bn1Var', false),
    },
    discriminator: {
      conv1: v('discriminator.conv1'),
      conv1Bias: v('discriminator.conv1Bias'),
      conv2: v('discriminator.conv2'),
      conv2Bias: v('discriminator.conv2Bias'),
      out: v('discriminator.out'),
      outBias: v('discriminator.outBias'),
      embed: v('discriminator.embed'),
      aux: v('discriminator.aux'),
      auxBias: v('discriminator.auxBias'),
    },
  };
}
let variableId = 0;

/** Every weight as a named Float32Array (the keys of `weightShapes`). */
export function networksToArrays(nets: DcganNetworks): Record<string, Float32Array> {
  const out: Record<string, Float32Array> = {};
  for (const [part, weights] of [['generator', nets.generator], ['discriminator', nets.discriminator]] as const) {
    for (const [leaf, variable] of Object.entries(weights)) out[`${part}.${leaf}`] = Float32Array.from(variable.dataSync() as Float32Array);
  }
  return out;
}

export function generatorTrainables(g: GeneratorWeights): tf.Variable[] {
  return [g.dense, g.bn0Gamma, g.bn0Beta, g.up1, g.bn1Gamma, g.bn1Beta, g.up2, g.up2Bias];
}

export function discriminatorTrainables(d: DiscriminatorWeights): tf.Variable[] {
  return [d.conv1, d.conv1Bias, d.conv2, d.conv2Bias, d.out, d.outBias, d.embed, d.aux, d.auxBias];
}

export function disposeNetworks(nets: DcganNetworks): void {
  for (const v of Object.values(nets.generator)) v.dispose();
  for (const v of Object.values(nets.discriminator)) v.dispose();
}

/** Batch statistics a training-mode generator pass used, per batch-norm layer (for calibration). */
export interface BatchNormMoments {
  readonly mean0: tf.Tensor1D;
  readonly var0: tf.Tensor1D;
  readonly mean1: tf.Tensor1D;
  readonly var1: tf.Tensor1D;
}

/**
 * Generate images in [0, 1] (shape [B, H, W, C]) from noise [B, noiseDim] and one-hot classes
 * [B, classes]. `training` normalises with the batch's own statistics (and reports them through
 * `moments`); otherwise with the calibrated statistics, so a sample never depends on its batch.
 */
export function generate(nets: DcganNetworks, noise: tf.Tensor2D, classes: tf.Tensor2D, training: boolean, moments?: (m: BatchNormMoments) => void): tf.Tensor4D {
  const pass = generatorPass(nets, noise, classes, training);
  if (moments) moments({ mean0: pass.bn0.mean, var0: pass.bn0.variance, mean1: pass.bn1.mean, var1: pass.bn1.variance });
  return pass.images;
}

/** One batch-norm + ReLU layer of a training-mode pass, as its hand-written gradient needs it. */
export interface TracedBatchNorm {
  /** The layer's input viewed as [B·h·w, channels] (the fused kernel's x). */
  readonly rows: tf.Tensor2D;
  readonly mean: tf.Tensor1D;
  readonly variance: tf.Tensor1D;
  /** Its output, NHWC (the next transposed conv's input). */
  readonly y: tf.Tensor4D;
}

/**
 * A training-mode generator pass with the tensors its backward pass reads
 * (generator-backward.ts), so a D step's fakes can train the generator without a second forward.
 */
export interface GeneratorTrace {
  /** [noise ; one-hot class], the dense layer's input. */
  readonly input: tf.Tensor2D;
  readonly bn0: TracedBatchNorm;
  readonly bn1: TracedBatchNorm;
  readonly images: tf.Tensor4D;
}

/**
 * A training-mode pass that keeps its intermediates, or undefined where the fused BatchNormRelu
 * kernel is missing (its gradient kernel is what the hand-written backward pass calls).
 */
export function generateTraced(nets: DcganNetworks, noise: tf.Tensor2D, classes: tf.Tensor2D): GeneratorTrace | undefined {
  const pass = generatorPass(nets, noise, classes, true);
  const { bn0, bn1 } = pass;
  if (bn0.rows === undefined || bn1.rows === undefined) return undefined;
  return { input: pass.input, bn0: { ...bn0, rows: bn0.rows }, bn1: { ...bn1, rows: bn1.rows }, images: pass.images };
}

/** The generator's layers, one pass (the single definition both `generate` and `generateTraced` run). */
function generatorPass(nets: DcganNetworks, noise: tf.Tensor2D, classes: tf.Tensor2D, training: boolean): { input: tf.Tensor2D; bn0: BatchNormReluOut; bn1: BatchNormReluOut; images: tf.Tensor4D } {
  const s = nets.shape;
  const g = nets.generator;
  const batch = noise.shape[0];
  const gw = s.generatorWidth;
  const input = tf.concat([noise, classes], 1);
  const h0: tf.Tensor4D = tf.reshape(tf.matMul(input, g.dense), [batch, s.height / 4, s.width / 4, gw]);
  const bn0 = batchNormRelu(h0, g.bn0Gamma, g.bn0Beta, training ? undefined : [g.bn0Mean, g.bn0Var]);
  const h1 = tf.conv2dTranspose(bn0.y, g.up1 as tf.Tensor4D, [batch, s.height / 2, s.width / 2, gw / 2], 2, 'same');
  const bn1 = batchNormRelu(h1, g.bn1Gamma, g.bn1Beta, training ? undefined : [g.bn1Mean, g.bn1Var]);
  const h2 = tf.conv2dTranspose(bn1.y, g.up2 as tf.Tensor4D, [batch, s.height, s.width, s.channels], 2, 'same');
  return { input, bn0, bn1, images: tf.sigmoid(tf.add(h2, g.up2Bias)) as tf.Tensor4D };
}

export interface DiscriminatorOutput {
  /** Realism logits [B]. */
  readonly realism: tf.Tensor1D;
  /** Auxiliary class logits [B, classes]. */
  readonly classLogits: tf.Tensor2D;
}

/**
 * Score images [B, H, W, C] given their one-hot classes [B, classes]. `dropoutSeed` switches
 * dropout on (training) with masks drawn from that seed.
 */
export function discriminate(nets: DcganNetworks, images: tf.Tensor4D, classes: tf.Tensor2D, dropout: number, dropoutSeed?: number): DiscriminatorOutput {
  const d = nets.discriminator;
  const batch = images.shape[0];
  let h = biasLeakyDropout(tf.conv2d(images, d.conv1 as tf.Tensor4D, 2, 'same'), d.conv1Bias, dropout, dropoutSeed, 0);
  h = biasLeakyDropout(tf.conv2d(h, d.conv2 as tf.Tensor4D, 2, 'same'), d.conv2Bias, dropout, dropoutSeed, 1);
  const f = tf.reshape(h, [batch, -1]) as tf.Tensor2D;
  // All three heads as one product f · [out | aux | embedᵀ]: the projection <embed(y), f> is
  // Σ_c y_c (f · embed_c), so one [B, F] x [F, 1 + 2·classes] matmul (and one for each gradient)
  // replaces five products over the wide features.
  const k = classes.shape[1];
  const heads = tf.matMul(f, tf.concat([d.out, d.aux, tf.transpose(d.embed)], 1));
  const [linear, auxLogits, perClass] = tf.split(heads, [1, k, k], 1) as [tf.Tensor2D, tf.Tensor2D, tf.Tensor2D];
  const projection = tf.sum(tf.mul(perClass, classes), 1);
  return {
    realism: tf.add(tf.add(linear, d.outBias).reshape([batch]), projection) as tf.Tensor1D,
    classLogits: tf.add(auxLogits, d.auxBias) as tf.Tensor2D,
  };
}

/**
 * Bias add, LeakyReLU, then dropout when `seed` is given (training) and the rate is positive: the
 * fused kernel where it exists (one pass each way), else Add and the JavaScript gate of dropout.ts
 * (the same values). Layer `k`'s mask is drawn from seed + k.
 */
function biasLeakyDropout(x: tf.Tensor4D, bias: tf.Variable, rate: number, seed: number | undefined, k: number): tf.Tensor4D {
  if (seed === undefined || rate === 0) return tf.leakyRelu(tf.add(x, bias) as tf.Tensor4D, LEAK);
  const layerSeed = (seed + k) % 0x7fffffff;
  return fusedBiasLeakyDropout(x, bias, LEAK, rate, layerSeed) ?? leakyReluDropout(tf.add(x, bias), LEAK, rate, layerSeed);
}

/** A batch norm + ReLU's output and batch statistics; `rows` (its input as [B·h·w, C]) when the fused kernel ran. */
interface BatchNormReluOut {
  readonly y: tf.Tensor4D;
  readonly mean: tf.Tensor1D;
  readonly variance: tf.Tensor1D;
  readonly rows?: tf.Tensor2D;
}

/**
 * Batch norm then ReLU: the fused kernel in training mode where it exists, else `batchNorm` + relu.
 * An NHWC activation viewed as [B·H·W, C] is exactly per-channel batch norm for that kernel: one
 * kernel each way instead of ~16 forward and ~60 backward.
 */
function batchNormRelu(x: tf.Tensor4D, gamma: tf.Variable, beta: tf.Variable, stats?: [tf.Variable, tf.Variable]): BatchNormReluOut {
  if (stats === undefined && tf.getKernel(BATCH_NORM_RELU, tf.getBackend()) !== undefined) {
    const channels = x.shape[3];
    const rows = tf.reshape(x, [-1, channels]) as tf.Tensor2D;
    const [y, mean, variance] = tf.engine().runKernel(BATCH_NORM_RELU, { x: rows, gamma, beta }, { epsilon: BN_EPSILON } satisfies BatchNormReluAttrs) as [tf.Tensor2D, tf.Tensor1D, tf.Tensor1D];
    return { y: tf.reshape(y, x.shape), mean, variance, rows };
  }
  const n = batchNorm(x, gamma, beta, stats);
  return { ...n, y: tf.relu(n.y) };
}

/**
 * Per-channel batch normalisation written with basic ops (each has a gradient in tfjs), using the
 * batch's moments or the given [mean, variance].
 */
function batchNorm(x: tf.Tensor4D, gamma: tf.Variable, beta: tf.Variable, stats?: [tf.Variable, tf.Variable]): { y: tf.Tensor4D; mean: tf.Tensor1D; variance: tf.Tensor1D } {
  const { mean, variance } = stats ? { mean: stats[0] as tf.Tensor1D, variance: stats[1] as tf.Tensor1D } : tf.moments(x, [0, 1, 2]);
  const scale = tf.mul(gamma, tf.rsqrt(tf.add(variance, BN_EPSILON)));
  const y = tf.add(tf.mul(tf.sub(x, mean), scale), beta) as tf.Tensor4D;
  return { y, mean: mean as tf.Tensor1D, variance: variance as tf.Tensor1D };
}
