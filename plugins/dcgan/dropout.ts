/**
 * The discriminator's LeakyReLU + dropout, with seeded masks drawn in JavaScript.
 *
 * Why hand-written: `tf.dropout` with a seed draws its uniforms with seedrandom's alea in float64
 * (~10 ms for one 128x14x14x32 activation here) and then runs Add, Floor and RealDiv over them,
 * and the stock LeakyRelu gradient runs Greater (with a broadcast scalar, slow on wasm), Select
 * and Multiply: together ~30 ms of a ~170 ms DCGAN step for the four activations. Here one
 * JavaScript pass computes gate = (x > 0 ? 1 : alpha) · mask (src/backend/kernels/leaky-dropout-gate.ts,
 * the mask stream's one definition), and y = x · gate, dy/dx = gate are one Multiply each. The
 * discriminator runs this only where the fused `BiasLeakyDropout` kernel (the same values, with
 * the bias add, in one WebAssembly pass) is missing.
 */
import * as tf from '@tensorflow/tfjs';
import { fillLeakyDropoutGate } from '../../src/backend/kernels/leaky-dropout-gate.js';
import { BIAS_LEAKY_DROPOUT, BIAS_LEAKY_DROPOUT_GRAD, type BiasLeakyDropoutAttrs } from '../../src/kernel-contracts.js';

export { fillLeakyDropoutGate };

/**
 * LeakyReLU(`alpha`) followed by dropout (`rate`, mask drawn from `seed`), as one multiply by a
 * gate: y = x · gate, and the gradient dy · gate.
 *
 * @example
 * const h = leakyReluDropout(conv, 0.2, 0.3, seed);
 */
export function leakyReluDropout<T extends tf.Tensor>(x: T, alpha: number, rate: number, seed: number): T {
  const gateValues = new Float32Array(x.size);
  fillLeakyDropoutGate(x.dataSync() as Float32Array, gateValues, alpha, rate, seed);
  const gate = tf.tensor(gateValues, x.shape, 'float32');
  const gated = tf.customGrad((...args: Array<tf.Tensor | tf.GradSaveFunc>) => {
    const [input, save] = args as [tf.Tensor, tf.GradSaveFunc];
    save([gate]);
    return { value: tf.mul(input, gate), gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => tf.mul(dy, saved[0]!) };
  });
  return gated(x) as T;
}

/**
 * The fused kernel's y = LeakyReLU(x + bias)·mask, where the active backend has `BiasLeakyDropout`
 * (else undefined: the caller adds the bias and uses `leakyReluDropout`, the same values).
 *
 * Why through customGrad rather than the kernel's registered gradient: the tape gives every
 * output of a multi-output kernel a dy, and one with no gradient (the gate) gets a zeros tensor
 * of its size built in JavaScript and copied into the heap (3.2 MB per 128x14x14x32 activation).
 * Here the engine sees one output and the gate is a saved tensor.
 */
export function fusedBiasLeakyDropout(x: tf.Tensor4D, bias: tf.Tensor, alpha: number, rate: number, seed: number): tf.Tensor4D | undefined {
  if (tf.getKernel(BIAS_LEAKY_DROPOUT, tf.getBackend()) === undefined) return undefined;
  const attrs: BiasLeakyDropoutAttrs = { alpha, rate, seed };
  const gated = tf.customGrad((...args: Array<tf.Tensor | tf.GradSaveFunc>) => {
    const [input, b, save] = args as [tf.Tensor, tf.Tensor, tf.GradSaveFunc];
    const [y, gate] = tf.engine().runKernel(BIAS_LEAKY_DROPOUT, { x: input, bias: b }, attrs) as [tf.Tensor, tf.Tensor];
    save([gate]);
    return {
      value: y,
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => tf.engine().runKernel(BIAS_LEAKY_DROPOUT_GRAD, { dy, gate: saved[0]! }) as tf.Tensor[],
    };
  });
  return gated(x, bias) as tf.Tensor4D;
}
