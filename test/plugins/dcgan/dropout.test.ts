import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../../src/backend/pick.js';
import { biasLeakyDropout, biasLeakyDropoutGrad } from '../../../src/backend/kernels/bias-leaky-dropout.js';
import { installCustomKernels, uninstallCustomKernel } from '../../../src/backend/kernels/install.js';
import { BIAS_LEAKY_DROPOUT } from '../../../src/kernel-contracts.js';
import { Rng } from '../../../src/random.js';
import { fillLeakyDropoutGate, leakyReluDropout } from '../../../plugins/dcgan/dropout.js';
import { buildNetworks, disposeNetworks, networksToArrays } from '../../../plugins/dcgan/networks.js';
import { DcganTrainer } from '../../../plugins/dcgan/train.js';

// Channels 8 and 16 take the fused kernel's SIMD loop on wasm.
const SHAPE = { height: 8, width: 12, channels: 2, classes: 3, noiseDim: 6, generatorWidth: 8, discriminatorWidth: 8 };

function trainWeights(): { weights: Record<string, Float32Array>; losses: number[] } {
  const nets = buildNetworks(SHAPE, new Rng(11));
  const trainer = new DcganTrainer(nets, { lr: 5e-3, beta1: 0.5, dropout: 0.3, auxWeight: 1 });
  const data = new Rng(12);
  const real = tf.tensor4d(Float32Array.from({ length: 5 * 8 * 12 * 2 }, () => data.next()), [5, 8, 12, 2]);
  const labels = tf.tensor1d([0, 2, 1, 1, 0], 'int32');
  const rng = new Rng(13);
  const losses: number[] = [];
  for (let i = 0; i < 4; i++) {
    const l = trainer.step(real, labels, rng);
    losses.push(l.lossD, l.lossG, l.dReal, l.dFake);
  }
  const weights = networksToArrays(nets);
  trainer.dispose();
  disposeNetworks(nets);
  tf.dispose([real, labels]);
  return { weights, losses };
}

describe('dcgan leakyReluDropout', () => {
  beforeAll(async () => {
    await initBackend('auto');
  });

  it('drops the requested fraction, scales the kept values, and is a pure function of the seed', () => {
    const n = 200_001; // odd: the last value comes from a half-used draw
    const ones = new Float32Array(n).fill(1);
    const a = new Float32Array(n);
    const b = new Float32Array(n);
    fillLeakyDropoutGate(ones, a, 0.2, 0.3, 42);
    fillLeakyDropoutGate(ones, b, 0.2, 0.3, 42);
    expect(b).toEqual(a);
    let dropped = 0;
    let badlyScaled = 0;
    for (const v of a) {
      if (v === 0) dropped++;
      else if (Math.abs(v - 1 / 0.7) > 1e-6) badlyScaled++;
    }
    expect(badlyScaled).toBe(0);
    // Binomial(n, 0.3): standard deviation ~205, so ±1,500 is far outside chance.
    expect(Math.abs(dropped - 0.3 * n)).toBeLessThan(1500);
    fillLeakyDropoutGate(ones, b, 0.2, 0.3, 43);
    expect(b).not.toEqual(a);
  });

  it('uses the slope alpha on non-positive inputs, and dropping does not depend on the input', () => {
    const x = new Float32Array([-2, 0, 3, -0.5, 1, -1, 2, 5]);
    const positive = new Float32Array(x.length).fill(1);
    const gate = new Float32Array(x.length);
    const mask = new Float32Array(x.length);
    fillLeakyDropoutGate(x, gate, 0.2, 0.5, 7);
    fillLeakyDropoutGate(positive, mask, 0.2, 0.5, 7);
    for (let i = 0; i < x.length; i++) expect(gate[i]).toBeCloseTo(mask[i]! * (x[i]! > 0 ? 1 : 0.2), 6);
  });

  it('equals leakyRelu then the same mask, and its gradient is the gate', () => {
    const rng = new Rng(3);
    const values = Float32Array.from({ length: 2 * 5 * 5 * 4 }, () => rng.normal());
    tf.tidy(() => {
      const x = tf.tensor4d(values, [2, 5, 5, 4]);
      const gate = new Float32Array(values.length);
      fillLeakyDropoutGate(values, gate, 0.2, 0.3, 99);
      const y = leakyReluDropout(x, 0.2, 0.3, 99);
      const ones = new Float32Array(values.length).fill(1);
      const mask = new Float32Array(values.length);
      fillLeakyDropoutGate(ones, mask, 0.2, 0.3, 99);
      const expected = tf.mul(tf.leakyRelu(x, 0.2), tf.tensor4d(mask, [2, 5, 5, 4]));
      expect(tf.max(tf.abs(tf.sub(y, expected))).dataSync()[0]).toBeLessThan(1e-6);
      const dy = tf.randomNormal([2, 5, 5, 4], 0, 1, 'float32', 5);
      const dx = tf.grad((t: tf.Tensor) => leakyReluDropout(t, 0.2, 0.3, 99))(x, dy);
      const expectedDx = tf.mul(dy, tf.tensor4d(gate, [2, 5, 5, 4]));
      expect(tf.max(tf.abs(tf.sub(dx, expectedDx))).dataSync()[0]).toBeLessThan(1e-6);
    });
  });

  for (const backend of ['wasm', 'cpu']) {
    it(`trains to the same bytes with the fused BiasLeakyDropout kernel as with Add and this gate on ${backend}`, async () => {
      const previous = tf.getBackend();
      await initBackend(backend as 'wasm' | 'cpu');
      try {
        expect(tf.getKernel(BIAS_LEAKY_DROPOUT, backend)).toBeDefined();
        const before = tf.memory().numTensors;
        const fused = trainWeights();
        expect(tf.memory().numTensors).toBe(before);
        uninstallCustomKernel(biasLeakyDropout, backend);
        uninstallCustomKernel(biasLeakyDropoutGrad, backend);
        let stock: ReturnType<typeof trainWeights>;
        try {
          expect(tf.getKernel(BIAS_LEAKY_DROPOUT, backend)).toBeUndefined();
          stock = trainWeights();
        } finally {
          installCustomKernels(backend, [biasLeakyDropout, biasLeakyDropoutGrad]);
        }
        expect(fused.losses).toEqual(stock.losses);
        for (const [name, values] of Object.entries(stock.weights)) expect(Buffer.from(fused.weights[name]!.buffer).equals(Buffer.from(values.buffer)), name).toBe(true);
      } finally {
        await tf.setBackend(previous);
      }
    });
  }
});
