import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../../src/backend/pick.js';
import type { Dataset, ImageFeature } from '../../../src/contracts.js';
import { GanAugmentError } from '../../../src/errors.js';
import type { ProgressEvent } from '../../../src/progress.js';
import { Rng } from '../../../src/random.js';
import { getSynthesizer } from '../../../src/registry.js';
import { registerBuiltins } from '../../../plugins/index.js';
import { dcganFactory } from '../../../plugins/dcgan/index.js';
import { buildDcganBenchStep } from '../../../bench/training-speed/dcgan-step.js';

/** Non-square, two-channel images so nothing assumes 28x28x1: class c is brighter on channel c. */
function toyDataset(rows: number, shape: [number, number, number] = [8, 12, 2]): Dataset {
  const rng = new Rng(99);
  const size = shape[0] * shape[1] * shape[2];
  const pixels = new Float32Array(rows * size);
  const labels = new Int32Array(rows);
  for (let r = 0; r < rows; r++) {
    labels[r] = r % 2;
    for (let j = 0; j < size; j++) pixels[r * size + j] = Math.min(1, rng.next() * 0.3 + (j % shape[2] === labels[r] ? 0.6 : 0));
  }
  return { features: [{ kind: 'image', name: 'img', pixels, shape }], labels, classes: ['a', 'b'], rowCount: rows };
}

const SMALL = { generatorWidth: 8, discriminatorWidth: 4, noiseDim: 8, batchSize: 8 };
const pixelsOf = (d: Dataset): Float32Array => (d.features[0] as ImageFeature).pixels;

describe('dcgan synthesizer', () => {
  beforeAll(async () => {
    await initBackend('auto');
  });

  it('is registered as an image synthesizer', () => {
    registerBuiltins();
    const factory = getSynthesizer('dcgan');
    expect(factory.supports).toEqual(['image']);
    expect(factory.minRowsPerClass({})).toBeGreaterThan(0);
  });

  it('is deterministic for a seed, and a different seed changes the result', async () => {
    const run = async (seed: number): Promise<{ weights: Float32Array; images: Float32Array; history: number[] }> => {
      const gan = dcganFactory.create(SMALL);
      const report = await gan.fit(toyDataset(24), { rng: new Rng(seed), epochs: 2 });
      const out = await gan.sample(new Map([[0, 3], [1, 2]]), new Rng(5));
      const weights = (await gan.serialize()).arrays['generator.dense']!;
      gan.dispose();
      return { weights, images: pixelsOf(out), history: report.history.map((h) => h['loss_d']!) };
    };
    const a = await run(1);
    const b = await run(1);
    const c = await run(2);
    expect(b.weights).toEqual(a.weights);
    expect(b.images).toEqual(a.images);
    expect(b.history).toEqual(a.history);
    expect(c.images).not.toEqual(a.images);
  });

  it('samples exactly the requested rows per class, in [0, 1], with the fitted shape', async () => {
    const gan = dcganFactory.create(SMALL);
    await gan.fit(toyDataset(16), { rng: new Rng(3), epochs: 1 });
    const out = await gan.sample(new Map([[1, 5], [0, 2]]), new Rng(4));
    gan.dispose();
    expect(out.rowCount).toBe(7);
    expect(Array.from(out.labels)).toEqual([1, 1, 1, 1, 1, 0, 0]);
    expect(out.classes).toEqual(['a', 'b']);
    const f = out.features[0] as ImageFeature;
    expect(f).toMatchObject({ kind: 'image', name: 'img', shape: [8, 12, 2] });
    expect(f.pixels.length).toBe(7 * 8 * 12 * 2);
    expect(f.pixels.every((v) => v >= 0 && v <= 1)).toBe(true);
  });

  it('serialises and deserialises to a model that samples identically', async () => {
    const gan = dcganFactory.create(SMALL);
    await gan.fit(toyDataset(16), { rng: new Rng(3), epochs: 1 });
    const artifacts = await gan.serialize();
    const json = JSON.parse(JSON.stringify(artifacts.config));
    const tensorsBefore = tf.memory().numTensors;
    const loaded = dcganFactory.deserialize({ config: json, arrays: artifacts.arrays });
    // Loading creates no tensors (it may run before a backend is initialised); sampling does.
    expect(tf.memory().numTensors).toBe(tensorsBefore);
    const counts = new Map([[0, 4], [1, 4]]);
    expect(pixelsOf(await loaded.sample(counts, new Rng(8)))).toEqual(pixelsOf(await gan.sample(counts, new Rng(8))));
    gan.dispose();
    loaded.dispose();
    // A truncated weight is refused with a 'model' error naming it.
    const broken = { ...artifacts.arrays, 'generator.up2': new Float32Array(3) };
    expect(() => dcganFactory.deserialize({ config: json, arrays: broken })).toThrow(/generator\.up2/);
  });

  it('keeps the tensor count flat across epochs and releases everything on dispose', async () => {
    const before = tf.memory().numTensors;
    const counts: number[] = [];
    const events: ProgressEvent[] = [];
    const gan = dcganFactory.create(SMALL);
    const report = await gan.fit(toyDataset(32), { rng: new Rng(6), epochs: 4 }, (e) => {
      events.push(e);
      counts.push(tf.memory().numTensors);
    });
    expect(new Set(counts.slice(1)).size).toBe(1);
    expect(counts[0]).toBe(counts[1]);
    expect(events.map((e) => e.done)).toEqual([1, 2, 3, 4]);
    expect(events[0]).toMatchObject({ phase: 'fit', total: 4, unit: 'epoch' });
    expect(Object.keys(events[0]!.metrics!)).toEqual(['loss_g', 'loss_d', 'images_per_s']);
    expect(report.history[0]).toMatchObject({ epoch: 1 });
    expect(Number.isFinite(report.history[3]!['loss_g'])).toBe(true);
    await gan.sample(new Map([[0, 300]]), new Rng(1));
    gan.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('refuses images whose height or width is not divisible by 4, naming --image-shape', async () => {
    const gan = dcganFactory.create(SMALL);
    const err = await gan.fit(toyDataset(8, [10, 12, 1]), { rng: new Rng(1), epochs: 1 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(GanAugmentError);
    expect((err as Error).message).toMatch(/'img'.*10x12x1.*divisible by 4.*--image-shape 12x12x1/);
  });

  it('validates parameters and refuses non-image data', async () => {
    expect(() => dcganFactory.create({ lr: 2 })).toThrow(/'lr'/);
    expect(() => dcganFactory.create({ generatorWidth: 7 })).toThrow(/generatorWidth/);
    expect(() => dcganFactory.create({ colour: 1 })).toThrow(/unknown parameter 'colour'/);
    const tabular: Dataset = { features: [{ kind: 'numeric', name: 'x', values: new Float64Array(4), integer: false }], labels: new Int32Array(4), classes: ['a'], rowCount: 4 };
    await expect(dcganFactory.create({}).fit(tabular, { rng: new Rng(1) })).rejects.toThrow(/'x' \(numeric\)/);
  });

  it('bench step runs real training steps without leaking tensors', () => {
    const bench = buildDcganBenchStep({ batchSize: 4, imageShape: [8, 8, 1], classes: 3, seed: 1 });
    bench.step();
    const after = tf.memory().numTensors;
    bench.step();
    expect(tf.memory().numTensors).toBe(after);
    bench.dispose();
  });
});

describe('dcgan abort', () => {
  it('stops between epochs when the signal is aborted, reporting the epochs done', async () => {
    await initBackend('auto');
    const controller = new AbortController();
    const gan = dcganFactory.create(SMALL);
    const report = await gan.fit(toyDataset(16), { rng: new Rng(1), epochs: 50, signal: controller.signal }, (e) => {
      if (e.done === 2) controller.abort();
    });
    expect(report.epochs).toBe(2);
    // Still a usable model: batch norm was calibrated and sampling works.
    const out = await gan.sample(new Map([[0, 2]]), new Rng(1));
    expect(out.rowCount).toBe(2);
    gan.dispose();
  });
});
