import { describe, expect, it } from 'vitest';
import { digamma, fitGmm, modeProbabilities } from '../../../plugins/ctgan/gmm.js';
import { Rng } from '../../../src/random.js';

function bimodal(n: number, seed: number): Float64Array {
  const r = new Rng(seed);
  return Float64Array.from({ length: n }, () => (r.next() < 0.4 ? -5 + r.normal() : 5 + r.normal()));
}

describe('fitGmm', () => {
  it('recovers the two modes of a bimodal sample and prunes the spare components', () => {
    const modes = fitGmm(bimodal(2000, 3), new Rng(1));
    expect(modes.means.length).toBe(2);
    const order = modes.means.map((_, i) => i).sort((a, b) => modes.means[a]! - modes.means[b]!);
    const [lo, hi] = order.map((i) => ({ mean: modes.means[i]!, std: modes.stds[i]!, weight: modes.weights[i]! }));
    expect(lo!.mean).toBeCloseTo(-5, 0);
    expect(hi!.mean).toBeCloseTo(5, 0);
    expect(Math.abs(lo!.std - 1)).toBeLessThan(0.15);
    expect(Math.abs(hi!.weight - 0.6)).toBeLessThan(0.05);
  });

  it('is deterministic for a seed and ignores missing values', () => {
    const x = bimodal(500, 4);
    const withNaN = Float64Array.from([...x, NaN, NaN]);
    expect(fitGmm(withNaN, new Rng(2))).toEqual(fitGmm(x, new Rng(2)));
  });

  it('handles constant and empty columns', () => {
    const constant = fitGmm(new Float64Array(50).fill(3), new Rng(1));
    expect(constant.means).toEqual([3]);
    expect(constant.stds[0]).toBeGreaterThan(0);
    expect(fitGmm(new Float64Array([NaN]), new Rng(1)).means).toHaveLength(1);
  });

  it('gives posteriors that sum to one and favour the nearest mode', () => {
    const modes = { means: [-5, 5], stds: [1, 1], weights: [0.5, 0.5] };
    const p = modeProbabilities(modes, 4.2, new Float64Array(2));
    expect(p[0]! + p[1]!).toBeCloseTo(1, 12);
    expect(p[1]).toBeGreaterThan(0.99);
  });

  it('computes digamma accurately', () => {
    expect(digamma(1)).toBeCloseTo(-0.5772156649015329, 10);
    expect(digamma(0.5)).toBeCloseTo(-1.9635100260214235, 10);
    expect(digamma(10)).toBeCloseTo(2.251752589066721, 10);
  });
});
