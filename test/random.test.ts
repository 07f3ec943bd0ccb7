import { describe, expect, it } from 'vitest';
import { Rng, hashSeed } from '../src/random.js';

describe('Rng seeding', () => {
  it('gives different forked streams for every single-digit seed', () => {
    // Regression: the seed was XOR-ed into FNV's start and cancelled by its own first digit.
    const keys = new Set(Array.from({ length: 10 }, (_, s) => hashSeed(s, 'class:1')));
    expect(keys.size).toBe(10);
    const firsts = new Set(Array.from({ length: 10 }, (_, s) => new Rng(s).fork('x').int(1_000_000)));
    expect(firsts.size).toBe(10);
  });

  it('first draws are spread over [0, 1) across consecutive seeds', () => {
    // Regression: pure-rand seeded the raw seed into xoroshiro's state, so the first draw was ~1.
    const bins = new Array<number>(10).fill(0);
    for (let seed = 0; seed < 2000; seed++) bins[Math.floor(new Rng(seed).next() * 10)]! += 1;
    for (const b of bins) expect(b).toBeGreaterThan(140); // expected 200 each
  });

  it('same seed, same stream', () => {
    const a = new Rng(42);
    const b = new Rng(42);
    expect(Array.from({ length: 5 }, () => a.next())).toEqual(Array.from({ length: 5 }, () => b.next()));
  });
});
