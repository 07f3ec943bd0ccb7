import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { mlpFactory } from '../../../plugins/classifiers/mlp.js';
import { initBackend } from '../../../src/backend/pick.js';
import { Rng } from '../../../src/random.js';
import { accuracyOn, expectProbabilities, separable, weightShift } from '../../support/classifier-cases.js';

beforeAll(async () => {
  await initBackend('auto');
});

describe('mlp', () => {
  it('learns a separable problem', async () => {
    const { x, y } = separable(200, 1);
    const clf = mlpFactory.create({ maxEpochs: 60 });
    await clf.fit(x, y, { rng: new Rng(0), classCount: 2 });
    expect(await accuracyOn(clf, x, y)).toBeGreaterThan(0.95);
    expectProbabilities(await clf.predictProba(x), x.rows, 2);
    clf.dispose();
  });

  it('respects sample weights', async () => {
    const r = await weightShift(() => mlpFactory.create({ maxEpochs: 40 }));
    expect(r.weighted).toBeGreaterThan(r.unweighted + 0.1);
  });

  it('is deterministic given the Rng', async () => {
    const { x, y } = separable(80, 2);
    const fit = async (): Promise<Float32Array> => {
      const clf = mlpFactory.create({ maxEpochs: 15 });
      await clf.fit(x, y, { rng: new Rng(4), classCount: 2 });
      const p = await clf.predictProba(x);
      clf.dispose();
      return p;
    };
    expect(await fit()).toEqual(await fit());
  });

  it('frees every tensor it made once disposed', async () => {
    const { x, y } = separable(60, 3);
    const run = async (): Promise<void> => {
      const clf = mlpFactory.create({ maxEpochs: 5 });
      await clf.fit(x, y, { rng: new Rng(5), classCount: 2 });
      await clf.predictProba(x);
      clf.dispose();
    };
    await run(); // first use may allocate backend kernels once
    const before = tf.memory().numTensors;
    await run();
    expect(tf.memory().numTensors).toBe(before);
  });
});
