/**
 * The generator's training-mode forward pass (fused matmul + bias, the fused BatchNorm + ReLU
 * kernel, and input gradients computed only for the columns that need them) against the same
 * network written with plain stock ops and differentiated by tfjs: output and the gradient of a
 * weighted sum w.r.t. every generator variable, on wasm and cpu.
 */
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { initBackend } from '../../../src/backend/pick.js';
import { Rng } from '../../../src/random.js';
import { buildNetworks, disposeNetworks, generatorForward, generatorVariables, type Generator } from '../../../plugins/ctgan/networks.js';
import { maxRelError } from '../../support/tensor-error.js';

/** The generator with stock ops only (BatchNorm written out with batch statistics, eps 1e-5). */
function plainForward(g: Generator, input: tf.Tensor2D): tf.Tensor2D {
  let x = input;
  for (const { dense, bn } of g.blocks) {
    const h = tf.add(tf.matMul(x, dense.w as tf.Tensor2D), dense.b);
    const m = tf.moments(h, 0);
    const normed = tf.add(tf.mul(tf.mul(tf.sub(h, m.mean), tf.rsqrt(tf.add(m.variance, 1e-5))), bn.gamma), bn.beta);
    x = tf.concat([tf.relu(normed), x], 1) as tf.Tensor2D;
  }
  return tf.add(tf.matMul(x, g.head.w as tf.Tensor2D), g.head.b) as tf.Tensor2D;
}

describe.each(['wasm', 'cpu'] as const)('generator forward and gradients on %s', (backend) => {
  it('match plain stock ops differentiated by tfjs', async () => {
    await initBackend(backend);
    const shape = { embeddingDim: 6, condDim: 3, dataDim: 7, generatorDims: [12, 10], criticDims: [8], pac: 1 };
    const { generator, critic } = buildNetworks(shape, [{ start: 0, width: 7, activation: 'softmax' }], new Rng(4));
    tf.tidy(() => {
      const input = tf.randomNormal([16, 9], 0, 1, 'float32', 1) as tf.Tensor2D;
      const w = tf.randomNormal([16, 7], 0, 1, 'float32', 2);
      const loss = (forward: (i: tf.Tensor2D) => tf.Tensor2D) => () => tf.sum(tf.mul(forward(input), w)) as tf.Scalar;
      const ours = tf.variableGrads(loss((i) => generatorForward(generator, i, true)), generatorVariables(generator));
      const ref = tf.variableGrads(loss((i) => plainForward(generator, i)), generatorVariables(generator));
      expect(Math.abs(ours.value.dataSync()[0]! - ref.value.dataSync()[0]!)).toBeLessThan(1e-4 * Math.max(1, Math.abs(ref.value.dataSync()[0]!)));
      for (const v of generatorVariables(generator)) expect(maxRelError(ours.grads[v.name]!, ref.grads[v.name]!), v.name).toBeLessThan(1e-4);
    });
    disposeNetworks(generator, critic);
  });
});
