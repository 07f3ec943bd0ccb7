/**
 * smote-enn and smote-tomek: the rules remove planted synthetic rows in the other class's region
 * and keep the rest, the first draw is smote's own rows minus what the rule removes, the training
 * rows are never touched, and a class the rule always empties is refused with the fix.
 */
import { describe, expect, it } from 'vitest';
import type { Dataset, NumericFeature } from '../../../src/contracts.js';
import { GanAugmentError } from '../../../src/errors.js';
import { Rng } from '../../../src/random.js';
import { concatRows } from '../../../src/dataset.js';
import { smoteEnnFactory, smoteTomekFactory } from '../../../plugins/smote-cleaning/index.js';
import { ennRule, tomekRule } from '../../../plugins/smote-cleaning/rules.js';
import { allRowsMatrix } from '../../../plugins/smote/all-rows.js';
import { smoteFactory } from '../../../plugins/smote/index.js';

function points(xy: Array<[number, number]>, labels: number[]): Dataset {
  return {
    features: [
      { kind: 'numeric', name: 'x', values: Float64Array.from(xy, (p) => p[0]), integer: false },
      { kind: 'numeric', name: 'y', values: Float64Array.from(xy, (p) => p[1]), integer: false },
    ],
    labels: Int32Array.from(labels),
    classes: ['maj', 'min'],
    rowCount: labels.length,
  };
}

/** Overlapping classes: majority around (0, 0), minority around (1.5, 0). */
function overlapping(): Dataset {
  const rng = new Rng(11);
  const xy: Array<[number, number]> = [];
  const labels: number[] = [];
  for (let i = 0; i < 120; i++) (xy.push([rng.normal(), rng.normal()]), labels.push(0));
  for (let i = 0; i < 30; i++) (xy.push([1.5 + rng.normal() * 0.7, rng.normal() * 0.7]), labels.push(1));
  return points(xy, labels);
}

const rowsOf = (d: Dataset) => Array.from({ length: d.rowCount }, (_, i) => d.features.map((f) => (f as NumericFeature).values[i]).join(','));

describe('cleaning rules', () => {
  // Training: a majority cluster at x = 0..4 and a minority cluster at x = 20..24, one row each unit.
  const trainingXY = [...Array.from({ length: 5 }, (_, i) => [i, 0] as [number, number]), ...Array.from({ length: 5 }, (_, i) => [20 + i, 0] as [number, number])];
  const trainingLabels = [0, 0, 0, 0, 0, 1, 1, 1, 1, 1];
  const training = points(trainingXY, trainingLabels);

  it('ENN removes a synthetic minority row planted among the majority and keeps one among the minority', () => {
    const pool = concatRows(training, points([[2.2, 0.1], [21.5, 0.1]], [1, 1]));
    const removed = ennRule(3)(allRowsMatrix(pool), pool.labels, Int32Array.of(10, 11));
    expect(Array.from(removed)).toEqual([1, 0]);
  });

  it('Tomek links remove a synthetic row whose mutual nearest row is of another class, and only that one', () => {
    // An isolated majority row at (10, 0): the synthetic minority row at (10.3, 0) is its nearest
    // and it is the synthetic row's nearest (a link); the one at (20.5, 0) is nearest to minority rows.
    const pool = points([...trainingXY, [10, 0], [10.3, 0], [20.5, 0]], [...trainingLabels, 0, 1, 1]);
    const removed = tomekRule(allRowsMatrix(pool), pool.labels, Int32Array.of(11, 12));
    expect(Array.from(removed)).toEqual([1, 0]);
  });
});

describe('smote-enn / smote-tomek', () => {
  for (const [factory, rule] of [
    [smoteEnnFactory, ennRule(3)],
    [smoteTomekFactory, tomekRule],
  ] as const) {
    it(`${factory.name}: the first draw is smote's rows minus those the rule removes, then redraws fill the request`, async () => {
      const data = overlapping();
      const n = 90;
      const smote = smoteFactory.create({});
      await smote.fit(data, { rng: new Rng(0) });
      const candidates = await smote.sample(new Map([[1, n]]), new Rng(7));
      const pool = concatRows(data, candidates);
      const judged = Int32Array.from({ length: n }, (_, i) => data.rowCount + i);
      const flags = rule(allRowsMatrix(pool), pool.labels, judged);
      const survivors = rowsOf(candidates).filter((_, i) => flags[i] === 0);
      expect(survivors.length).toBeLessThan(n); // the rule does remove rows here

      const model = factory.create({});
      const before = rowsOf(data);
      await model.fit(data, { rng: new Rng(0) });
      const out = await model.sample(new Map([[1, n]]), new Rng(7));
      expect(out.rowCount).toBe(n);
      expect(Array.from(out.labels).every((l) => l === 1)).toBe(true);
      expect(rowsOf(out).slice(0, survivors.length)).toEqual(survivors);
      expect(rowsOf(data)).toEqual(before); // the training rows are never removed or changed
    });
  }

  it('refuses a class the rule removes everywhere, naming the rule and the fix', async () => {
    // Six minority rows on a line densely covered by majority rows (one every 0.001): any synthetic
    // row has majority rows closer than its nearest minority or synthetic rows.
    const majority = Array.from({ length: 12001 }, (_, i) => [-1 + i * 0.001, 0] as [number, number]);
    const minority = Array.from({ length: 6 }, (_, i) => [2 * i + 0.0005, 0] as [number, number]);
    const data = points([...majority, ...minority], [...majority.map(() => 0), ...minority.map(() => 1)]);
    const model = smoteEnnFactory.create({});
    await model.fit(data, { rng: new Rng(0) });
    const err = await model.sample(new Map([[1, 10]]), new Rng(1)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(GanAugmentError);
    expect((err as GanAugmentError).code).toBe('data');
    expect((err as Error).message).toMatch(/smote-enn: ENN \(n_neighbors=3\) removed the synthetic rows of class 'min' again and again: after 10 draws it is still 10 rows short of 10/);
    expect((err as GanAugmentError).hint).toMatch(/--model smote/);
  });

  it('validates n_neighbors and saves it with the model', async () => {
    expect(() => smoteEnnFactory.create({ n_neighbors: 0 })).toThrow(/smote-enn parameter 'n_neighbors' must be a positive integer, got '0'/);
    expect(() => smoteTomekFactory.create({ n_neighbors: 3 })).toThrow(/smote-tomek: unknown parameter 'n_neighbors'/);
    const model = smoteEnnFactory.create({ n_neighbors: '4' });
    await model.fit(overlapping(), { rng: new Rng(0) });
    const art = await model.serialize();
    expect(art.config).toMatchObject({ k_neighbors: 5, n_neighbors: 4 });
    const reloaded = smoteEnnFactory.deserialize({ config: JSON.parse(JSON.stringify(art.config)), arrays: art.arrays });
    expect(rowsOf(await reloaded.sample(new Map([[1, 20]]), new Rng(2)))).toEqual(rowsOf(await model.sample(new Map([[1, 20]]), new Rng(2))));
  });
});
