/**
 * The discriminator's LeakyReLU + dropout, with seeded masks drawn in JavaScript.
 *
 * Why hand-written: `tf.dropout` with a seed draws its uniforms with seedrandom's alea in float64
 * (~10 ms for one 128x14x14x32 activation here) and then runs Add, Floor and RealDiv over them,
 * and the stock LeakyRelu gradient runs Greater (with a broadcast scalar, slow on wasm), Select
 * and Multiply: together ~30 ms of a ~170 ms DCGAN step for the four activations. Here one
 * JavaScript pass computes gate = (x > 0 ? 1 : alpha) · mask, and y = x · gate, dy/dx = gate are
 * one Multiply each. The generator is xoshiro128** (four 32-bit words, `Math.imul`, seeded through
 * splitmix32 so that nearby seeds give unrelated streams), as in plugins/ctgan/noise.ts (plugins
 * do not import each other); each 32-bit draw gives two 16-bit uniforms, compared branch-free
 * with the rate, so the drop probability is the rate rounded to a multiple of 2^-16.
 */
import * as tf from '@tensorflow/tfjs';

/**
 * Write gate[i] = (x[i] > 0 ? 1 : alpha) · mask[i] into `out`, where mask[i] is 0 with probability
 * `rate` and 1 / (1 − rate) otherwise, drawn from `seed` (same seed ⇒ same mask on every backend).
 */
export function fillLeakyDropoutGate(x: ArrayLike<number>, out: Float32Array, alpha: number, rate: number, seed: number): void {
  let state = seed | 0;
  const split = (): number => {
    state = (state + 0x9e3779b9) | 0;
    let z = state;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    return (z ^ (z >>> 16)) | 0;
  };
  let s0 = split();
  let s1 = split();
  let s2 = split();
  let s3 = split();
  if ((s0 | s1 | s2 | s3) === 0) s0 = 1;
  const kept = 1 / (1 - rate);
  const threshold = Math.round(rate * 65536);
  // Indexed by (kept ? 2 : 0) | (x > 0 ? 1 : 0): table lookups instead of branches on random bits.
  const table = new Float32Array([0, 0, alpha * kept, kept]);
  const n = out.length;
  for (let i = 0; i < n; i += 2) {
    // xoshiro128** step, inlined (state in locals).
    const m = Math.imul(s1, 5);
    const r = Math.imul((m << 7) | (m >>> 25), 9);
    const t = s1 << 9;
    s2 ^= s0;
    s3 ^= s1;
    s1 ^= s2;
    s0 ^= s3;
    s2 ^= t;
    s3 = (s3 << 11) | (s3 >>> 21);
    // (threshold − 1 − u) is negative exactly when u ≥ threshold (kept): its sign bit, times 2.
    out[i] = table[(((threshold - 1 - (r & 0xffff)) >>> 31) << 1) | Number(x[i]! > 0)]!;
    if (i + 1 < n) out[i + 1] = table[(((threshold - 1 - (r >>> 16)) >>> 31) << 1) | Number(x[i + 1]! > 0)]!;
  }
}

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
