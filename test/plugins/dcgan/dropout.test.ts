import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../../src/backend/pick.js';
import { Rng } from '../../../src/random.js';
import { fillLeakyDropoutGate, leakyReluDropout } from '../../../plugins/dcgan/dropout.js';

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
});
