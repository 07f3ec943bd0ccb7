/**
 * The generator's weight gradients from the gradient of its images, by hand, from a traced
 * training-mode pass (`generateTraced`).
 *
 * Why: a training step generates the same fakes twice: for the D update (no tape), then for the G
 * update under `tf.variableGrads`, with the same noise, classes and (not yet updated) generator
 * weights, so the same values. Tracing the first pass and running its backward pass here saves
 * the second (one dense product, two transposed convolutions, two batch norms: ~10% of the
 * image step on wasm). Each gradient is the kernel tfjs-core's registered gradient of that op runs
 * (Sigmoid, Add, Conv2DBackpropInput, BatchNormRelu, Reshape, BatchMatMul), on the same inputs,
 * so the gradients, and the trained weights, are bit for bit those of the taped step.
 */
import * as tf from '@tensorflow/tfjs';
import { BATCH_NORM_RELU_GRAD, type BatchNormReluAttrs } from '../../src/kernel-contracts.js';
import { BN_EPSILON, type DcganNetworks, type GeneratorTrace, type TracedBatchNorm } from './networks.js';

/**
 * d(loss)/d(weight) for every generator trainable, keyed by variable name (as `tf.variableGrads`
 * returns them), given `dImages` = d(loss)/d(trace.images).
 */
export function generatorGradients(nets: DcganNetworks, trace: GeneratorTrace, dImages: tf.Tensor4D): tf.NamedTensorMap {
  const g = nets.generator;
  const images = trace.images;
  // Sigmoid: dy · y · (1 − y); Add: the bias gets the sum over every position.
  const dPre = tf.mul(dImages, tf.mul(images, tf.sub(tf.scalar(1), images))) as tf.Tensor4D;
  const dUp2Bias = tf.reshape(tf.sum(dPre, [0, 1, 2]), g.up2Bias.shape);
  const up2 = transposedConvGradients(dPre, trace.bn1.y, g.up2 as tf.Tensor4D);
  const bn1 = batchNormReluGradients(up2.dInput, trace.bn1, g.bn1Gamma, g.bn1Beta);
  const up1 = transposedConvGradients(bn1.dInput, trace.bn0.y, g.up1 as tf.Tensor4D);
  const bn0 = batchNormReluGradients(up1.dInput, trace.bn0, g.bn0Gamma, g.bn0Beta);
  const batch = trace.input.shape[0];
  const dDense = tf.matMul(trace.input, tf.reshape(bn0.dInput, [batch, -1]), true, false);
  return {
    [g.dense.name]: dDense,
    [g.bn0Gamma.name]: bn0.dGamma,
    [g.bn0Beta.name]: bn0.dBeta,
    [g.up1.name]: up1.dFilter,
    [g.bn1Gamma.name]: bn1.dGamma,
    [g.bn1Beta.name]: bn1.dBeta,
    [g.up2.name]: up2.dFilter,
    [g.up2Bias.name]: dUp2Bias,
  };
}

/** conv2dTranspose(x, filter, ..., 2, 'same')'s gradients given dy of its output (as tfjs-core's). */
function transposedConvGradients(dy: tf.Tensor4D, x: tf.Tensor4D, filter: tf.Tensor4D): { dInput: tf.Tensor4D; dFilter: tf.Tensor4D } {
  const dInput = tf.conv2d(dy, filter, 2, 'same');
  const dFilter = tf.engine().runKernel('Conv2DBackpropFilter', { x: dy, dy: x }, { strides: 2, pad: 'same', dataFormat: 'NHWC', filterShape: filter.shape }) as tf.Tensor4D;
  return { dInput, dFilter };
}

/** The fused batch norm + ReLU's gradients given dy of its NHWC output; dInput is NHWC too. */
function batchNormReluGradients(dy: tf.Tensor4D, layer: TracedBatchNorm, gamma: tf.Variable, beta: tf.Variable): { dInput: tf.Tensor4D; dGamma: tf.Tensor; dBeta: tf.Tensor } {
  const inputs = { dy: tf.reshape(dy, layer.rows.shape), x: layer.rows, gamma, beta, mean: layer.mean, variance: layer.variance };
  const [dx, dGamma, dBeta] = tf.engine().runKernel(BATCH_NORM_RELU_GRAD, inputs, { epsilon: BN_EPSILON } satisfies BatchNormReluAttrs) as [tf.Tensor2D, tf.Tensor, tf.Tensor];
  return { dInput: tf.reshape(dx, dy.shape), dGamma, dBeta };
}
