/** smallClassRows: a class to augment below it is learned from every class with even class draws, and the fit says so. */
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../../src/backend/pick.js';
import type { Dataset } from '../../../src/contracts.js';
import { Rng } from '../../../src/random.js';
import { ctganFactory } from '../../../plugins/ctgan/index.js';

const SMALL = { embeddingDim: 16, generatorDims: [32, 32], criticDims: [32, 32] };

/** 60 majority rows and `minority` minority rows. */
function data(minority: number): Dataset {
  const rng = new Rng(1);
  const labels = Int32Array.from({ length: 60 + minority }, (_, i) => (i < 60 ? 0 : 1));
  return { features: [{ kind: 'numeric', name: 'x', values: Float64Array.from(labels, (l) => 3 * l + rng.normal()), integer: false }], labels, classes: ['major', 'minor'], rowCount: labels.length };
}

describe('ctgan smallClassRows', () => {
  beforeAll(async () => {
    await initBackend();
  });

  it('below the size the model trains on every class (it can sample the majority) and notes why; at or above it, the minority alone', async () => {
    const switched = ctganFactory.create({ ...SMALL, smallClassRows: 20 });
    const report = await switched.fit(data(8), { rng: new Rng(2), epochs: 2 });
    expect(report.notes?.join(' ')).toMatch(/class 'minor' has 8 training rows \(fewer than smallClassRows 20\), so the model trained on every class/);
    expect((await switched.sample(new Map([[0, 5]]), new Rng(3))).rowCount).toBe(5);
    switched.dispose();
    const kept = ctganFactory.create({ ...SMALL, smallClassRows: 20 });
    const keptReport = await kept.fit(data(20), { rng: new Rng(2), epochs: 2 });
    expect(keptReport.notes).toBeUndefined();
    await expect(kept.sample(new Map([[0, 5]]), new Rng(3))).rejects.toThrow(/was not among the classes the model trained on/);
    kept.dispose();
    const off = ctganFactory.create({ ...SMALL });
    expect((await off.fit(data(8), { rng: new Rng(2), epochs: 2 })).notes).toBeUndefined();
    off.dispose();
    expect(() => ctganFactory.create({ smallClassRows: -1 })).toThrow(/smallClassRows/);
  }, 60_000);
});
