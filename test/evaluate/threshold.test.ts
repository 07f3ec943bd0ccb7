import { beforeAll, describe, expect, it } from 'vitest';
import { registerBuiltins } from '../../plugins/index.js';
import type { Dataset } from '../../src/contracts.js';
import { repeatedStratifiedSplits } from '../../src/evaluate/folds.js';
import { fitPreprocessor } from '../../src/evaluate/preprocess.js';
import { runEvaluation } from '../../src/evaluate/run.js';
import { bestThreshold, INNER_FOLDS } from '../../src/evaluate/threshold.js';
import { Rng } from '../../src/random.js';
import { blobs, idsOf } from '../support/toy-data.js';

beforeAll(() => {
  registerBuiltins();
});

/** Binary probabilities: row i = [1 - p[i], p[i]]. */
const binary = (p: number[]): Float64Array => Float64Array.from(p.flatMap((v) => [1 - v, v]));

/** One numeric feature: the minority shifted by `gap`. Any model monotone in x ranks rows the same way. */
function oneFeature(majority: number, minority: number, gap: number, seed: number): Dataset {
  const rng = new Rng(seed);
  const n = majority + minority;
  const x = new Float64Array(n);
  const labels = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    labels[i] = i < majority ? 0 : 1;
    x[i] = rng.normal() + labels[i]! * gap;
  }
  return { features: [{ kind: 'numeric', name: 'x', values: x, integer: false }], labels, classes: ['major', 'minor'], rowCount: n };
}

describe('bestThreshold (hand-worked)', () => {
  it('puts the threshold midway between the scores that separate the classes best', () => {
    // minority scores 0.2 (neg), 0.4 (pos), 0.3 (pos): every positive caught and no negative between 0.3 and 0.2.
    expect(bestThreshold(Int32Array.from([0, 1, 1]), binary([0.2, 0.4, 0.3]), 2, 1, 'minority_f1')).toBeCloseTo(0.25, 12);
  });
  it('tunes for the metric asked for, ties going to the candidate nearest 0.5', () => {
    // truth 1 0 0 1 0; scores .9 .8 .7 .6 .1; candidates midway: .85 .75 .65 .35 .05 (and above .9)
    // F1:        .85: P 1 R 1/2 -> 2/3; .75: 1/2; .65: P 1/3 R 1/2 -> 0.4; .35: P 2/4 R 1 -> 2/3; .05: 4/7
    //            -> .85 and .35 tie at 2/3; .35 is nearer 0.5
    // precision: .85 -> 1, the only best
    // accuracy:  above .9: 3/5; .85: 4/5, the best
    const truth = Int32Array.from([1, 0, 0, 1, 0]);
    const proba = binary([0.9, 0.8, 0.7, 0.6, 0.1]);
    expect(bestThreshold(truth, proba, 2, 1, 'minority_f1')).toBeCloseTo(0.35, 12);
    expect(bestThreshold(truth, proba, 2, 1, 'minority_precision')).toBeCloseTo(0.85, 12);
    expect(bestThreshold(truth, proba, 2, 1, 'accuracy')).toBeCloseTo(0.85, 12);
  });
  it('breaks ties towards 0.5', () => {
    // Separable at any threshold between .3 and .7: candidates .5 (midway) only -> 0.5.
    expect(bestThreshold(Int32Array.from([0, 1]), binary([0.3, 0.7]), 2, 1, 'minority_f1')).toBeCloseTo(0.5, 12);
  });
});

describe('the threshold baseline in the evaluator', () => {
  it('never lets a test-fold row into the threshold tuning (spy on every fitted preprocessor)', async () => {
    const data = blobs({ majority: 45, minority: 15, gap: 1, withId: true });
    // Every preprocessor fitted, with the ids it was fitted on and the ids of every set it transformed.
    const fitted: Array<{ fit: number[]; transformed: number[][] }> = [];
    await runEvaluation(data, {
      folds: 3,
      repeats: 2,
      seed: 5,
      methods: ['none', 'threshold'],
      classifiers: ['logistic'],
      fitPreprocessor: (train) => {
        const record = { fit: idsOf(train), transformed: [] as number[][] };
        fitted.push(record);
        const prep = fitPreprocessor(train);
        return { columns: prep.columns, transform: (d) => (record.transformed.push(idsOf(d)), prep.transform(d)) };
      },
    });
    const splits = repeatedStratifiedSplits(data.labels, 3, 2, new Rng(5));
    // Per split: none's outer fit, then one per inner fold of the tuning (threshold reuses none's outer fit).
    expect(fitted).toHaveLength(splits.length * (1 + INNER_FOLDS));
    splits.forEach((split, s) => {
      const train = new Set(split.train);
      const calls = fitted.slice(s * (1 + INNER_FOLDS), (s + 1) * (1 + INNER_FOLDS));
      expect(calls[0]!.transformed[1]).toEqual([...split.test]); // the outer test fold, scored once
      for (const inner of calls.slice(1)) {
        expect(inner.fit.length).toBeLessThan(split.train.length);
        for (const ids of [inner.fit, ...inner.transformed]) expect(ids.every((id) => train.has(id))).toBe(true);
      }
      // The inner held-out parts cover the training fold exactly once.
      const held = calls.slice(1).flatMap((c) => c.transformed[1]!);
      expect(held.sort((a, b) => a - b)).toEqual([...split.train]);
    });
  });

  it('picks the same thresholds when the test fold is changed', async () => {
    const data = oneFeature(90, 18, 1.5, 2);
    const options = { folds: 3, repeats: 1, seed: 7, methods: ['threshold'], classifiers: ['logistic'] };
    const a = await runEvaluation(data, options);
    const [first] = repeatedStratifiedSplits(data.labels, 3, 1, new Rng(7));
    const x = Float64Array.from((data.features[0] as { values: Float64Array }).values);
    for (const row of first!.test) x[row] = -x[row]!; // split 0's test rows mirrored: their scores change
    const b = await runEvaluation({ ...data, features: [{ kind: 'numeric', name: 'x', values: x, integer: false }] }, options);
    const pick = (r: typeof a, fold: number) => r.runs.find((x) => x.method === 'threshold' && x.fold === fold)!;
    expect(pick(b, 0).threshold).toBe(pick(a, 0).threshold);
    expect(pick(b, 0).metrics.minority_roc_auc).not.toBe(pick(a, 0).metrics.minority_roc_auc);
    expect(pick(b, 1).threshold).not.toBe(pick(a, 1).threshold); // control: a changed training fold does move it
  });

  it('equals the best oversampler where only the threshold matters (one feature, logistic)', async () => {
    // With one feature, logistic regression ranks rows by x whatever it is trained on, so random
    // oversampling can only move the decision threshold: the tuned threshold should do as well.
    const r = await runEvaluation(oneFeature(300, 30, 1.5, 1), { folds: 5, repeats: 2, seed: 3, methods: ['none', 'threshold', 'random'], classifiers: ['logistic'] });
    const cell = (m: string) => r.summary.find((s) => s.method === m)!.metrics;
    expect(cell('random').minority_pr_auc.mean).toBeCloseTo(cell('none').minority_pr_auc.mean, 6); // same ranking
    expect(cell('threshold').minority_pr_auc.mean).toBe(cell('none').minority_pr_auc.mean); // same fitted models
    const vs = r.pairwise.find((p) => p.method === 'threshold' && p.other === 'none')!;
    expect(vs.comparison.pValue).toBeLessThan(0.05);
    expect(vs.comparison.meanDiff).toBeGreaterThan(0.1);
    expect(vs.pooled!.distinguishable).toBe(true);
    const tie = r.pairwise.find((p) => [p.method, p.other].sort().join() === 'random,threshold')!;
    expect(tie.comparison.pValue).toBeGreaterThanOrEqual(0.05);
    expect(tie.pooled!.distinguishable).toBe(false);
    expect(r.recommendation.kind).toBe('do-not-augment');
    expect(r.recommendation.bestBaseline).toBe('threshold');
    expect(r.recommendation.statement).toMatch(/^Do not augment .*no method beats the tuned threshold on minority F1/);
    expect(r.runs.filter((x) => x.method === 'threshold').every((x) => x.threshold! > 0 && x.threshold! < 0.5)).toBe(true);
    // random's F1 rises without a PR-AUC change: the report warns that F1 depends on the threshold.
    expect(r.cautions.map((c) => c.split(':')[0])).toEqual(['random']);
  });

  it('tunes every method but none with tuneThreshold', async () => {
    const r = await runEvaluation(oneFeature(60, 12, 1.5, 4), { folds: 3, repeats: 1, methods: ['none', 'balanced', 'random'], classifiers: ['logistic'], tuneThreshold: true });
    expect(r.protocol.tuneThreshold).toBe(true);
    expect(r.runs.filter((x) => x.method === 'none').every((x) => x.threshold === undefined)).toBe(true);
    expect(r.runs.filter((x) => x.method !== 'none').every((x) => typeof x.threshold === 'number')).toBe(true);
  });
});
