import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { registerComparisonGradients } from '../../src/backend/comparison-gradients.js';
import { initBackend } from '../../src/backend/pick.js';

describe('registerComparisonGradients', () => {
  it('registers zero gradients for comparison and rounding ops, once', async () => {
    await initBackend('cpu');
    registerComparisonGradients();
    registerComparisonGradients();
    for (const name of ['Greater', 'GreaterEqual', 'Less', 'LessEqual', 'Equal', 'NotEqual', 'Sign', 'Floor', 'Ceil', 'Round']) {
      expect(tf.getGradient(name), name).toBeDefined();
    }
    const grads = tf.tidy(() => {
      const a = tf.tensor1d([1, -2, 3]);
      const b = tf.tensor1d([0, 0, 5]);
      const g = tf.getGradient('Greater').gradFunc(tf.ones([3]), [a, b], {}) as Record<string, () => tf.Tensor>;
      return [g['a']!().arraySync(), g['b']!().arraySync()];
    });
    expect(grads).toEqual([[0, 0, 0], [0, 0, 0]]);
  });

  it('makes the second derivative of LeakyReLU computable (zero, as the function is piecewise linear)', async () => {
    await initBackend('cpu');
    const d2 = tf.tidy(() => {
      const first = (x: tf.Tensor): tf.Tensor => tf.grad((y: tf.Tensor) => tf.sum(tf.leakyRelu(y, 0.2)))(x);
      return tf.grad((x: tf.Tensor) => tf.sum(tf.mul(first(x), x)))(tf.tensor1d([-1.5, 0.5, 2])).arraySync();
    });
    // d/dx [lrelu'(x)·x] = lrelu'(x) (the derivative of lrelu' itself is zero).
    expect(d2).toEqual([expect.closeTo(0.2, 6), 1, 1]);
  });
});
