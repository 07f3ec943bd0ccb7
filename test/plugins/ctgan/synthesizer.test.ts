import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../../src/backend/pick.js';
import type { Dataset, NumericFeature } from '../../../src/contracts.js';
import { GanAugmentError } from '../../../src/errors.js';
import type { ProgressEvent } from '../../../src/progress.js';
import { Rng } from '../../../src/random.js';
import { ctganFactory } from '../../../plugins/ctgan/index.js';
import { resolveBatchAndPac } from '../../../plugins/ctgan/params.js';
import { makeFixture } from '../../support/ctgan-fixture.js';

/** Small networks so each fit takes a second or two; the model code is the same as the defaults'. */
const SMALL = { embeddingDim: 16, generatorDims: [32, 32], criticDims: [32, 32] };

/** Trained on all rows (so both classes can be sampled). */
async function fitted(seed: number, epochs = 2, data: Dataset = makeFixture(5, 170, 60)) {
  const synth = ctganFactory.create({ ...SMALL, trainOn: 'all' });
  const report = await synth.fit(data, { rng: new Rng(seed), epochs });
  return { synth, report, data };
}

describe('ctgan synthesizer', () => {
  beforeAll(async () => {
    await initBackend();
  });

  it('samples exactly the requested rows per class, with the requested labels', async () => {
    const { synth, data } = await fitted(1);
    const out = await synth.sample(new Map([[1, 123], [0, 7]]), new Rng(9));
    expect(out.rowCount).toBe(130);
    expect(Array.from(out.labels.subarray(0, 123)).every((l) => l === 1)).toBe(true);
    expect(Array.from(out.labels.subarray(123)).every((l) => l === 0)).toBe(true);
    expect(out.classes).toEqual(data.classes);
    expect(out.features.map((f) => [f.name, f.kind])).toEqual(data.features.map((f) => [f.name, f.kind]));
    for (const [i, f] of out.features.entries()) {
      const real = data.features[i]!;
      if (f.kind === 'numeric' && real.kind === 'numeric') {
        expect(f.values.length).toBe(130);
        const observed = Array.from(real.values).filter(Number.isFinite);
        const [lo, hi] = [Math.min(...observed), Math.max(...observed)];
        for (const v of f.values) {
          if (Number.isNaN(v)) continue;
          expect(v).toBeGreaterThanOrEqual(lo);
          expect(v).toBeLessThanOrEqual(hi);
          if (real.integer) expect(Number.isInteger(v)).toBe(true);
        }
      }
      if (f.kind === 'categorical' && real.kind === 'categorical') {
        const seen = new Set(real.codes);
        for (const c of f.codes) expect(seen.has(c)).toBe(true);
        expect(f.levels).toEqual(real.levels);
      }
    }
    expect((await synth.sample(new Map([[1, 0]]), new Rng(1))).rowCount).toBe(0);
    synth.dispose();
  });

  it('gives identical synthetic rows for the same seed (fit + sample twice)', async () => {
    const a = await fitted(42);
    const b = await fitted(42);
    const sa = await a.synth.sample(new Map([[1, 50]]), new Rng(3));
    const sb = await b.synth.sample(new Map([[1, 50]]), new Rng(3));
    expect(sb).toEqual(sa);
    const c = await fitted(43);
    const sc = await c.synth.sample(new Map([[1, 50]]), new Rng(3));
    expect(sc).not.toEqual(sa);
    for (const s of [a, b, c]) s.synth.dispose();
  });

  it('serialize -> deserialize -> sample reproduces the original model exactly', async () => {
    const { synth } = await fitted(7);
    const artifacts = await synth.serialize();
    // Through JSON, as the core stores it; the arrays as raw bytes.
    const config = JSON.parse(JSON.stringify(artifacts.config));
    const arrays = Object.fromEntries(Object.entries(artifacts.arrays).map(([k, v]) => [k, new Float32Array(v.slice().buffer)]));
    const loaded = ctganFactory.deserialize({ config, arrays });
    const counts = new Map([[0, 40], [1, 60]]);
    expect(await loaded.sample(counts, new Rng(5))).toEqual(await synth.sample(counts, new Rng(5)));
    expect(Object.keys(artifacts.arrays)).toContain('generator.head.w');
    synth.dispose();
    loaded.dispose();
  });

  it('rejects corrupt or edited artifacts with a model error', async () => {
    const { synth } = await fitted(8, 1);
    const artifacts = await synth.serialize();
    const arrays = { ...artifacts.arrays, 'generator.head.w': new Float32Array(3) };
    expect(() => ctganFactory.deserialize({ config: artifacts.config, arrays })).toThrow(GanAugmentError);
    const config = { ...(artifacts.config as Record<string, never>), format: 'something-else' };
    expect(() => ctganFactory.deserialize({ config, arrays: artifacts.arrays })).toThrow(/corrupt/);
    synth.dispose();
  });

  it('keeps the tensor count flat across epochs and releases everything on dispose', async () => {
    const before = tf.memory().numTensors;
    const synth = ctganFactory.create(SMALL);
    const counts: number[] = [];
    await synth.fit(makeFixture(6, 170, 60), { rng: new Rng(1), epochs: 6 }, () => counts.push(tf.memory().numTensors));
    expect(counts).toHaveLength(6);
    // Adam creates its slots during the first step; from then on nothing may accumulate.
    expect(new Set(counts.slice(1)).size).toBe(1);
    expect(counts[5]).toBe(counts[1]);
    const afterFit = tf.memory().numTensors; // the optimizers' slots are gone, the weights stay
    expect(afterFit).toBeLessThan(counts[5]!);
    await synth.sample(new Map([[1, 20]]), new Rng(1));
    expect(tf.memory().numTensors).toBe(afterFit);
    synth.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('reports per-epoch progress and history, and stops when aborted', async () => {
    const events: ProgressEvent[] = [];
    const synth = ctganFactory.create(SMALL);
    const report = await synth.fit(makeFixture(6, 170, 60), { rng: new Rng(1), epochs: 3 }, (e) => events.push(e));
    expect(events.map((e) => [e.phase, e.done, e.total])).toEqual([['fit', 1, 3], ['fit', 2, 3], ['fit', 3, 3]]);
    expect(Object.keys(events[0]!.metrics!)).toEqual(expect.arrayContaining(['loss_g', 'loss_d', 'w_distance', 'w_distance_ema', 'rows/s']));
    // The Wasserstein estimate is the negated critic loss; its average starts at the first epoch's value.
    expect(report.history[0]!['w_distance']).toBeCloseTo(-report.history[0]!['loss_d']!, 6);
    expect(report.history[0]!['w_distance_ema']).toBe(report.history[0]!['w_distance']);
    expect(report.epochs).toBe(3);
    expect(report.history).toHaveLength(3);
    const controller = new AbortController();
    const aborted = await synth.fit(makeFixture(6, 170, 60), { rng: new Rng(1), epochs: 50, signal: controller.signal }, (e) => {
      if (e.done === 2) controller.abort();
    });
    expect(aborted.epochs).toBe(2);
    synth.dispose();
  });

  it('adapts the batch to small data and validates parameters', async () => {
    // 60 minority rows with trainOn 'minority': batch 60, one step per epoch.
    const synth = ctganFactory.create({ ...SMALL }); // default trainOn 'minority'
    const report = await synth.fit(makeFixture(6, 170, 63), { rng: new Rng(1), epochs: 1 });
    expect(report.history[0]!['rows/s']).toBeGreaterThan(0);
    await expect(synth.sample(new Map([[0, 5]]), new Rng(1))).rejects.toThrow(/class 'major' was not among the classes the model trained on.*--train-on all/);
    expect((await synth.sample(new Map([[1, 5]]), new Rng(1))).rowCount).toBe(5);
    synth.dispose();
    // The batch/pac rule itself is tested in params.test.ts; an explicit pac needs a multiple.
    expect(resolveBatchAndPac(undefined, 10, 153)).toEqual({ batch: 150, pac: 10 });
    expect(() => resolveBatchAndPac(25, 10, 63)).toThrow(/--batch-size 25/);
    expect(() => ctganFactory.create({ batchSize: 15, pac: 10 })).toThrow(/--batch-size/);
    expect(() => ctganFactory.create({ checkpointEvery: 0 })).toThrow(/checkpointEvery/);
    expect(() => ctganFactory.create({ epochs: 0 })).toThrow(/epochs/);
    expect(() => ctganFactory.create({ trainOn: 'some' })).toThrow(/trainOn/);
    expect(() => ctganFactory.create({ lr: -1 })).toThrow(/lr/);
    expect(() => ctganFactory.create({ generatorDims: 'x' })).toThrow(/generatorDims/);
    expect(() => ctganFactory.create({ colour: 1 })).toThrow(/unknown parameter 'colour'/);
    expect(ctganFactory.create({ epochs: '3', generatorDims: '64,64' })).toBeDefined();
    expect(ctganFactory.minRowsPerClass({})).toBe(5);
    expect(ctganFactory.supports).toEqual(['numeric', 'categorical']);
  });

  it('produces NaN only in columns that had missing values', async () => {
    const { synth } = await fitted(9, 1);
    const out = await synth.sample(new Map([[1, 200]]), new Rng(2));
    const x1 = out.features[0] as NumericFeature;
    expect(Array.from(x1.values).some(Number.isNaN)).toBe(false);
    synth.dispose();
  });
  it('fits data without categorical columns, with a constant and an all-missing column', async () => {
    const n = 40;
    const r = new Rng(3);
    const data: Dataset = {
      features: [
        { kind: 'numeric', name: 'x', values: Float64Array.from({ length: n }, () => r.normal()), integer: false },
        { kind: 'numeric', name: 'same', values: new Float64Array(n).fill(7), integer: true },
        { kind: 'numeric', name: 'empty', values: new Float64Array(n).fill(NaN), integer: false },
      ],
      labels: Int32Array.from({ length: n }, (_, i) => (i < 30 ? 0 : 1)),
      classes: ['a', 'b'],
      rowCount: n,
    };
    const synth = ctganFactory.create(SMALL);
    await synth.fit(data, { rng: new Rng(1), epochs: 2 });
    const out = await synth.sample(new Map([[1, 25]]), new Rng(2));
    const [x, same, empty] = out.features as NumericFeature[];
    expect(Array.from(x!.values).every(Number.isFinite)).toBe(true);
    expect(Array.from(same!.values).every((v) => v === 7)).toBe(true);
    expect(Array.from(empty!.values).every(Number.isNaN)).toBe(true);
    synth.dispose();
  });
});

