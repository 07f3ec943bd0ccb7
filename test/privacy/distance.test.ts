import { describe, expect, it } from 'vitest';
import type { Dataset } from '../../src/contracts.js';
import { takeRows } from '../../src/dataset.js';
import { distanceToClosestRecord, nearestNeighbours } from '../../src/privacy/distance.js';
import { randomMixed } from '../support/privacy-data.js';

/** The textbook Gower distance, written independently of the implementation. */
function gower(a: Dataset, i: number, b: Dataset, j: number, scaleFrom: Dataset, includeLabel: boolean): number {
  let sum = 0;
  let terms = 0;
  a.features.forEach((fa, f) => {
    const fb = b.features[f]!;
    const fs = scaleFrom.features[f]!;
    if (fa.kind === 'numeric' && fb.kind === 'numeric' && fs.kind === 'numeric') {
      const seen = Array.from(fs.values).filter((v) => !Number.isNaN(v));
      const range = seen.length ? Math.max(...seen) - Math.min(...seen) : 0;
      const x = fa.values[i]!;
      const y = fb.values[j]!;
      sum += Number.isNaN(x) && Number.isNaN(y) ? 0 : Number.isNaN(x) || Number.isNaN(y) ? 1 : Math.abs(x - y) / (range > 0 ? range : 1);
    } else if (fa.kind === 'categorical' && fb.kind === 'categorical') {
      sum += fa.codes[i] === fb.codes[j] ? 0 : 1;
    } else if (fa.kind === 'image' && fb.kind === 'image') {
      let s = 0;
      for (let t = 0; t < 4; t++) s += Math.abs(fa.pixels[i * 4 + t]! - fb.pixels[j * 4 + t]!);
      sum += s / 4;
    }
    terms++;
  });
  if (includeLabel) {
    sum += a.labels[i] === b.labels[j] ? 0 : 1;
    terms++;
  }
  return sum / terms;
}

describe('distanceToClosestRecord', () => {
  for (const [label, options] of [
    ['numeric + categorical', {}],
    ['with missing values', { missing: 0.25 }],
    ['with an image column', { image: true }],
  ] as const) {
    it(`matches a brute-force Gower distance (${label})`, () => {
      const queries = randomMixed(40, 10, options);
      const reference = randomMixed(70, 11, options);
      for (const includeLabel of [true, false]) {
        const got = distanceToClosestRecord(queries, reference, { includeLabel });
        for (let i = 0; i < queries.rowCount; i++) {
          let best = Infinity;
          for (let j = 0; j < reference.rowCount; j++) best = Math.min(best, gower(queries, i, reference, j, reference, includeLabel));
          expect(got[i]).toBeCloseTo(best, 12);
        }
      }
    });
  }

  it('is 0 for rows present in the reference, and leave-one-out skips only the row itself', () => {
    const reference = randomMixed(50, 12);
    const same = distanceToClosestRecord(reference, reference);
    expect(Array.from(same).every((d) => d === 0)).toBe(true);
    const picks = Int32Array.of(3, 10, 20);
    const loo = distanceToClosestRecord(takeRows(reference, picks), reference, { leaveOut: picks });
    for (let q = 0; q < 3; q++) {
      let best = Infinity;
      for (let j = 0; j < 50; j++) if (j !== picks[q]) best = Math.min(best, gower(reference, picks[q]!, reference, j, reference, true));
      expect(loo[q]).toBeCloseTo(best, 12);
      expect(loo[q]).toBeGreaterThan(0);
    }
  });

  it('scales numeric columns by the range of scaleFrom when given', () => {
    const queries = randomMixed(10, 13);
    const reference = randomMixed(20, 14);
    const scaleFrom = randomMixed(200, 15);
    const got = distanceToClosestRecord(queries, reference, { scaleFrom });
    for (let i = 0; i < 10; i++) {
      let best = Infinity;
      for (let j = 0; j < 20; j++) best = Math.min(best, gower(queries, i, reference, j, scaleFrom, true));
      expect(got[i]).toBeCloseTo(best, 12);
    }
  });
});

describe('nearestNeighbours', () => {
  it('returns the k nearest reference rows by brute-force Gower distance (label left out), nearest first', () => {
    const queries = randomMixed(30, 21, { missing: 0.2 });
    const reference = randomMixed(60, 22, { missing: 0.2 });
    const k = 4;
    const got = nearestNeighbours(queries, reference, k);
    for (let i = 0; i < queries.rowCount; i++) {
      const ranked = Array.from({ length: reference.rowCount }, (_, j) => ({ j, d: gower(queries, i, reference, j, reference, false) })).sort((a, b) => a.d - b.d || a.j - b.j);
      const mine = Array.from(got.subarray(i * k, (i + 1) * k));
      // Same distances in the same order (indexes may differ only between exact ties).
      mine.forEach((j, r) => expect(gower(queries, i, reference, j, reference, false)).toBeCloseTo(ranked[r]!.d, 12));
    }
  });

  it('refuses k larger than the reference', () => {
    expect(() => nearestNeighbours(randomMixed(3, 1), randomMixed(2, 2), 3)).toThrow(/k must be an integer from 1 to the 2 reference rows/);
  });
});
