import { describe, expect, it } from 'vitest';
import { checkFoldable, repeatedStratifiedSplits, stratifiedFoldIds } from '../../src/evaluate/folds.js';
import { Rng } from '../../src/random.js';

function labelsOf(counts: number[]): Int32Array {
  return Int32Array.from(counts.flatMap((n, c) => new Array<number>(n).fill(c)));
}

describe('stratified folds', () => {
  it('splits every class as evenly as possible (per-class counts differ by at most one)', () => {
    const labels = labelsOf([70, 76, 17, 13, 9, 29]); // glass
    const ids = stratifiedFoldIds(labels, 5, new Rng(3));
    for (let c = 0; c < 6; c++) {
      const perFold = [0, 0, 0, 0, 0];
      labels.forEach((l, i) => l === c && perFold[ids[i]!]!++);
      expect(Math.max(...perFold) - Math.min(...perFold)).toBeLessThanOrEqual(1);
    }
    const sizes = [0, 0, 0, 0, 0];
    ids.forEach((f) => sizes[f]!++);
    expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
  });

  it('exact stratification: 100 vs 20 rows in 5 folds gives 20 + 4 per test fold', () => {
    const labels = labelsOf([100, 20]);
    for (const split of repeatedStratifiedSplits(labels, 5, 2, new Rng(1))) {
      const minority = [...split.test].filter((i) => labels[i] === 1).length;
      expect(split.test.length).toBe(24);
      expect(minority).toBe(4);
    }
  });

  it('train and test are disjoint and cover every row; each row is tested once per repeat', () => {
    const labels = labelsOf([30, 11]);
    const splits = repeatedStratifiedSplits(labels, 4, 3, new Rng(8));
    expect(splits).toHaveLength(12);
    for (let r = 0; r < 3; r++) {
      const tested = new Array<number>(labels.length).fill(0);
      for (const s of splits.filter((s) => s.repeat === r)) {
        const train = new Set(s.train);
        for (const i of s.test) {
          expect(train.has(i)).toBe(false);
          tested[i]!++;
        }
        expect(s.train.length + s.test.length).toBe(labels.length);
      }
      expect(tested.every((t) => t === 1)).toBe(true);
    }
  });

  it('is deterministic per seed and differs across repeats', () => {
    const labels = labelsOf([40, 10]);
    const a = repeatedStratifiedSplits(labels, 5, 2, new Rng(5));
    const b = repeatedStratifiedSplits(labels, 5, 2, new Rng(5));
    expect(a).toEqual(b);
    expect([...a[0]!.test]).not.toEqual([...a[5]!.test]);
  });

  it('refuses a class smaller than the fold count, naming it', () => {
    expect(() => checkFoldable(labelsOf([10, 3]), ['a', 'rare'], 5)).toThrow(/'rare' has 3/);
  });
});
