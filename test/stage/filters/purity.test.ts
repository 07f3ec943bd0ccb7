import { describe, expect, it } from 'vitest';
import type { Dataset } from '../../../src/contracts.js';
import { Rng } from '../../../src/random.js';
import { keepBest } from '../../../src/stage/filters/keep-best.js';
import { purityFloors, purityScores } from '../../../src/stage/filters/purity.js';

/** Majority (class 0) around (0, 0), minority (class 1) around (6, 6); a categorical that carries no class signal. */
function rows(points: ReadonlyArray<readonly [number, number, number]>, rng: Rng): Dataset {
  return {
    features: [
      { kind: 'numeric', name: 'x', values: Float64Array.from(points, (p) => p[0]), integer: false },
      { kind: 'numeric', name: 'y', values: Float64Array.from(points, (p) => p[1]), integer: false },
      { kind: 'categorical', name: 'c', codes: Int32Array.from(points, () => rng.int(2)), levels: ['a', 'b'] },
    ],
    labels: Int32Array.from(points, (p) => p[2]),
    classes: ['major', 'minor'],
    rowCount: points.length,
  };
}

function cloud(n: number, at: number, label: number, rng: Rng): Array<[number, number, number]> {
  return Array.from({ length: n }, () => [at + rng.normal(), at + rng.normal(), label] as [number, number, number]);
}

describe('purityScores, and keepBest with the purity rule', () => {
  const rng = new Rng(5);
  const training = rows([...cloud(200, 0, 0, rng), ...cloud(40, 6, 1, rng)], rng);
  // 30 minority candidates in the minority's region, then 10 planted in the majority's region.
  const candidates = rows([...cloud(30, 6, 1, rng), ...cloud(10, 0, 1, rng)], rng);

  it('scores rows in their own class region high and planted majority-region rows low', () => {
    const scores = purityScores(candidates, training, 5);
    expect(scores).toHaveLength(40);
    for (let i = 0; i < 30; i++) expect(scores[i]).toBeGreaterThanOrEqual(0.8);
    for (let i = 30; i < 40; i++) expect(scores[i]).toBeLessThanOrEqual(0.2);
  });

  it('the keep rule drops the planted rows and keeps the purest up to the count needed', () => {
    const scores = purityScores(candidates, training, 5);
    const all = keepBest(candidates.labels, new Map([[1, 40]]), { purity: { scores, min: 0.5 } });
    expect(Array.from(all.keep)).toEqual(Array.from({ length: 30 }, (_, i) => i));
    expect(all.dropped.purity).toBe(10);
    expect(all.surplus).toBe(0);
    const some = keepBest(candidates.labels, new Map([[1, 12]]), { purity: { scores, min: 0.5 } });
    expect(some.keep).toHaveLength(12);
    expect(some.surplus).toBe(18);
    const kept = Array.from(some.keep, (i) => scores[i]!);
    const left = Array.from({ length: 30 }, (_, i) => i).filter((i) => !some.keep.includes(i)).map((i) => scores[i]!);
    expect(Math.min(...kept)).toBeGreaterThanOrEqual(Math.max(...left));
  });

  it('a majority-class candidate in the majority region is pure (the score follows the candidate\'s own class)', () => {
    const major = rows(cloud(5, 0, 0, new Rng(9)), new Rng(9));
    expect(Array.from(purityScores(major, training, 5)).every((s) => s >= 0.8)).toBe(true);
  });

  it('names the fix when k exceeds the training rows or the threshold is out of range', () => {
    expect(() => purityScores(candidates, rows(cloud(3, 0, 0, rng), rng), 5)).toThrow(/only 3 training rows/);
    expect(() => keepBest(Int32Array.of(0), new Map(), { purity: { scores: new Float64Array(1), min: 1.5 } })).toThrow(/minimum purity must be in \[0, 1\]/);
  });
});

describe('purityFloors: the floor follows how pure the class\'s own real rows are', () => {
  it('separated classes keep the 0.5 cap; a class whose real rows sit among another class gets a lower floor', () => {
    const rng = new Rng(11);
    const apart = rows([...cloud(200, 0, 0, rng), ...cloud(40, 6, 1, rng)], rng);
    expect(Array.from(purityFloors(apart, 5))).toEqual([0.5, 0.5]);
    // The minority drawn from the majority's own cloud: its real rows' 5 neighbours are mostly majority.
    const mixed = rows([...cloud(200, 0, 0, rng), ...cloud(40, 0, 1, rng)], rng);
    const floors = purityFloors(mixed, 5);
    expect(floors[0]).toBe(0.5);
    expect(floors[1]).toBeLessThanOrEqual(0.2);
  });

  it('leaves each real row out of its own neighbours (a lone row of its class scores 0, not 1/k)', () => {
    const rng = new Rng(12);
    const lone = rows([...cloud(20, 0, 0, rng), [0, 0, 1]], rng);
    expect(purityFloors(lone, 5)[1]).toBe(0);
  });

  it('a per-class floor keeps a minority candidate as impure as the real minority rows, and still drops a purer-class row below its own floor', () => {
    const labels = Int32Array.of(0, 1, 1);
    const scores = Float64Array.of(0.4, 0.2, 0.0);
    const kept = keepBest(labels, new Map([[0, 1], [1, 2]]), { purity: { scores, min: [0.5, 0.2] } });
    expect(Array.from(kept.keep)).toEqual([1]);
    expect(kept.dropped.purity).toBe(2);
    expect(() => keepBest(labels, new Map(), { purity: { scores, min: [0.5, 2] } })).toThrow(/minimum purity must be in \[0, 1\], got 2/);
  });
});
