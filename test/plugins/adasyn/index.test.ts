/**
 * adasyn: the rows each minority row seeds follow the share of other classes among its
 * n_neighbors nearest rows (recomputed here independently), totals are exact, errors name the fix.
 */
import { describe, expect, it } from 'vitest';
import type { Dataset, NumericFeature } from '../../../src/contracts.js';
import { GanAugmentError } from '../../../src/errors.js';
import { Rng } from '../../../src/random.js';
import { adasynFactory } from '../../../plugins/adasyn/index.js';
import { rowsPerBase } from '../../../plugins/adasyn/row-counts.js';

/**
 * Three minority clusters of 6 rows, far apart on a line, each with a different number of
 * majority rows mixed in: with n_neighbors=5, a cluster's rows see 0, about 1 or about 3 majority
 * rows among their neighbours. Every synthetic row stays inside its base row's cluster (its 5
 * class neighbours are the rest of the cluster), so counting rows per cluster counts bases.
 */
function clusters(): Dataset {
  const rng = new Rng(9);
  const x: number[] = [];
  const labels: number[] = [];
  const majorityIn = [0, 2, 9];
  majorityIn.forEach((maj, k) => {
    for (let i = 0; i < 6; i++) (x.push(k * 100 + rng.next()), labels.push(1));
    for (let i = 0; i < maj; i++) (x.push(k * 100 + rng.next()), labels.push(0));
  });
  for (let i = 0; i < 60; i++) (x.push(1000 + i), labels.push(0));
  return { features: [{ kind: 'numeric', name: 'x', values: Float64Array.from(x), integer: false }], labels: Int32Array.from(labels), classes: ['maj', 'min'], rowCount: labels.length };
}

function otherAmongNearest(d: Dataset, r: number, n: number): number {
  const v = (d.features[0] as NumericFeature).values;
  const others = Array.from({ length: d.rowCount }, (_, i) => i).filter((i) => i !== r);
  others.sort((a, b) => Math.abs(v[a]! - v[r]!) - Math.abs(v[b]! - v[r]!) || a - b);
  return others.slice(0, n).filter((i) => d.labels[i] !== d.labels[r]).length;
}

describe('adasyn', () => {
  it("seeds rows per cluster in proportion to its rows' other-class neighbours", async () => {
    const data = clusters();
    const model = adasynFactory.create({});
    await model.fit(data, { rng: new Rng(0) });
    const n = 400;
    const out = await model.sample(new Map([[1, n]]), new Rng(3));
    const v = (data.features[0] as NumericFeature).values;
    const minority = Array.from({ length: data.rowCount }, (_, i) => i).filter((i) => data.labels[i] === 1);
    const weight = [0, 0, 0];
    for (const r of minority) weight[Math.round(v[r]! / 100)]! += otherAmongNearest(data, r, 5);
    expect(weight[0]).toBe(0);
    const total = weight.reduce((s, w) => s + w, 0);
    const got = [0, 0, 0];
    for (const x of (out.features[0] as NumericFeature).values) got[Math.round(x / 100)]! += 1;
    // Per row the share is exact up to rounding (one row each), so per cluster within 6 rows.
    weight.forEach((w, k) => expect(Math.abs(got[k]! - (n * w) / total)).toBeLessThanOrEqual(6));
    expect(got[2]).toBeGreaterThan(got[1]!);
  });

  it('apportions exactly the requested total, largest remainders first', () => {
    expect(Array.from(rowsPerBase(Int32Array.of(0, 1, 3), 8))).toEqual([0, 2, 6]);
    expect(Array.from(rowsPerBase(Int32Array.of(1, 1, 1), 4))).toEqual([2, 1, 1]);
    expect(Array.from(rowsPerBase(Int32Array.of(2, 1, 0, 4), 101)).reduce((s, x) => s + x, 0)).toBe(101);
  });

  it('refuses a class with no other-class neighbour at all, and a class smaller than n_neighbors + 1', async () => {
    const data = clusters();
    // Only the first (pure) cluster as the minority: no row sees the majority.
    const v = (data.features[0] as NumericFeature).values;
    const pure: Dataset = { ...data, labels: Int32Array.from(data.labels, (l, i) => (l === 1 && v[i]! < 50 ? 1 : 0)) };
    const model = adasynFactory.create({});
    await model.fit(pure, { rng: new Rng(0) });
    const err = await model.sample(new Map([[1, 10]]), new Rng(1)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(GanAugmentError);
    expect((err as Error).message).toMatch(/adasyn: no row of class 'min' has a row of another class among its n_neighbors=5 nearest rows/);
    const small = adasynFactory.create({ n_neighbors: 6 });
    await small.fit(pure, { rng: new Rng(0) });
    await expect(small.sample(new Map([[1, 10]]), new Rng(1))).rejects.toThrow(/class 'min' has 6 rows, but n_neighbors=6 needs at least 7/);
    expect(() => adasynFactory.create({ k_neighbors: 5 })).toThrow(/adasyn: unknown parameter 'k_neighbors'.*n_neighbors/);
    expect(adasynFactory.minRowsPerClass({ n_neighbors: 3 })).toBe(4);
  });
});
