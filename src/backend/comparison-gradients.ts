/**
 * Zero gradients for TensorFlow.js's comparison and rounding ops.
 *
 * Why by hand: tfjs-core 4.22 registers no gradient for `Greater` and friends, so any second-order
 * gradient through LeakyReLU/ReLU (which the WGAN-GP gradient penalty needs) throws "gradient
 * function not found for Greater". These ops are piecewise constant, so their gradient is zero
 * almost everywhere; registering that is exact, not an approximation.
 */
import * as tf from '@tensorflow/tfjs';

const BINARY_OPS = ['Greater', 'GreaterEqual', 'Less', 'LessEqual', 'Equal', 'NotEqual'];
const UNARY_OPS = ['Sign', 'Floor', 'Ceil', 'Round'];

let registered = false;

export function registerComparisonGradients(): void {
  if (registered) return;
  registered = true;
  for (const kernelName of BINARY_OPS) {
    if (tf.getGradient(kernelName) !== undefined) continue;
    tf.registerGradient({
      kernelName,
      inputsToSave: ['a', 'b'],
      gradFunc: (_dy, saved) => ({ a: () => tf.zerosLike(saved[0]!), b: () => tf.zerosLike(saved[1]!) }),
    });
  }
  for (const kernelName of UNARY_OPS) {
    if (tf.getGradient(kernelName) !== undefined) continue;
    tf.registerGradient({
      kernelName,
      inputsToSave: ['x'],
      gradFunc: (_dy, saved) => ({ x: () => tf.zerosLike(saved[0]!) }),
    });
  }
}
