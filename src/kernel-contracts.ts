/**
 * The fused kernels gan-augment adds to TensorFlow.js: their names, attributes and shared
 * constants, declared once for the code that registers them (src/backend/kernels) and the GAN
 * plugins that call them through `tf.engine().runKernel`.
 *
 * Declarations only, with no imports: a plugin (or option validation) that imports this file loads
 * no backend. Each kernel's inputs, outputs and formula are documented in its kernel file; a
 * caller first checks that the active backend has the kernel (its self-test can remove it) and
 * otherwise computes the same values with stock ops.
 *
 * @example
 * const attrs: BatchNormReluAttrs = { epsilon: 1e-5 };
 * if (tf.getKernel(BATCH_NORM_RELU, tf.getBackend())) tf.engine().runKernel(BATCH_NORM_RELU, { x, gamma, beta }, attrs);
 */

/** One Adam step of one variable (src/backend/kernels/adam-update.ts). Inputs x, g, m, v (+ average). */
export const FUSED_ADAM = 'FusedAdam';

export type FusedAdamAttrs = {
  readonly lr: number;
  readonly beta1: number;
  readonly beta2: number;
  readonly epsilon: number;
  /** L2 weight decay added to the gradient (default 0). */
  readonly weightDecay: number;
  /** The step number t ≥ 1 (bias corrections 1 − βᵗ). */
  readonly step: number;
  /** Decay of the running average of the weights, read when the `average` input is given (default 0). */
  readonly averageDecay: number;
};

/** A tabular generator's output activation per column span (src/backend/kernels/span-activation.ts). Inputs logits, noise. */
export const SPAN_ACTIVATION = 'SpanActivation';
/** SpanActivation's gradient. Inputs dy, y. */
export const SPAN_ACTIVATION_GRAD = 'SpanActivationGrad';

export type SpanActivationAttrs = {
  /** Spans covering the columns in order. */
  readonly starts: number[];
  readonly widths: number[];
  /** Per span: 1 for a Gumbel-softmax span, 0 for tanh. */
  readonly softmax: number[];
  /** Softmax temperature (> 0). */
  readonly tau: number;
};

/**
 * Bounds the uniform noise of a Gumbel-softmax span is clipped to, in the kernel and in any
 * stock-op fallback: a draw that rounds to 1 (or 0) would make the Gumbel noise infinite.
 */
export const GUMBEL_NOISE_MIN = 1e-10;
/** The largest float32 below 1. */
export const GUMBEL_NOISE_MAX = 1 - 2 ** -23;

/** Cross-entropy of logits against one-hot targets per span (src/backend/kernels/span-cross-entropy.ts). Inputs logits, target. */
export const SPAN_CROSS_ENTROPY = 'SpanCrossEntropy';
/** SpanCrossEntropy's gradient. Inputs dy, logits, target. */
export const SPAN_CROSS_ENTROPY_GRAD = 'SpanCrossEntropyGrad';

export type SpanCrossEntropyAttrs = {
  readonly starts: number[];
  readonly widths: number[];
};

/** Training-mode batch norm + ReLU over [rows, channels] (src/backend/kernels/batch-norm-relu.ts). Inputs x, gamma, beta. */
export const BATCH_NORM_RELU = 'BatchNormRelu';
/** BatchNormRelu's gradient. Inputs dy, x, gamma, beta (+ mean, variance). */
export const BATCH_NORM_RELU_GRAD = 'BatchNormReluGrad';

export type BatchNormReluAttrs = {
  /** Added to the variance (> 0). */
  readonly epsilon: number;
};

/**
 * Bias add, LeakyReLU and a seeded dropout gate in one pass (src/backend/kernels/bias-leaky-dropout.ts):
 * the image discriminator's activation. Inputs x [..., channels], bias [channels]; outputs y, gate.
 */
export const BIAS_LEAKY_DROPOUT = 'BiasLeakyDropout';
/** BiasLeakyDropout's gradient. Inputs dy, gate; outputs dx = dy · gate and dbias (dx summed per channel). */
export const BIAS_LEAKY_DROPOUT_GRAD = 'BiasLeakyDropoutGrad';

export type BiasLeakyDropoutAttrs = {
  /** LeakyReLU's slope for non-positive values. */
  readonly alpha: number;
  /** Dropout rate in [0, 1). */
  readonly rate: number;
  /** The mask's seed (a 32-bit integer). */
  readonly seed: number;
};
