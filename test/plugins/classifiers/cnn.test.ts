import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../../src/backend/pick.js';
import type { Matrix } from '../../../src/contracts.js';
import { Rng } from '../../../src/random.js';
import { loadDigits } from '../../../fixtures/digits/mnist-digits.js';
import { cnnFactory } from '../../../plugins/classifiers/cnn.js';

function digits(perClass: number, offset: number): { x: Matrix; y: Int32Array } {
  const sel = loadDigits(Array(10).fill(perClass), offset);
  return { x: { data: sel.pixels, rows: sel.rows, cols: 784, imageShape: [28, 28, 1] }, y: sel.digits };
}

function accuracy(probs: Float32Array, y: Int32Array, k = 10): number {
  let ok = 0;
  for (let i = 0; i < y.length; i++) {
    let best = 0;
    for (let c = 1; c < k; c++) if (probs[i * k + c]! > probs[i * k + best]!) best = c;
    if (best === y[i]) ok++;
  }
  return ok / y.length;
}

describe('cnn classifier', () => {
  beforeAll(async () => {
    await initBackend('auto');
  });

  it('learns digits, reproducibly for a seed, without leaking tensors', async () => {
    const train = digits(40, 0);
    const test = digits(20, 500);
    const fitPredict = async (): Promise<Float32Array> => {
      const clf = cnnFactory.create({});
      await clf.fit(train.x, train.y, { rng: new Rng(3), classCount: 10 });
      const probs = await clf.predictProba(test.x);
      clf.dispose();
      return probs;
    };
    const a = await fitPredict();
    expect(accuracy(a, test.y)).toBeGreaterThan(0.7);
    // Measured after the first fit: backend kernels may allocate once on first use.
    const before = tf.memory().numTensors;
    expect(await fitPredict()).toEqual(a);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('honours sample weights: a class weighted zero is not learned', async () => {
    const train = digits(20, 0);
    const weights = Float32Array.from(train.y, (c) => (c === 1 ? 0 : 1));
    const clf = cnnFactory.create({ minSteps: 60 });
    await clf.fit(train.x, train.y, { rng: new Rng(3), classCount: 10, sampleWeight: weights });
    const ones = digits(20, 600);
    const probs = await clf.predictProba(ones.x);
    clf.dispose();
    let predictedOne = 0;
    for (let i = 0; i < ones.y.length; i++) {
      let best = 0;
      for (let c = 1; c < 10; c++) if (probs[i * 10 + c]! > probs[i * 10 + best]!) best = c;
      if (best === 1) predictedOne++;
    }
    expect(predictedOne).toBe(0);
  });

  it('validates parameters and input shape', async () => {
    expect(() => cnnFactory.create({ epochs: 0 })).toThrow(/'epochs'/);
    expect(() => cnnFactory.create({ depth: 3 })).toThrow(/unknown parameter 'depth'/);
    const clf = cnnFactory.create({});
    await expect(clf.fit({ data: new Float32Array(10), rows: 2, cols: 5 }, new Int32Array(2), { rng: new Rng(1), classCount: 2 })).rejects.toThrow(/no image shape/);
  });
});
