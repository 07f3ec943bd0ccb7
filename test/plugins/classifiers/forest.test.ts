import { describe, expect, it } from 'vitest';
import { DecisionTree } from '../../../plugins/classifiers/cart.js';
import { forestFactory } from '../../../plugins/classifiers/forest.js';
import { Rng } from '../../../src/random.js';
import { accuracyOn, expectProbabilities, separable, weightShift } from '../../support/classifier-cases.js';

describe('DecisionTree', () => {
  it('splits at the midpoint between classes and predicts pure leaves', () => {
    // x: 1 2 3 | 10 11 -> one split at (3 + 10) / 2 = 6.5
    const x = Float32Array.of(1, 2, 3, 10, 11);
    const tree = DecisionTree.grow(
      { x, cols: 1, y: Int32Array.of(0, 0, 0, 1, 1), weight: new Float64Array(5).fill(1), classCount: 2 },
      { maxFeatures: 1, maxDepth: Infinity, minSamplesSplit: 2 },
      new Rng(0),
    );
    expect(tree.nodeCount).toBe(3);
    const out = new Float64Array(2);
    tree.accumulate(Float32Array.of(6.4), 1, 0, out, 0);
    expect([...out]).toEqual([1, 0]);
    out.fill(0);
    tree.accumulate(Float32Array.of(6.6), 1, 0, out, 0);
    expect([...out]).toEqual([0, 1]);
  });

  it('weights decide the leaf distribution when rows cannot be split', () => {
    // Identical x: no split; class 1 has weight 3 vs 1 -> [0.25, 0.75].
    const tree = DecisionTree.grow(
      { x: Float32Array.of(5, 5), cols: 1, y: Int32Array.of(0, 1), weight: Float64Array.of(1, 3), classCount: 2 },
      { maxFeatures: 1, maxDepth: Infinity, minSamplesSplit: 2 },
      new Rng(0),
    );
    const out = new Float64Array(2);
    tree.accumulate(Float32Array.of(5), 1, 0, out, 0);
    expect([...out]).toEqual([0.25, 0.75]);
  });
});

describe('forest', () => {
  it('learns a separable problem and generalises', async () => {
    const train = separable(300, 1);
    const test = separable(200, 2);
    const clf = forestFactory.create({ trees: 30 });
    await clf.fit(train.x, train.y, { rng: new Rng(0), classCount: 2 });
    expect(await accuracyOn(clf, test.x, test.y)).toBeGreaterThan(0.9);
    expectProbabilities(await clf.predictProba(test.x), test.x.rows, 2);
  });

  it('respects sample weights', async () => {
    // Shallow trees keep mixed leaves, whose class shares the weights must move (fully grown trees
    // memorise each training row whatever its weight).
    const r = await weightShift(() => forestFactory.create({ trees: 30, maxDepth: 2 }));
    expect(r.weighted).toBeGreaterThan(r.unweighted + 0.2);
  });

  it('is deterministic given the Rng, and the Rng matters', async () => {
    const { x, y } = separable(120, 3);
    const fit = async (seed: number): Promise<Float32Array> => {
      const clf = forestFactory.create({ trees: 10 });
      await clf.fit(x, y, { rng: new Rng(seed), classCount: 2 });
      return clf.predictProba(separable(50, 4).x);
    };
    expect(await fit(7)).toEqual(await fit(7));
    expect(await fit(7)).not.toEqual(await fit(8));
  });
});
