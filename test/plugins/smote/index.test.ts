import { describe, expect, it } from 'vitest';
import type { CategoricalFeature, Dataset, Feature, NumericFeature } from '../../../src/contracts.js';
import { GanAugmentError } from '../../../src/errors.js';
import { Rng } from '../../../src/random.js';
import { smoteFactory } from '../../../plugins/smote/index.js';
import { neighbourModes } from '../../../plugins/smote/generate.js';
import type { ClassMatrix } from '../../../plugins/smote/class-matrix.js';

const K = 3;

/** Class 'maj' (40 rows) and class 'min' (9 rows) in 2-D, plus a categorical for SMOTE-NC. */
function fixture(withCategory: boolean, seed = 11): Dataset {
  const rng = new Rng(seed);
  const n = 49;
  const labels = Int32Array.from({ length: n }, (_, i) => (i < 40 ? 0 : 1));
  const x = Float64Array.from({ length: n }, (_, i) => (i < 40 ? 10 : 0) + rng.normal());
  const y = Float64Array.from({ length: n }, (_, i) => (i < 40 ? -5 : 3) + 2 * rng.normal());
  const features: Feature[] = [
    { kind: 'numeric', name: 'x', values: x, integer: false },
    { kind: 'numeric', name: 'y', values: y, integer: false },
  ];
  const codes = Int32Array.from({ length: n }, () => rng.int(3));
  if (withCategory) features.push({ kind: 'categorical', name: 'colour', codes, levels: ['red', 'green', 'blue'] });
  return { features, labels, classes: ['maj', 'min'], rowCount: n };
}

const num = (d: Dataset, i: number) => (d.features[i] as NumericFeature).values;

/** Independent brute force: k nearest same-class rows under SMOTE(-NC)'s distance. */
function referenceNeighbours(d: Dataset, rows: number[], k: number): number[][] {
  const x = num(d, 0);
  const y = num(d, 1);
  const cat = d.features[2] as CategoricalFeature | undefined;
  const std = (v: number[]) => {
    const m = v.reduce((s, a) => s + a, 0) / v.length;
    return Math.sqrt(v.reduce((s, a) => s + (a - m) ** 2, 0) / v.length);
  };
  const sx = std(rows.map((r) => x[r]!));
  const sy = std(rows.map((r) => y[r]!));
  const med = (sx + sy) / 2; // median of two values
  return rows.map((r) =>
    rows
      .filter((o) => o !== r)
      .map((o) => ({
        o,
        d: (x[r]! - x[o]!) ** 2 + (y[r]! - y[o]!) ** 2 + (cat && cat.codes[r] !== cat.codes[o] ? med ** 2 / 2 : 0),
      }))
      .sort((a, b) => a.d - b.d || a.o - b.o)
      .slice(0, k)
      .map((e) => e.o),
  );
}

/** Is (px, py) on the segment from a to b (within floating tolerance)? */
function onSegment(px: number, py: number, ax: number, ay: number, bx: number, by: number): boolean {
  const dx = bx - ax;
  const dy = by - ay;
  const len2 = dx * dx + dy * dy;
  const t = len2 === 0 ? 0 : ((px - ax) * dx + (py - ay) * dy) / len2;
  if (t < -1e-9 || t > 1 + 1e-9) return false;
  return Math.hypot(px - (ax + t * dx), py - (ay + t * dy)) < 1e-9 * (1 + Math.hypot(dx, dy));
}

async function fitted(data: Dataset, params: Record<string, unknown> = { k_neighbors: K }) {
  const model = smoteFactory.create(params);
  await model.fit(data, { rng: new Rng(1) });
  return model;
}

describe('smote', () => {
  it('returns exactly the requested rows with the requested labels', async () => {
    const data = fixture(false);
    const model = await fitted(data);
    const out = await model.sample(new Map([[1, 31]]), new Rng(2));
    expect(out.rowCount).toBe(31);
    expect(Array.from(out.labels).every((l) => l === 1)).toBe(true);
    expect(out.features.map((f) => `${f.name}:${f.kind}`)).toEqual(['x:numeric', 'y:numeric']);
  });

  it('puts every synthetic row on a segment between a minority row and one of its k nearest minority neighbours', async () => {
    const data = fixture(false);
    const rows = Array.from({ length: 9 }, (_, i) => 40 + i);
    const nn = referenceNeighbours(data, rows, K);
    const out = await (await fitted(data)).sample(new Map([[1, 200]]), new Rng(3));
    const [x, y] = [num(data, 0), num(data, 1)];
    const [ox, oy] = [num(out, 0), num(out, 1)];
    const usedPairs = new Set<string>();
    for (let s = 0; s < out.rowCount; s++) {
      const pairs: string[] = [];
      rows.forEach((r, ri) => {
        for (const o of nn[ri]!) if (onSegment(ox[s]!, oy[s]!, x[r]!, y[r]!, x[o]!, y[o]!)) pairs.push(`${r}-${o}`);
      });
      expect(pairs.length, `synthetic row ${s} (${ox[s]}, ${oy[s]})`).toBeGreaterThan(0);
      pairs.forEach((p) => usedPairs.add(p));
    }
    // the draws cover many of the 9 * 3 allowed segments, not a few
    expect(usedPairs.size).toBeGreaterThan(15);
  });

  it('stays inside the convex hull of the class (as imbalanced-learn SMOTE does)', async () => {
    const data = fixture(false, 5);
    const rows = Array.from({ length: 9 }, (_, i) => 40 + i);
    const hull = convexHull(rows.map((r) => [num(data, 0)[r]!, num(data, 1)[r]!] as [number, number]));
    const out = await (await fitted(data)).sample(new Map([[1, 300]]), new Rng(4));
    for (let s = 0; s < out.rowCount; s++) expect(insideHull(hull, num(out, 0)[s]!, num(out, 1)[s]!)).toBe(true);
  });

  it('is deterministic for a seed, and a class does not depend on other requested classes', async () => {
    const data = fixture(true);
    const model = await fitted(data);
    const a = await model.sample(new Map([[1, 50]]), new Rng(9));
    const b = await model.sample(new Map([[0, 20], [1, 50]]), new Rng(9));
    const c = await model.sample(new Map([[1, 50]]), new Rng(10));
    expect(Array.from(num(b, 0).subarray(20))).toEqual(Array.from(num(a, 0)));
    expect(Array.from((b.features[2] as CategoricalFeature).codes.subarray(20))).toEqual(Array.from((a.features[2] as CategoricalFeature).codes));
    expect(Array.from(num(c, 0))).not.toEqual(Array.from(num(a, 0)));
  });

  it('SMOTE-NC: the categorical value is the most frequent among the base row\'s k neighbours', async () => {
    const data = fixture(true, 21);
    const rows = Array.from({ length: 9 }, (_, i) => 40 + i);
    const nn = referenceNeighbours(data, rows, K);
    const codes = (data.features[2] as CategoricalFeature).codes;
    const mode = (neigh: number[]) => {
      const tally = [0, 0, 0];
      for (const o of neigh) tally[codes[o]!]! += 1;
      return tally.indexOf(Math.max(...tally)); // lowest code on ties
    };
    const out = await (await fitted(data)).sample(new Map([[1, 150]]), new Rng(6));
    const [x, y] = [num(data, 0), num(data, 1)];
    const outCodes = (out.features[2] as CategoricalFeature).codes;
    for (let s = 0; s < out.rowCount; s++) {
      let explained = false;
      rows.forEach((r, ri) => {
        const onAny = nn[ri]!.some((o) => onSegment(num(out, 0)[s]!, num(out, 1)[s]!, x[r]!, y[r]!, x[o]!, y[o]!));
        if (onAny && mode(nn[ri]!) === outCodes[s]) explained = true;
      });
      expect(explained, `synthetic row ${s}`).toBe(true);
    }
  });

  it('breaks categorical ties towards the lowest level, and missing loses ties', () => {
    const m = {
      n: 4,
      numericFeatures: [],
      numeric: new Float64Array(0),
      missing: new Uint8Array(0),
      categoricalFeatures: [0],
      codes: Int32Array.of(2, 1, -1, 2),
      levelCounts: [3],
      categoricalWeight: 1,
      medianStd: 0,
    } satisfies ClassMatrix;
    // neighbours (k = 2): row 0 -> 1, 3 (codes 1, 2: tie -> 1); row 1 -> 2, 0 (-1, 2: tie -> 2);
    // row 2 -> 0, 3 (2, 2 -> 2); row 3 -> 2, 2 (-1, -1 -> missing)
    const modes = neighbourModes(m, Int32Array.of(1, 3, 2, 0, 0, 3, 2, 2), 2);
    expect(Array.from(modes)).toEqual([1, 2, 2, -1]);
  });

  it('reproduces missing numeric values at about the observed rate, only where the base row is missing', async () => {
    const data = fixture(false, 8);
    const x = num(data, 0);
    for (const r of [41, 44, 47]) x[r] = NaN; // 3 of the 9 minority rows
    const out = await (await fitted(data)).sample(new Map([[1, 3000]]), new Rng(12));
    const ox = num(out, 0);
    const oy = num(out, 1);
    const missing = Array.from(ox).filter((v) => Number.isNaN(v)).length / out.rowCount;
    expect(missing).toBeGreaterThan(0.3);
    expect(missing).toBeLessThan(0.37);
    expect(Array.from(oy).some((v) => Number.isNaN(v))).toBe(false);
    const observed = Array.from(ox).filter((v) => !Number.isNaN(v));
    const bounds = [40, 42, 43, 45, 46, 48].map((r) => x[r]!);
    // observed synthetic x stays within the observed class range plus the class median (the imputed value)
    for (const v of observed) {
      expect(v).toBeGreaterThanOrEqual(Math.min(...bounds) - 1e-12);
      expect(v).toBeLessThanOrEqual(Math.max(...bounds) + 1e-12);
    }
  });

  it('refuses a class smaller than k_neighbors + 1, naming the class, its size and the fix', async () => {
    const data = fixture(false);
    const model = await fitted(data, { k_neighbors: 9 });
    const err = await model.sample(new Map([[1, 5]]), new Rng(1)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(GanAugmentError);
    expect((err as GanAugmentError).code).toBe('data');
    const msg = (err as Error).message;
    expect(msg).toContain("class 'min' has 9 rows");
    expect(msg).toContain('k_neighbors=9');
    expect(msg).toContain('--model-param k_neighbors=8');
    expect(msg).toContain('--model random');
    expect(smoteFactory.minRowsPerClass({ k_neighbors: 9 })).toBe(10);
    expect(smoteFactory.minRowsPerClass({})).toBe(6);
  });

  it('validates k_neighbors and rejects unknown parameters by name', () => {
    expect(() => smoteFactory.create({ k_neighbors: 0 })).toThrow(/k_neighbors/);
    expect(() => smoteFactory.create({ k_neighbors: 'five' })).toThrow(/smote parameter 'k_neighbors' must be a positive integer, got 'five'/);
    expect(() => smoteFactory.create({ k_neighbours: 3 })).toThrow(/k_neighbours/);
    expect(() => smoteFactory.create({ k_neighbors: '4' })).not.toThrow();
    expect(() => smoteFactory.create({ k_neighbors: 4, trainOn: 'minority' })).not.toThrow(); // the stage's --train-on
  });

  it('serializes and reloads to a model that samples the same rows', async () => {
    const data = fixture(true);
    const model = await fitted(data);
    const art = await model.serialize();
    const reloaded = smoteFactory.deserialize({ config: JSON.parse(JSON.stringify(art.config)), arrays: art.arrays });
    const a = await model.sample(new Map([[1, 40]]), new Rng(5));
    const b = await reloaded.sample(new Map([[1, 40]]), new Rng(5));
    expect(Array.from(num(b, 1))).toEqual(Array.from(num(a, 1)));
    expect(Array.from((b.features[2] as CategoricalFeature).codes)).toEqual(Array.from((a.features[2] as CategoricalFeature).codes));
  });

  it('handles all-categorical data with a Hamming distance', async () => {
    const codes = Int32Array.from({ length: 12 }, (_, i) => i % 3);
    const data: Dataset = {
      features: [{ kind: 'categorical', name: 'c', codes, levels: ['a', 'b', 'c'] }],
      labels: Int32Array.from({ length: 12 }, (_, i) => (i < 6 ? 0 : 1)),
      classes: ['p', 'q'],
      rowCount: 12,
    };
    const out = await (await fitted(data, { k_neighbors: 2 })).sample(new Map([[0, 10]]), new Rng(1));
    expect(out.rowCount).toBe(10);
    for (const c of (out.features[0] as CategoricalFeature).codes) expect([0, 1, 2]).toContain(c);
  });
});

type P = [number, number];
/** Andrew's monotone chain, counter-clockwise. */
function convexHull(points: P[]): P[] {
  const pts = [...points].sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const cross = (o: P, a: P, b: P) => (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0]);
  const lower: P[] = [];
  for (const p of pts) {
    while (lower.length >= 2 && cross(lower[lower.length - 2]!, lower[lower.length - 1]!, p) <= 0) lower.pop();
    lower.push(p);
  }
  const upper: P[] = [];
  for (const p of [...pts].reverse()) {
    while (upper.length >= 2 && cross(upper[upper.length - 2]!, upper[upper.length - 1]!, p) <= 0) upper.pop();
    upper.push(p);
  }
  return [...lower.slice(0, -1), ...upper.slice(0, -1)];
}

function insideHull(hull: P[], x: number, y: number): boolean {
  for (let i = 0; i < hull.length; i++) {
    const a = hull[i]!;
    const b = hull[(i + 1) % hull.length]!;
    if ((b[0] - a[0]) * (y - a[1]) - (b[1] - a[1]) * (x - a[0]) < -1e-9) return false;
  }
  return true;
}
