/** All-class conditioning: even class draws, the fine-tuning sampler, and trainOn 'pretrain'. */
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../../src/backend/pick.js';
import { Rng } from '../../../src/random.js';
import { ctganFactory } from '../../../plugins/ctgan/index.js';
import { disposeModel, prepareTraining } from '../../../plugins/ctgan/model.js';
import { TrainingSampler } from '../../../plugins/ctgan/sampler.js';
import { makeFixture } from '../../support/ctgan-fixture.js';

const SMALL = { embeddingDim: 16, generatorDims: [32, 32], criticDims: [32, 32] };

/** Share of class 1 among the conditions of many batches. */
function classOneShare(sampler: TrainingSampler, classes: number): number {
  const rng = new Rng(3);
  let ones = 0;
  let total = 0;
  for (let b = 0; b < 40; b++) {
    const { cond } = sampler.sample(100, rng);
    const width = cond.length / 100;
    for (let i = 0; i < 100; i++) {
      ones += cond[i * width + 1]!;
      total += cond.subarray(i * width, i * width + classes).reduce((s, v) => s + v, 0);
    }
  }
  return ones / total;
}

describe('ctgan conditioning on all classes', () => {
  beforeAll(async () => {
    await initBackend();
  });

  it("classSampling 'even' draws a 10% class half the time; 'log' by log-frequency", () => {
    const labels = Int32Array.from({ length: 1000 }, (_, i) => (i < 900 ? 0 : 1));
    const even = classOneShare(new TrainingSampler(labels, 2, [], [], 'even'), 2);
    const log = classOneShare(new TrainingSampler(labels, 2, [], [], 'log'), 2);
    expect(even).toBeGreaterThan(0.46);
    expect(even).toBeLessThan(0.54);
    const expected = Math.log(101) / (Math.log(901) + Math.log(101));
    expect(Math.abs(log - expected)).toBeLessThan(0.04);
  });

  it('restrictTo samples only the chosen rows, from a matrix of just those rows', () => {
    const data = makeFixture(2, 120, 40);
    const prepared = prepareTraining(data, { ...SMALL, pac: 2 }, new Rng(1), 'even');
    const minority = Array.from({ length: 40 }, (_, i) => 120 + i);
    const { matrix, sampler } = prepared.restrictTo(minority);
    const dim = prepared.model.shape.dataDim;
    expect(matrix.length).toBe(40 * dim);
    const batch = sampler.sample(64, new Rng(5));
    const width = batch.cond.length / 64;
    for (let i = 0; i < 64; i++) {
      const r = batch.realRows[i]!;
      expect(r).toBeLessThan(40);
      expect(Array.from(matrix.subarray(r * dim, (r + 1) * dim))).toEqual(Array.from(prepared.matrix.subarray(minority[r]! * dim, (minority[r]! + 1) * dim)));
      expect(batch.realCond[i * width + 1]).toBe(1); // the class part asks for the minority
    }
    disposeModel(prepared.model);
  });

  it("trainOn 'pretrain' spends the last fineTuneShare of the epochs on the classes to augment, and samples every class", async () => {
    const data = makeFixture(4, 120, 40);
    const synth = ctganFactory.create({ ...SMALL, trainOn: 'pretrain', classSampling: 'even', fineTuneShare: 0.3 });
    const report = await synth.fit(data, { rng: new Rng(1), epochs: 10 });
    expect(report.history).toHaveLength(10);
    expect(report.history.map((h) => h['fine_tune'] ?? 0)).toEqual([0, 0, 0, 0, 0, 0, 0, 1, 1, 1]);
    const out = await synth.sample(new Map([[0, 5], [1, 5]]), new Rng(2));
    expect(Array.from(out.labels)).toEqual([0, 0, 0, 0, 0, 1, 1, 1, 1, 1]);
    synth.dispose();
  });

  it('rejects unknown trainOn / classSampling values and out-of-range shares, naming the parameter', () => {
    expect(() => ctganFactory.create({ trainOn: 'some' })).toThrow(/'trainOn' must be one of 'minority', 'all', 'pretrain'/);
    expect(() => ctganFactory.create({ classSampling: 'uniform' })).toThrow(/'classSampling' must be one of 'log', 'even'/);
    expect(() => ctganFactory.create({ fineTuneShare: 1 })).toThrow(/'fineTuneShare' must be a number in \(0, 1\)/);
    expect(() => ctganFactory.create({ auxWeight: -1 })).toThrow(/'auxWeight' must be a number in \[0, 100\)/);
  });
});
