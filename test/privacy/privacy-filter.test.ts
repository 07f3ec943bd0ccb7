import { describe, expect, it } from 'vitest';
import type { Dataset } from '../../src/contracts.js';
import { GanAugmentError } from '../../src/errors.js';
import { Rng } from '../../src/random.js';
import { filterByDistance, trainingNeighbourDistances } from '../../src/privacy/privacy-filter.js';
import { randomMixed } from '../support/privacy-data.js';

/** A generator that memorises: training rows with tiny noise on the numeric columns. */
function memorised(training: Dataset, n: number, seed: number): Dataset {
  const rng = new Rng(seed);
  const picks = Int32Array.from({ length: n }, () => rng.int(training.rowCount));
  return {
    features: training.features.map((f) => {
      if (f.kind === 'numeric') return { ...f, values: Float64Array.from(picks, (p) => f.values[p]! + 1e-4 * rng.normal()) };
      if (f.kind === 'categorical') return { ...f, codes: Int32Array.from(picks, (p) => f.codes[p]!) };
      return f;
    }),
    labels: Int32Array.from(picks, (p) => training.labels[p]!),
    classes: training.classes,
    rowCount: n,
  };
}

describe('filterByDistance', () => {
  const training = randomMixed(400, 21);

  it('drops almost every memorised row and keeps almost every genuinely new row (quantile threshold)', () => {
    const copies = memorised(training, 200, 22);
    const fresh = randomMixed(200, 23); // same distribution, independent draws
    const onCopies = filterByDistance(copies, training, { quantile: 0.05 });
    const onFresh = filterByDistance(fresh, training, { quantile: 0.05 });
    expect(onCopies.threshold).toBeGreaterThan(0);
    expect(onCopies.threshold).toBe(onFresh.threshold);
    expect(onCopies.dropped).toBeGreaterThanOrEqual(190);
    expect(onFresh.dropped).toBeLessThanOrEqual(30);
    expect(onCopies.dcr.median).toBeLessThan(onFresh.dcr.median / 10);
    expect(Array.from(onFresh.keep).filter((k) => k === 1).length).toBe(200 - onFresh.dropped);
  });

  it('applies an absolute threshold as "drop when DCR <= threshold"', () => {
    const fresh = randomMixed(100, 24);
    const all = filterByDistance(fresh, training, { absolute: 0 });
    expect(all.dropped).toBe(0);
    const cut = all.dcr.median;
    const half = filterByDistance(fresh, training, { absolute: cut });
    expect(half.threshold).toBe(cut);
    expect(half.dropped).toBeGreaterThanOrEqual(50);
    expect(half.dropped).toBeLessThanOrEqual(51);
  });

  it('takes the quantile of leave-one-out real-to-real distances', () => {
    const real = trainingNeighbourDistances(training).sort();
    const q = 0.2;
    const pos = (real.length - 1) * q;
    const expected = real[Math.floor(pos)]! + (pos - Math.floor(pos)) * (real[Math.ceil(pos)]! - real[Math.floor(pos)]!);
    expect(filterByDistance(randomMixed(5, 25), training, { quantile: q }).threshold).toBeCloseTo(expected, 12);
    // subsampled with an rng: still deterministic
    const a = trainingNeighbourDistances(training, { maxRows: 50, rng: new Rng(1) });
    const b = trainingNeighbourDistances(training, { maxRows: 50, rng: new Rng(1) });
    expect(Array.from(a)).toEqual(Array.from(b));
    expect(a.length).toBe(50);
  });

  it('rejects out-of-range thresholds naming the option', () => {
    const fresh = randomMixed(5, 26);
    expect(() => filterByDistance(fresh, training, { quantile: 1.5 })).toThrow(GanAugmentError);
    expect(() => filterByDistance(fresh, training, { quantile: 1.5 })).toThrow(/--privacy-distance/);
    expect(() => filterByDistance(fresh, training, { absolute: -1 })).toThrow(/--privacy-distance/);
  });
});
