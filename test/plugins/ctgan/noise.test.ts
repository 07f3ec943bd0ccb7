/**
 * The training step's hand-written noise (plugins/ctgan/noise.ts): normal draws with the moments
 * and tail masses of a standard normal and a Kolmogorov-Smirnov distance to its CDF consistent
 * with a sample of this size, uniform draws in (0, 1], dropout masks with the right values and
 * rate, the generator-input layout, and the same values for the same seed.
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../../src/backend/pick.js';
import { dropoutMask, noiseWithCondition, normalValues, uniformNoise } from '../../../plugins/ctgan/noise.js';

/** Standard normal CDF (Abramowitz-Stegun 7.1.26 erf, |error| < 1.5e-7). */
function phi(x: number): number {
  const t = 1 / (1 + 0.3275911 * (Math.abs(x) / Math.SQRT2));
  const erf = 1 - ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * Math.exp(-(x * x) / 2);
  return 0.5 * (1 + Math.sign(x) * erf);
}

describe('ctgan noise', () => {
  beforeAll(async () => {
    await initBackend('cpu');
  });

  it('draws standard normal values (moments, tails, KS distance), the same for the same seed', () => {
    const n = 400_000;
    const v = normalValues(n, 7);
    let s = 0;
    let s2 = 0;
    let s4 = 0;
    let beyond2 = 0;
    let beyond3 = 0;
    for (const x of v) {
      s += x;
      s2 += x * x;
      s4 += x ** 4;
      if (Math.abs(x) > 2) beyond2++;
      if (Math.abs(x) > 3) beyond3++;
    }
    expect(Math.abs(s / n)).toBeLessThan(0.01);
    expect(Math.abs(s2 / n - 1)).toBeLessThan(0.01);
    expect(Math.abs(s4 / n - 3)).toBeLessThan(0.06);
    expect(Math.abs(beyond2 / n - 0.0455)).toBeLessThan(0.002);
    expect(Math.abs(beyond3 / n - 0.0027)).toBeLessThan(0.0005);
    const sorted = Float64Array.from(v).sort();
    let ks = 0;
    for (let i = 0; i < n; i += 7) ks = Math.max(ks, Math.abs(phi(sorted[i]!) - i / n));
    // The 1% critical value of the KS distance for n = 400k is 1.63 / sqrt(n) = 0.0026.
    expect(ks).toBeLessThan(0.0026);
    expect(normalValues(1000, 7)).toEqual(v.subarray(0, 1000));
    expect(normalValues(1000, 8)).not.toEqual(v.subarray(0, 1000));
  });

  it('lays out the generator input as noise then condition, row by row', () => {
    const cond = Float32Array.from({ length: 4 * 3 }, (_, i) => i);
    const input = noiseWithCondition(4, 5, cond, 3);
    const values = input.arraySync();
    const noise = normalValues(20, 3);
    values.forEach((row, r) => {
      expect(row.slice(5)).toEqual(Array.from(cond.subarray(r * 3, r * 3 + 3)));
      row.slice(0, 5).forEach((x, j) => expect(x).toBeCloseTo(noise[r * 5 + j]!, 6));
    });
    input.dispose();
  });

  it('draws uniform values in (0, 1] and dropout masks of 0 and 1/(1 - rate) at the rate', () => {
    const u = uniformNoise(200, 100, 5);
    const uv = u.dataSync() as Float32Array;
    expect(Math.min(...uv)).toBeGreaterThan(0);
    expect(Math.max(...uv)).toBeLessThanOrEqual(1);
    expect(Math.abs(uv.reduce((a, b) => a + b, 0) / uv.length - 0.5)).toBeLessThan(0.01);
    for (const rate of [0.5, 0.2]) {
      const m = dropoutMask(300, 101, rate, 9);
      const mv = m.dataSync() as Float32Array;
      const zeros = mv.filter((x) => x === 0).length;
      expect(mv.every((x) => x === 0 || Math.abs(x - 1 / (1 - rate)) < 1e-6)).toBe(true);
      expect(Math.abs(zeros / mv.length - rate)).toBeLessThan(0.01);
      tf.dispose(m);
    }
    // Neighbouring seeds (layer i uses seed + i) give unrelated masks.
    const [ta, tb] = [dropoutMask(50, 256, 0.5, 100), dropoutMask(50, 256, 0.5, 101)];
    const a = ta.dataSync() as Float32Array;
    const b = tb.dataSync() as Float32Array;
    tf.dispose([ta, tb]);
    const agree = a.filter((x, i) => x === b[i]).length / a.length;
    expect(Math.abs(agree - 0.5)).toBeLessThan(0.03);
    u.dispose();
  });
});
