import { describe, expect, it } from 'vitest';
import type { Dataset, NumericFeature } from '../../src/contracts.js';
import { concatRows, takeRows } from '../../src/dataset.js';
import { findExactCopies } from '../../src/privacy/exact-copies.js';
import { randomMixed } from '../support/privacy-data.js';

describe('findExactCopies', () => {
  it('flags exactly the synthetic rows that equal a training row (label included)', () => {
    const training = randomMixed(200, 1, { image: true });
    const fresh = randomMixed(50, 2, { image: true });
    const copied = takeRows(training, [5, 17, 199, 5]);
    const synthetic = concatRows(fresh, copied);
    const flags = findExactCopies(synthetic, training);
    expect(Array.from(flags.subarray(0, 50)).every((v) => v === 0)).toBe(true);
    expect(Array.from(flags.subarray(50))).toEqual([1, 1, 1, 1]);
  });

  it('treats NaN as equal to NaN and -0 as equal to 0, but a different label or one changed value as new', () => {
    const training = randomMixed(30, 3, { missing: 0.3 });
    const [a, b] = [0, 1].map((f) => (training.features[f] as NumericFeature).values);
    // rows with a missing 'a' but an observed (continuous, hence unique) 'b'
    const withNaN = Array.from({ length: 30 }, (_, i) => i).filter((i) => Number.isNaN(a![i]!) && !Number.isNaN(b![i]!));
    expect(withNaN.length).toBeGreaterThan(0);
    const copy = takeRows(training, withNaN);
    const relabelled: Dataset = { ...copy, labels: copy.labels.map((l) => 1 - l) };
    const nudged = takeRows(training, withNaN);
    (nudged.features[1] as NumericFeature).values[0]! += 1e-9;
    const negZeroTraining = takeRows(training, [0]);
    (negZeroTraining.features[1] as NumericFeature).values[0] = 0;
    const negZeroSynthetic = takeRows(negZeroTraining, [0]);
    (negZeroSynthetic.features[1] as NumericFeature).values[0] = -0;

    expect(Array.from(findExactCopies(copy, training)).every((v) => v === 1)).toBe(true);
    expect(Array.from(findExactCopies(relabelled, training)).every((v) => v === 0)).toBe(true);
    expect(findExactCopies(nudged, training)[0]).toBe(0);
    expect(findExactCopies(negZeroSynthetic, negZeroTraining)[0]).toBe(1);
  });

  it('agrees with a pairwise comparison on data full of duplicates', () => {
    const base = randomMixed(40, 4, { missing: 0.2 });
    const training = takeRows(base, Array.from({ length: 80 }, (_, i) => i % 25));
    const synthetic = takeRows(base, Array.from({ length: 40 }, (_, i) => i));
    const key = (d: Dataset, i: number) => JSON.stringify([d.labels[i], ...d.features.map((f) => (f.kind === 'numeric' ? String(f.values[i]) : f.kind === 'categorical' ? f.codes[i] : 0))]);
    const trainKeys = new Set(Array.from({ length: training.rowCount }, (_, i) => key(training, i)));
    const expected = Array.from({ length: synthetic.rowCount }, (_, i) => (trainKeys.has(key(synthetic, i)) ? 1 : 0));
    expect(Array.from(findExactCopies(synthetic, training))).toEqual(expected);
    expect(expected.filter((v) => v === 1).length).toBe(25);
  });

  it('refuses datasets with different columns', () => {
    const a = randomMixed(5, 1);
    const b = { ...randomMixed(5, 1), classes: ['neg', 'other'] };
    expect(() => findExactCopies(a, b)).toThrow(/class lists differ/);
  });
});
