/**
 * smoten: each synthetic row is the column-wise vote of a class row and its k nearest class rows
 * under the value difference metric, so only the class's observed categories come out.
 */
import { describe, expect, it } from 'vitest';
import type { CategoricalFeature, Dataset } from '../../../src/contracts.js';
import { GanAugmentError } from '../../../src/errors.js';
import { Rng } from '../../../src/random.js';
import { smotenFactory } from '../../../plugins/smoten/index.js';
import { valueDifferenceCosts } from '../../../plugins/smoten/value-difference.js';

function categorical(columns: string[][], labels: number[]): Dataset {
  return {
    features: columns.map((values, j) => {
      const levels = [...new Set(values)].sort();
      return { kind: 'categorical' as const, name: `c${j}`, codes: Int32Array.from(values, (v) => levels.indexOf(v)), levels };
    }),
    labels: Int32Array.from(labels),
    classes: ['maj', 'min'],
    rowCount: labels.length,
  };
}

describe('smoten', () => {
  it('weighs two values by how differently the classes use them', () => {
    // 'a' only in the majority, 'b' only in the minority, 'c' half and half.
    const data = categorical([['a', 'a', 'c', 'b', 'b', 'c']], [0, 0, 0, 1, 1, 1]);
    const [table] = valueDifferenceCosts(data);
    const w = 4; // missing + 3 levels
    const at = (x: number, y: number) => table![(x + 1) * w + y + 1]!;
    expect(at(0, 1)).toBeCloseTo(4, 12); // |1-0| + |0-1| = 2, squared
    expect(at(0, 2)).toBeCloseTo(1, 12); // |1-0.5| + |0-0.5| = 1
    expect(at(2, 2)).toBe(0);
  });

  it('produces only categories observed in the class, each row a vote of a row and its neighbours', async () => {
    const rng = new Rng(2);
    const pick = (options: string[]) => options[rng.int(options.length)]!;
    const n = 80;
    const labels = Array.from({ length: n }, (_, i) => (i < 60 ? 0 : 1));
    const colour = labels.map((l) => (l === 0 ? pick(['red', 'green', 'blue']) : pick(['red', 'violet'])));
    const size = labels.map((l) => (l === 0 ? pick(['s', 'm', 'l', 'xl']) : pick(['m', 'l'])));
    const data = categorical([colour, size], labels);
    const model = smotenFactory.create({ k_neighbors: 3 });
    await model.fit(data, { rng: new Rng(0) });
    const out = await model.sample(new Map([[1, 200]]), new Rng(4));
    expect(out.rowCount).toBe(200);
    const minority = labels.flatMap((l, i) => (l === 1 ? [i] : []));
    out.features.forEach((f, j) => {
      const cf = f as CategoricalFeature;
      const seen = new Set(minority.map((r) => (data.features[j] as CategoricalFeature).codes[r]!));
      for (const code of cf.codes) expect(seen.has(code)).toBe(true);
    });
    // A vote of 4 rows: at most as many distinct synthetic rows as class rows.
    const distinct = new Set(Array.from({ length: out.rowCount }, (_, i) => out.features.map((f) => (f as CategoricalFeature).codes[i]).join(',')));
    expect(distinct.size).toBeLessThanOrEqual(minority.length);
    const again = await model.sample(new Map([[1, 200]]), new Rng(4));
    expect(Array.from((again.features[0] as CategoricalFeature).codes)).toEqual(Array.from((out.features[0] as CategoricalFeature).codes));
  });

  it('takes only categorical columns, and names a class too small for k_neighbors', async () => {
    expect(smotenFactory.supports).toEqual(['categorical']);
    const data = categorical([['a', 'b', 'a', 'b', 'a', 'b', 'a']], [0, 0, 0, 0, 1, 1, 1]);
    const model = smotenFactory.create({});
    await model.fit(data, { rng: new Rng(0) });
    const err = await model.sample(new Map([[1, 4]]), new Rng(1)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(GanAugmentError);
    expect((err as Error).message).toMatch(/smoten: class 'min' has 3 rows, but k_neighbors=5 needs at least 6/);
    expect((err as GanAugmentError).hint).toMatch(/k_neighbors=2/);
  });
});
