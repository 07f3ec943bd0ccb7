/** ctgan's score(): its critic's verdict per row, for --filter critic. */
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../../src/backend/pick.js';
import type { Dataset } from '../../../src/contracts.js';
import { takeRows } from '../../../src/dataset.js';
import { Rng } from '../../../src/random.js';
import { ctganFactory } from '../../../plugins/ctgan/index.js';

/** Majority around x = 0, minority around x = 4 (tone 'a' mostly), a categorical carrying some signal. */
function twoClouds(seed: number): Dataset {
  const rng = new Rng(seed);
  const labels = Int32Array.from({ length: 400 }, (_, i) => (i < 300 ? 0 : 1));
  return {
    features: [
      { kind: 'numeric', name: 'x', values: Float64Array.from(labels, (l) => 4 * l + 0.5 * rng.normal()), integer: false },
      { kind: 'categorical', name: 'tone', codes: Int32Array.from(labels, (l) => (rng.next() < (l ? 0.8 : 0.2) ? 0 : 1)), levels: ['a', 'b'] },
    ],
    labels,
    classes: ['major', 'minor'],
    rowCount: 400,
  };
}

describe('ctgan score(): the critic on single rows', () => {
  beforeAll(async () => {
    await initBackend();
  });

  it('scores real minority rows above the same rows moved into the majority region or given the majority class, independent of batch-mates', async () => {
    const data = twoClouds(1);
    const synth = ctganFactory.create({ embeddingDim: 16, generatorDims: [32, 32], criticDims: [32, 32], lr: 1e-3, trainOn: 'all', classSampling: 'even' });
    await synth.fit(data, { rng: new Rng(2), epochs: 150 });
    const minority = takeRows(data, Array.from({ length: 100 }, (_, i) => 300 + i));
    const x = minority.features[0]!;
    if (x.kind !== 'numeric') throw new Error('x must be numeric');
    const moved: Dataset = { ...minority, features: [{ ...x, values: x.values.map((v) => v - 4) }, minority.features[1]!] };
    const real = await synth.score!(minority, new Rng(3));
    const wrong = await synth.score!(moved, new Rng(3));

    expect(real).toHaveLength(100);
    const mean = (a: Float64Array) => a.reduce((s, v) => s + v, 0) / a.length;
    expect(mean(real)).toBeGreaterThan(mean(wrong));
    let above = 0;
    for (let i = 0; i < 100; i++) if (real[i]! > wrong[i]!) above++;
    expect(above).toBeGreaterThanOrEqual(80);
    // The class is the critic's condition: minority rows presented as majority rows look less real.
    const relabelled = await synth.score!({ ...minority, labels: new Int32Array(100) }, new Rng(3));
    expect(mean(real)).toBeGreaterThan(mean(relabelled));
    // One row alone scores as it does among the others (a pack holds copies of one row), and again the same.
    const alone = await synth.score!(takeRows(minority, [7]), new Rng(3));
    expect(alone[0]).toBeCloseTo(real[7]!, 4);
    expect(Array.from(await synth.score!(minority, new Rng(3)))).toEqual(Array.from(real));
    synth.dispose();
  }, 120_000);
});
