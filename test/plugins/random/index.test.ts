import { describe, expect, it } from 'vitest';
import type { Dataset, NumericFeature, CategoricalFeature } from '../../../src/contracts.js';
import { GanAugmentError } from '../../../src/errors.js';
import { Rng } from '../../../src/random.js';
import { randomOversamplerFactory } from '../../../plugins/random/index.js';

/** 3 classes: 20 rows of 'a', 5 of 'b', 3 of 'c'; numeric values encode the row index. */
function fixture(): Dataset {
  const labels = Int32Array.from([...Array(20).fill(0), ...Array(5).fill(1), ...Array(3).fill(2)]);
  const n = labels.length;
  const x = Float64Array.from({ length: n }, (_, i) => i + 0.25);
  x[21] = NaN;
  x[22] = -0;
  const big = Float64Array.from({ length: n }, (_, i) => 1e300 / (i + 1) + Math.PI * i);
  const codes = Int32Array.from({ length: n }, (_, i) => (i % 4) - 1); // includes -1 (missing)
  return {
    features: [
      { kind: 'numeric', name: 'x', values: x, integer: false },
      { kind: 'categorical', name: 'colour', codes, levels: ['red', 'green', 'blue'] },
      { kind: 'numeric', name: 'big', values: big, integer: true },
    ],
    labels,
    classes: ['a', 'b', 'c'],
    rowCount: n,
  };
}

async function fitted(data = fixture()) {
  const model = randomOversamplerFactory.create({});
  await model.fit(data, { rng: new Rng(1) });
  return model;
}

function rowKey(d: Dataset, i: number): string {
  return JSON.stringify([
    d.labels[i],
    ...d.features.map((f) => (f.kind === 'numeric' ? String(f.values[i]) : f.kind === 'categorical' ? f.codes[i] : 'img')),
  ]);
}

describe('random oversampler', () => {
  it('returns exactly the requested rows per class, each with its label', async () => {
    const model = await fitted();
    const out = await model.sample(new Map([[2, 7], [1, 11]]), new Rng(5));
    expect(out.rowCount).toBe(18);
    // classes come out in ascending class-index order, whatever the map's order
    expect(Array.from(out.labels)).toEqual([...Array(11).fill(1), ...Array(7).fill(2)]);
    expect(out.features.map((f) => f.name)).toEqual(['x', 'colour', 'big']);
    expect(out.classes).toEqual(['a', 'b', 'c']);
  });

  it('emits only training rows of the requested class', async () => {
    const data = fixture();
    const model = await fitted(data);
    const out = await model.sample(new Map([[1, 50], [2, 30]]), new Rng(9));
    const training = new Set(Array.from({ length: data.rowCount }, (_, i) => rowKey(data, i)));
    for (let i = 0; i < out.rowCount; i++) expect(training.has(rowKey(out, i))).toBe(true);
    // class 'b' is rows 20..24: x = i + 0.25 (21 is NaN, 22 is -0); every one of them shows up in 50 draws
    const xs = new Set(Array.from((out.features[0] as NumericFeature).values.subarray(0, 50), String));
    expect(xs).toEqual(new Set(['20.25', 'NaN', '0', '23.25', '24.25']));
  });

  it('gives the same rows for the same seed and different rows for another seed', async () => {
    const model = await fitted();
    const counts = new Map([[1, 40]]);
    const a = await model.sample(counts, new Rng(3));
    const b = await model.sample(counts, new Rng(3));
    const c = await model.sample(counts, new Rng(4));
    const x = (d: Dataset) => Array.from((d.features[2] as NumericFeature).values);
    expect(x(a)).toEqual(x(b));
    expect(x(a)).not.toEqual(x(c));
  });

  it("a class's rows do not depend on which other classes were requested", async () => {
    const model = await fitted();
    const alone = await model.sample(new Map([[2, 10]]), new Rng(3));
    const withOther = await model.sample(new Map([[1, 10], [2, 10]]), new Rng(3));
    const codes = (d: Dataset) => Array.from((d.features[1] as CategoricalFeature).codes);
    expect(codes(withOther).slice(10)).toEqual(codes(alone));
  });

  it('serializes the rows bit-exactly and a reloaded model samples the same rows', async () => {
    const data = fixture();
    const model = await fitted(data);
    const artifacts = await model.serialize();
    for (const arr of Object.values(artifacts.arrays)) expect(arr).toBeInstanceOf(Float32Array);
    // through JSON, as the core stores the config
    const reloaded = randomOversamplerFactory.deserialize({ config: JSON.parse(JSON.stringify(artifacts.config)), arrays: artifacts.arrays });
    const counts = new Map([[0, 25], [1, 25], [2, 25]]);
    const a = await model.sample(counts, new Rng(77));
    const b = await reloaded.sample(counts, new Rng(77));
    for (let f = 0; f < a.features.length; f++) {
      const fa = a.features[f]!;
      const fb = b.features[f]!;
      if (fa.kind === 'numeric' && fb.kind === 'numeric') {
        expect(Array.from(fb.values, (v) => Object.is(v, -0) ? '-0' : String(v))).toEqual(Array.from(fa.values, (v) => Object.is(v, -0) ? '-0' : String(v)));
      } else if (fa.kind === 'categorical' && fb.kind === 'categorical') {
        expect(Array.from(fb.codes)).toEqual(Array.from(fa.codes));
        expect(fb.levels).toEqual(fa.levels);
      }
    }
    expect(Array.from(b.labels)).toEqual(Array.from(a.labels));
  });

  it('rejects corrupt artifacts with a model error', async () => {
    const artifacts = await (await fitted()).serialize();
    const broken = { config: artifacts.config, arrays: { ...artifacts.arrays, 'feature.0': new Float32Array(3) } };
    expect(() => randomOversamplerFactory.deserialize(broken)).toThrow(/corrupt.*'x'/);
  });

  it('declares that it copies training rows and takes no parameters', () => {
    expect(randomOversamplerFactory.copiesTrainingRows).toBe(true);
    expect(randomOversamplerFactory.minRowsPerClass({})).toBe(1);
    expect(() => randomOversamplerFactory.create({ k_neighbors: 3 })).toThrow(GanAugmentError);
    expect(() => randomOversamplerFactory.create({ k_neighbors: 3 })).toThrow(/k_neighbors/);
    expect(() => randomOversamplerFactory.create({ trainOn: 'all' })).not.toThrow(); // the stage's --train-on
  });

  it('refuses to sample a class with no training rows', async () => {
    const data = { ...fixture(), classes: ['a', 'b', 'c', 'd'] };
    const model = await fitted(data);
    await expect(model.sample(new Map([[3, 2]]), new Rng(1))).rejects.toThrow(/class 'd' has no training rows/);
  });
});
