/**
 * borderline-smote: synthetic rows start only from DANGER rows (recomputed here independently),
 * kind borderline-2 reaches part of the way towards other classes, and the errors name the fix.
 */
import { describe, expect, it } from 'vitest';
import type { Dataset, NumericFeature } from '../../../src/contracts.js';
import { GanAugmentError } from '../../../src/errors.js';
import { Rng } from '../../../src/random.js';
import { borderlineSmoteFactory } from '../../../plugins/borderline-smote/index.js';

/** Majority spread over [0, 10]^2; minority: 12 rows inside the majority's region, 12 in a far cluster. */
function borderData(): Dataset {
  const rng = new Rng(4);
  const xs: number[] = [];
  const ys: number[] = [];
  const labels: number[] = [];
  const add = (x: number, y: number, l: number) => (xs.push(x), ys.push(y), labels.push(l));
  for (let i = 0; i < 150; i++) add(rng.next() * 10, rng.next() * 10, 0);
  for (let i = 0; i < 12; i++) add(8 + rng.next() * 3, 8 + rng.next() * 3, 1); // on the majority's edge
  for (let i = 0; i < 12; i++) add(40 + rng.next(), 40 + rng.next(), 1); // safe, far away
  return {
    features: [
      { kind: 'numeric', name: 'x', values: Float64Array.from(xs), integer: false },
      { kind: 'numeric', name: 'y', values: Float64Array.from(ys), integer: false },
    ],
    labels: Int32Array.from(labels),
    classes: ['maj', 'min'],
    rowCount: labels.length,
  };
}

const point = (d: Dataset, r: number): [number, number] => [(d.features[0] as NumericFeature).values[r]!, (d.features[1] as NumericFeature).values[r]!];
const dist2 = (a: [number, number], b: [number, number]) => (a[0] - b[0]) ** 2 + (a[1] - b[1]) ** 2;

/** Rows (any class) sorted by distance from row r, r itself left out. */
function byDistance(d: Dataset, r: number, among: number[]): number[] {
  return among.filter((j) => j !== r).sort((a, b) => dist2(point(d, r), point(d, a)) - dist2(point(d, r), point(d, b)) || a - b);
}

function dangerRows(d: Dataset, m: number): number[] {
  const all = Array.from({ length: d.rowCount }, (_, i) => i);
  return all.filter((r) => {
    if (d.labels[r] !== 1) return false;
    const other = byDistance(d, r, all).slice(0, m).filter((j) => d.labels[j] !== 1).length;
    return other >= m / 2 && other < m;
  });
}

/** The t in [0, 1] with s = a + t (b - a), or undefined when s is not on the segment. */
function along(a: [number, number], b: [number, number], s: [number, number]): number | undefined {
  const t = Math.abs(b[0] - a[0]) > Math.abs(b[1] - a[1]) ? (s[0] - a[0]) / (b[0] - a[0]) : (s[1] - a[1]) / (b[1] - a[1]);
  if (!(t >= -1e-9 && t <= 1 + 1e-9)) return undefined;
  return Math.abs(a[0] + t * (b[0] - a[0]) - s[0]) < 1e-9 && Math.abs(a[1] + t * (b[1] - a[1]) - s[1]) < 1e-9 ? t : undefined;
}

async function sampled(params: Record<string, unknown>, n: number, seed = 1): Promise<{ data: Dataset; out: Dataset }> {
  const data = borderData();
  const model = borderlineSmoteFactory.create(params);
  await model.fit(data, { rng: new Rng(0) });
  return { data, out: await model.sample(new Map([[1, n]]), new Rng(seed)) };
}

describe('borderline-smote', () => {
  it('borderline-1: every synthetic row lies between a DANGER row and one of its k nearest rows of the class', async () => {
    const { data, out } = await sampled({}, 300);
    const danger = dangerRows(data, 10);
    expect(danger.length).toBeGreaterThan(0);
    expect(danger.every((r) => point(data, r)[0] < 20)).toBe(true); // the far cluster is safe
    const minority = Array.from({ length: data.rowCount }, (_, i) => i).filter((i) => data.labels[i] === 1);
    for (let s = 0; s < out.rowCount; s++) {
      const p = point(out, s);
      const explained = danger.some((r) => byDistance(data, r, minority).slice(0, 5).some((j) => along(point(data, r), point(data, j), p) !== undefined));
      expect(explained, `row ${s}`).toBe(true);
      expect(p[0]).toBeLessThan(20); // nothing is made from the safe cluster
    }
  });

  it('borderline-2: interpolates towards the k nearest rows of any class, less than halfway towards another class', async () => {
    const { data, out } = await sampled({ kind: 'borderline-2' }, 300);
    const danger = dangerRows(data, 10);
    const all = Array.from({ length: data.rowCount }, (_, i) => i);
    let towardsOther = 0;
    for (let s = 0; s < out.rowCount; s++) {
      const p = point(out, s);
      const steps = danger.flatMap((r) =>
        byDistance(data, r, all)
          .slice(0, 5)
          .map((j) => ({ j, t: along(point(data, r), point(data, j), p) }))
          .filter((x) => x.t !== undefined),
      );
      expect(steps.length, `row ${s}`).toBeGreaterThan(0);
      if (steps.every((x) => data.labels[x.j] === 0)) {
        towardsOther++;
        expect(Math.min(...steps.map((x) => x.t!))).toBeLessThan(0.5);
      }
    }
    expect(towardsOther).toBeGreaterThan(0);
  });

  it('refuses a class with no DANGER row, and bad parameters, naming them', async () => {
    const data = borderData();
    // The far cluster alone as the minority (the edge rows relabelled): every row is safe.
    const far: Dataset = { ...data, labels: Int32Array.from(data.labels, (l, i) => (l === 1 && point(data, i)[0] > 20 ? 1 : 0)) };
    const farModel = borderlineSmoteFactory.create({});
    await farModel.fit(far, { rng: new Rng(0) });
    const err = await farModel.sample(new Map([[1, 5]]), new Rng(1)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(GanAugmentError);
    expect((err as GanAugmentError).code).toBe('data');
    expect((err as Error).message).toMatch(/no row of class 'min' is in danger.*m_neighbors=10/);
    expect(() => borderlineSmoteFactory.create({ kind: 'borderline-3' })).toThrow(/borderline-smote parameter 'kind' must be one of 'borderline-1', 'borderline-2', got 'borderline-3'/);
    expect(() => borderlineSmoteFactory.create({ m_neighbors: 0 })).toThrow(/'m_neighbors' must be a positive integer, got '0'/);
    expect(() => borderlineSmoteFactory.create({ m_neighbours: 4 })).toThrow(/borderline-smote: unknown parameter 'm_neighbours'.*m_neighbors/);
    expect(() => borderlineSmoteFactory.create({ kind: '2', k_neighbors: '3' })).not.toThrow();
    expect(borderlineSmoteFactory.minRowsPerClass({})).toBe(6);
  });

  it('saves and reloads to a model that samples the same rows', async () => {
    const data = borderData();
    const model = borderlineSmoteFactory.create({ kind: 2, m_neighbors: 8 });
    await model.fit(data, { rng: new Rng(0) });
    const art = await model.serialize();
    expect(art.config).toMatchObject({ k_neighbors: 5, m_neighbors: 8, kind: 'borderline-2' });
    const reloaded = borderlineSmoteFactory.deserialize({ config: JSON.parse(JSON.stringify(art.config)), arrays: art.arrays });
    const a = await model.sample(new Map([[1, 30]]), new Rng(5));
    const b = await reloaded.sample(new Map([[1, 30]]), new Rng(5));
    expect(Array.from((b.features[0] as NumericFeature).values)).toEqual(Array.from((a.features[0] as NumericFeature).values));
    expect(() => borderlineSmoteFactory.deserialize({ config: { ...(art.config as object), kind: 'x' }, arrays: art.arrays })).toThrow(/saved 'borderline-smote' model is corrupt: borderline-smote parameter 'kind' must be one of .*, got 'x'/);
  });
});
