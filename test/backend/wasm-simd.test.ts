/**
 * The WebAssembly SIMD loops (src/backend/kernels/wasm-simd.ts) give the very bits of the stock
 * wasm kernel chains they replace, on random inputs: FusedAdam's large-tensor path (with and without
 * weight decay and the running average, sizes that are and are not multiples of 4).
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../src/backend/pick.js';
import { simdLoops, wasmMemoryOf } from '../../src/backend/kernels/wasm-simd.js';
import { FUSED_ADAM, type FusedAdamAttrs } from '../../src/kernel-contracts.js';
import { Rng } from '../../src/random.js';

beforeAll(async () => {
  expect((await initBackend('wasm')).name).toBe('wasm');
});

/** Positions where two float32 arrays differ bit for bit. */
function bitDifferences(a: tf.Tensor, b: tf.Tensor): number {
  const x = new Uint32Array(Float32Array.from(a.dataSync()).buffer);
  const y = new Uint32Array(Float32Array.from(b.dataSync()).buffer);
  expect(x.length).toBe(y.length);
  let n = 0;
  for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) n++;
  return n;
}

function random(rng: Rng, shape: number[], positive = false): tf.Tensor {
  return tf.tensor(Float32Array.from({ length: shape.reduce((p, d) => p * d, 1) }, () => (positive ? rng.next() : rng.normal())), shape);
}

/** FusedAdam's former large-tensor path: one stock kernel per operation, float32 scalars. */
function adamChain(x: tf.Tensor, g: tf.Tensor, m: tf.Tensor, v: tf.Tensor, average: tf.Tensor | undefined, a: FusedAdamAttrs): tf.Tensor[] {
  const s = (value: number): tf.Scalar => tf.scalar(value);
  const grad = a.weightDecay !== 0 ? tf.add(g, tf.mul(x, s(a.weightDecay))) : g;
  const m1 = tf.add(tf.mul(m, s(a.beta1)), tf.mul(grad, s(1 - a.beta1)));
  const v1 = tf.add(tf.mul(v, s(a.beta2)), tf.mul(tf.square(grad), s(1 - a.beta2)));
  const denominator = tf.add(tf.sqrt(tf.mul(v1, s(1 / (1 - a.beta2 ** a.step)))), s(a.epsilon));
  const x1 = tf.sub(x, tf.div(tf.mul(m1, s(a.lr / (1 - a.beta1 ** a.step))), denominator));
  return average ? [x1, m1, v1, tf.add(tf.mul(average, s(a.averageDecay)), tf.mul(x1, s(1 - a.averageDecay)))] : [x1, m1, v1];
}

describe('WebAssembly SIMD loops', () => {
  it('load on the wasm backend', () => {
    expect(simdLoops(wasmMemoryOf(tf.backend())!)).not.toBeNull();
  });

  it('FusedAdam on large tensors gives the bits of the stock kernel chain', () => {
    const rng = new Rng(11);
    const failures: string[] = [];
    for (const shape of [[130, 130], [130, 131], [16385], [1320, 256]]) {
      for (const weightDecay of [0, 1e-6]) {
        for (const withAverage of [false, true]) {
          tf.tidy(() => {
            const [x, g, m] = [random(rng, shape), random(rng, shape), random(rng, shape)];
            const v = random(rng, shape, true);
            const average = withAverage ? random(rng, shape) : undefined;
            const attrs: FusedAdamAttrs = { lr: 2e-4, beta1: 0.6, beta2: 0.9, epsilon: 1e-8, weightDecay, step: 1 + rng.int(50), averageDecay: withAverage ? 0.97 : 0 };
            const fused = tf.engine().runKernel(FUSED_ADAM, { x, g, m, v, ...(average ? { average } : {}) }, attrs) as tf.Tensor[];
            const chain = adamChain(x, g, m, v, average, attrs);
            const diffs = fused.map((t, i) => bitDifferences(t, chain[i]!));
            if (diffs.some((d) => d > 0)) failures.push(`${JSON.stringify({ shape, weightDecay, withAverage })}: ${diffs.join(',')}`);
          });
        }
      }
    }
    expect(failures).toEqual([]);
  });
});
