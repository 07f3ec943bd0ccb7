/**
 * The fused BiasLeakyDropout kernel pair (src/backend/kernels/bias-leaky-dropout.ts) against the
 * stock chain it replaces in the image discriminator (Add of the bias, the JavaScript gate of
 * leaky-dropout-gate.ts, Multiply; backward Multiply and the bias Add's Sum), bit for bit, on wasm
 * (the SIMD loop with its xoshiro128** in WebAssembly; channels not a multiple of 4 the JavaScript
 * loop) and cpu; and the gradients through the engine against tf.grads of that chain.
 */
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { initBackend } from '../../src/backend/pick.js';
import { biasLeakyDropout, biasLeakyDropoutGrad, biasLeakyDropoutGradReference, biasLeakyDropoutReference } from '../../src/backend/kernels/bias-leaky-dropout.js';
import { installedKernelConfig } from '../../src/backend/kernels/install.js';
import { fillLeakyDropoutGate } from '../../src/backend/kernels/leaky-dropout-gate.js';
import { BIAS_LEAKY_DROPOUT, BIAS_LEAKY_DROPOUT_GRAD, type BiasLeakyDropoutAttrs } from '../../src/kernel-contracts.js';
import { Rng } from '../../src/random.js';

function random(rng: Rng, shape: number[]): tf.Tensor {
  return tf.tensor(Float32Array.from({ length: shape.reduce((p, d) => p * d, 1) }, () => rng.normal()), shape);
}

/** Whether two tensors hold the same float32 bits (NaNs compared by their bits too). */
function sameBits(a: tf.Tensor, b: tf.Tensor): boolean {
  expect(a.shape).toEqual(b.shape);
  return Buffer.from(Float32Array.from(a.dataSync()).buffer).equals(Buffer.from(Float32Array.from(b.dataSync()).buffer));
}

const SHAPES: number[][] = [
  [64, 14, 14, 32], // the discriminator's first activation at batch 64
  [3, 7, 7, 64],
  [2, 5, 8], // SIMD loop, one xoshiro step per two values across rows
  [1, 4],
  [3, 5, 6], // 6 channels: the JavaScript loop on wasm
  [3, 3], // 9 values: the last from a half-used draw
];
const ATTRS: BiasLeakyDropoutAttrs[] = [
  { alpha: 0.2, rate: 0.3, seed: 12345 },
  { alpha: 0.1, rate: 0.5, seed: 0 },
  { alpha: 0.2, rate: 0, seed: 7 },
  { alpha: 0.2, rate: 0.999, seed: 0x7ffffffe },
];

describe.each(['wasm', 'cpu'] as const)('BiasLeakyDropout on %s', (backend) => {
  it('is installed and passes its self-test', async () => {
    const info = await initBackend(backend);
    expect(installedKernelConfig(biasLeakyDropout, backend)).toBeDefined();
    expect(installedKernelConfig(biasLeakyDropoutGrad, backend)).toBeDefined();
    expect(info.notes.filter((n) => n.includes('BiasLeakyDropout'))).toEqual([]);
  });

  it('gives the bits of Add + the JavaScript gate + Multiply, and of Multiply + Sum backward', async () => {
    await initBackend(backend);
    const rng = new Rng(21);
    for (const shape of SHAPES) {
      for (const attrs of ATTRS) {
        tf.tidy(() => {
          const x = random(rng, shape);
          const bias = random(rng, [shape[shape.length - 1]!]);
          const [y, gate] = tf.engine().runKernel(BIAS_LEAKY_DROPOUT, { x, bias }, attrs) as tf.Tensor[];
          const [yRef, gateRef] = biasLeakyDropoutReference({ x, bias }, attrs);
          const label = `${shape.join('x')} ${JSON.stringify(attrs)}`;
          expect(sameBits(gate!, gateRef!), `gate ${label}`).toBe(true);
          expect(sameBits(y!, yRef!), `y ${label}`).toBe(true);
          const dy = random(rng, shape);
          const [dx, dbias] = tf.engine().runKernel(BIAS_LEAKY_DROPOUT_GRAD, { dy, gate: gate! }) as tf.Tensor[];
          const [dxRef, dbiasRef] = biasLeakyDropoutGradReference({ dy, gate: gate! });
          expect(sameBits(dx!, dxRef!), `dx ${label}`).toBe(true);
          expect(sameBits(dbias!, dbiasRef!), `dbias ${label}`).toBe(true);
        });
      }
    }
  });

  it('drops the rate\'s share, scales the kept values, and treats 0, -0, NaN and infinities as the JavaScript gate does', async () => {
    await initBackend(backend);
    tf.tidy(() => {
      const edge = [0, -0, NaN, Infinity, -Infinity, 1e-45, -1e-45, 3];
      const values = Float32Array.from({ length: 16 * 8 }, (_, i) => edge[i % 8]!);
      const x = tf.tensor2d(values, [16, 8]);
      const bias = tf.zeros([8]);
      const attrs = { alpha: 0.2, rate: 0.25, seed: 99 };
      const [y, gate] = tf.engine().runKernel(BIAS_LEAKY_DROPOUT, { x, bias }, attrs) as tf.Tensor[];
      const expected = new Float32Array(values.length);
      fillLeakyDropoutGate(values, expected, 0.2, 0.25, 99);
      expect(sameBits(gate!, tf.tensor2d(expected, [16, 8]))).toBe(true);
      // (x + 0 maps −0 to +0 before the Multiply, as the stock Add does.)
      expect(sameBits(y!, tf.mul(tf.add(x, bias), tf.tensor2d(expected, [16, 8])))).toBe(true);
      const ones = tf.ones([200, 100]);
      const kept = (tf.engine().runKernel(BIAS_LEAKY_DROPOUT, { x: ones, bias: tf.zeros([100]) }, attrs) as tf.Tensor[])[1]!.dataSync();
      const dropped = kept.filter((v) => v === 0).length;
      // Binomial(20000, 0.25): standard deviation ~61.
      expect(Math.abs(dropped - 5000)).toBeLessThan(400);
      expect(kept.every((v) => v === 0 || v === Math.fround(1 / 0.75))).toBe(true);
    });
  });

  it('its gradients through the engine equal tf.grads of the stock chain, bit for bit', async () => {
    await initBackend(backend);
    const rng = new Rng(4);
    tf.tidy(() => {
      const attrs = { alpha: 0.2, rate: 0.3, seed: 5 };
      const x = random(rng, [4, 6, 6, 16]);
      const bias = random(rng, [16]);
      const w = random(rng, [4, 6, 6, 16]);
      const fused = (xx: tf.Tensor, bb: tf.Tensor): tf.Tensor => tf.sum(tf.mul((tf.engine().runKernel(BIAS_LEAKY_DROPOUT, { x: xx, bias: bb }, attrs) as tf.Tensor[])[0]!, w));
      // The chain as the discriminator ran it: the gate a constant of the pass.
      const gateValues = new Float32Array(x.size);
      fillLeakyDropoutGate(tf.add(x, bias).dataSync(), gateValues, 0.2, 0.3, 5);
      const gate = tf.tensor(gateValues, x.shape);
      const chain = (xx: tf.Tensor, bb: tf.Tensor): tf.Tensor => tf.sum(tf.mul(tf.mul(tf.add(xx, bb), gate), w));
      const [dxFused, dbFused] = tf.grads(fused)([x, bias]);
      const [dxChain, dbChain] = tf.grads(chain)([x, bias]);
      expect(sameBits(dxFused!, dxChain!)).toBe(true);
      expect(sameBits(dbFused!, dbChain!)).toBe(true);
    });
  });
});
