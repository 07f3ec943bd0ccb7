import { describe, expect, it } from 'vitest';
import { LogisticRegression, logisticFactory, minimizeLbfgs } from '../../../plugins/classifiers/logistic.js';
import { Rng } from '../../../src/random.js';
import { accuracyOn, expectProbabilities, separable, weightShift } from '../../support/classifier-cases.js';

describe('minimizeLbfgs', () => {
  it('finds the minimum of the Rosenbrock function', () => {
    const f = (w: Float64Array, g: Float64Array): number => {
      const [x, y] = [w[0]!, w[1]!];
      g[0] = -2 * (1 - x) - 400 * x * (y - x * x);
      g[1] = 200 * (y - x * x);
      return (1 - x) ** 2 + 100 * (y - x * x) ** 2;
    };
    const { solution } = minimizeLbfgs(f, Float64Array.of(-1.2, 1), 500, 1e-9);
    expect(solution[0]).toBeCloseTo(1, 4);
    expect(solution[1]).toBeCloseTo(1, 4);
  });
});

describe('logistic', () => {
  it('reaches the analytic optimum of a symmetric two-point problem', async () => {
    // x = -1 (class 0), x = +1 (class 1), C = 1. By symmetry W = [-w, w], b = 0 and the objective is
    // 2 log(1 + e^{-2w}) + w^2, minimised where w = 2 sigmoid(-2w); then P(1 | x=1) = sigmoid(2w).
    let lo = 0;
    let hi = 2;
    for (let i = 0; i < 100; i++) {
      const mid = (lo + hi) / 2;
      if (mid - 2 / (1 + Math.exp(2 * mid)) > 0) hi = mid;
      else lo = mid;
    }
    const expected = 1 / (1 + Math.exp(-2 * lo)); // ≈ 0.7394
    const clf = new LogisticRegression();
    await clf.fit({ data: Float32Array.of(-1, 1), rows: 2, cols: 1 }, Int32Array.of(0, 1), { rng: new Rng(0), classCount: 2 });
    const p = await clf.predictProba({ data: Float32Array.of(1), rows: 1, cols: 1 });
    expect(p[1]).toBeCloseTo(expected, 5);
    expect(expected).toBeCloseTo(0.7394, 3);
  });

  it('learns a separable problem and returns probabilities', async () => {
    const { x, y } = separable(200, 1);
    const clf = logisticFactory.create({});
    await clf.fit(x, y, { rng: new Rng(0), classCount: 2 });
    expect(await accuracyOn(clf, x, y)).toBeGreaterThan(0.95);
    expectProbabilities(await clf.predictProba(x), x.rows, 2);
  });

  it('respects sample weights', async () => {
    const r = await weightShift(() => logisticFactory.create({}));
    expect(r.unweighted).toBeCloseTo(0.25, 1);
    expect(r.weighted).toBeGreaterThan(0.6);
  });

  it('is deterministic', async () => {
    const { x, y } = separable(100, 2);
    const fit = async (): Promise<Float32Array> => {
      const clf = logisticFactory.create({});
      await clf.fit(x, y, { rng: new Rng(9), classCount: 2 });
      return clf.predictProba(x);
    };
    expect(await fit()).toEqual(await fit());
  });

  it('rejects bad parameters by name', () => {
    expect(() => logisticFactory.create({ c: -1 })).toThrow(/'c'/);
  });
});
