import { describe, expect, it } from 'vitest';
import { keepBest } from '../../../src/stage/filters/keep-best.js';

// Ten candidates of class 1 and four of class 0; scores chosen so each rule has its own victims.
const labels = Int32Array.from([1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0]);
const distances = Float64Array.from([0.001, 0.3, 0.3, 0.3, 0.3, 0.3, 0.3, 0.002, 0.3, 0.3, 0.3, 0.3, 0.3, 0.001]);
const purity = Float64Array.from([1, 0.2, 1, 1, 0.8, 1, 0.6, 1, 1, 0.4, 1, 1, 1, 1]);
const critic = Float64Array.from([9, 9, 1, 2, 3, 8, 7, 9, 0, 9, 5, 4, 3, 9]);

describe('keepBest: the post-generation filters\' keep rule', () => {
  it('distance drops the near-copies (at or below the limit), first come the rest', () => {
    const kept = keepBest(labels, new Map([[1, 4], [0, 4]]), { distance: { distances, limit: 0.002 } });
    expect(kept.dropped).toEqual({ distance: 3, purity: 0, critic: 0 });
    expect(Array.from(kept.keep)).toEqual([1, 2, 3, 4, 10, 11, 12]);
    expect(kept.surplus).toBe(4);
  });

  it('critic keeps the best-scored of each class and counts the rest as its drops', () => {
    const kept = keepBest(labels, new Map([[1, 3], [0, 2]]), { critic });
    expect(Array.from(kept.keep)).toEqual([0, 1, 7, 10, 13]);
    expect(kept.dropped.critic).toBe(9);
    expect(kept.surplus).toBe(0);
  });

  it('combined, a near-copy counts for distance only, and the critic ranks what passed both hard rules', () => {
    const kept = keepBest(labels, new Map([[1, 2], [0, 4]]), { distance: { distances, limit: 0.002 }, purity: { scores: purity, min: 0.5 }, critic });
    // class 1 past distance: 1..6, 8, 9; past purity (>= 0.5): 2, 3, 4, 5, 6, 8; best critic: 5 (8), 6 (7).
    expect(Array.from(kept.keep)).toEqual([5, 6, 10, 11, 12]);
    expect(kept.dropped).toEqual({ distance: 3, purity: 2, critic: 4 });
  });
});
