import { describe, expect, it } from 'vitest';
import { analysePooled, OutOfFoldStore } from '../../src/evaluate/pooled.js';
import { computeMetrics } from '../../src/evaluate/metrics.js';
import { Rng } from '../../src/random.js';

/** Binary probabilities: row i = [1 - p[i], p[i]]. */
const binary = (p: number[]): Float32Array => Float32Array.from(p.flatMap((v) => [1 - v, v]));
const argmax = (p: number[]): Int32Array => Int32Array.from(p.map((v) => (v > 0.5 ? 1 : 0)));

// Six rows, minority = class 1 at rows 2 and 4; two test folds {0,1,2} and {3,4,5}.
const truth = Int32Array.from([0, 0, 1, 0, 1, 0]);
const data = { labels: truth, classes: ['major', 'minor'] };
const scores = [0.1, 0.6, 0.8, 0.3, 0.4, 0.2];
const folds = [Int32Array.from([0, 1, 2]), Int32Array.from([3, 4, 5])];

function store(methods: Record<string, number[]>): OutOfFoldStore {
  const s = new OutOfFoldStore(6, 2, 1);
  for (const [method, p] of Object.entries(methods)) {
    for (const rows of folds) {
      const part = [...rows].map((r) => p[r]!);
      s.record(0, method, 'logistic', rows, argmax(part), binary(part));
    }
  }
  return s;
}

describe('pooled out-of-fold metrics (hand-worked)', () => {
  // Pooled: predicted minority at rows 1 and 2 -> TP 1 (row 2), FP 1 (row 1), FN 1 (row 4)
  //   precision = recall = F1 = 1/2; accuracy 4/6; balanced accuracy (3/4 + 1/2) / 2 = 5/8
  //   ROC-AUC: .8 beats all 4 negatives, .4 beats .3 .2 .1 -> 7/8
  //   AP: descending .8(P) .6 .4(P) ... -> 1/2 * 1 + 1/2 * 2/3 = 5/6
  //   precision at recall 0.8: recall 1 first at .4 -> 2/3; recall at precision 0.5: at .4, P 2/3 -> 1
  // Per fold instead: fold 1 F1 2/3 (TP 1, FP 1), fold 2 F1 0 -> mean 1/3: pooling gives the class one figure.
  const analysis = analysePooled(store({ none: scores }), data, ['none'], ['logistic'], 1, 'minority_f1', 1, new Rng(1));
  const pooled = analysis.figures[0]!.metrics;

  it('scores the pooled predictions as one test set', () => {
    expect(pooled.minority_f1).toBeCloseTo(0.5, 12);
    expect(pooled.minority_precision).toBeCloseTo(0.5, 12);
    expect(pooled.minority_recall).toBeCloseTo(0.5, 12);
    expect(pooled.accuracy).toBeCloseTo(4 / 6, 12);
    expect(pooled.balanced_accuracy).toBeCloseTo(5 / 8, 12);
    expect(pooled.minority_roc_auc).toBeCloseTo(7 / 8, 12);
    expect(pooled.minority_pr_auc).toBeCloseTo(5 / 6, 12);
    expect(pooled.minority_precision_at_recall).toBeCloseTo(2 / 3, 12);
    expect(pooled.minority_recall_at_precision).toBeCloseTo(1, 12);
    const perFold = folds.map((rows) => computeMetrics(Int32Array.from([...rows].map((r) => truth[r]!)), binary([...rows].map((r) => scores[r]!)), 2, 1).minority_f1);
    expect(perFold[0]).toBeCloseTo(2 / 3, 12);
    expect(perFold[1]).toBe(0);
  });

  it('only counts a repeat whose every row was predicted', () => {
    const partial = new OutOfFoldStore(6, 2, 1);
    partial.record(0, 'none', 'logistic', folds[0]!, argmax([0.1, 0.6, 0.8]), binary([0.1, 0.6, 0.8]));
    expect(analysePooled(partial, data, ['none'], ['logistic'], 1, 'minority_f1', 1, new Rng(1)).figures).toEqual([]);
  });

  it('gives deterministic bootstrap intervals for a seed, around the figure', () => {
    const methods = { none: scores, better: [0.1, 0.3, 0.8, 0.2, 0.7, 0.1] }; // better: both positives caught, no FP -> F1 1
    const run = (seed: number) => analysePooled(store(methods), data, ['none', 'better'], ['logistic'], 1, 'minority_f1', 1, new Rng(seed));
    const a = run(4);
    expect(run(4)).toEqual(a);
    const none = a.figures.find((f) => f.method === 'none')!;
    expect(none.ciLow).toBeLessThanOrEqual(0.5);
    expect(none.ciHigh).toBeGreaterThanOrEqual(0.5);
    const diff = a.differences.find((d) => d.method === 'better' && d.other === 'none')!;
    expect(diff.diff).toBeCloseTo(0.5, 12);
    // better is perfect on every resample (stratified: both positives always present), so none is never ahead.
    expect(diff.ciLow).toBeGreaterThanOrEqual(0);
    expect(diff.ciHigh).toBeGreaterThan(0.4);
    expect(a.differences.find((d) => d.method === 'none' && d.other === 'better')!.diff).toBeCloseTo(-0.5, 12);
  });

  it('draws different resamples for another seed', () => {
    // 60 rows, 12 minority, noisy scores: wide enough for the interval ends to move with the seed.
    const rng = new Rng(9);
    const labels = Int32Array.from({ length: 60 }, (_, i) => (i % 5 === 0 ? 1 : 0));
    const p = [...labels].map((y) => Math.min(0.99, Math.max(0.01, 0.3 + 0.3 * y + 0.2 * rng.normal())));
    const big = new OutOfFoldStore(60, 2, 1);
    const rows = Int32Array.from({ length: 60 }, (_, i) => i);
    big.record(0, 'none', 'logistic', rows, argmax(p), binary(p));
    const run = (seed: number) => analysePooled(big, { labels, classes: ['major', 'minor'] }, ['none'], ['logistic'], 1, 'minority_pr_auc', 1, new Rng(seed)).figures[0]!;
    const a = run(1);
    expect(run(1)).toEqual(a);
    expect([run(2).ciLow, run(2).ciHigh]).not.toEqual([a.ciLow, a.ciHigh]);
    expect(a.ciLow).toBeLessThan(a.metrics.minority_pr_auc);
    expect(a.ciHigh).toBeGreaterThan(a.metrics.minority_pr_auc);
  });

  it('reports per-class results for more than two classes', () => {
    const s = new OutOfFoldStore(3, 3, 2);
    s.record(0, 'none', 'logistic', Int32Array.from([0, 1, 2]), Int32Array.from([0, 1, 1]), Float32Array.from([0.8, 0.1, 0.1, 0.1, 0.8, 0.1, 0.1, 0.5, 0.4]));
    const r = analysePooled(s, { labels: Int32Array.from([0, 1, 2]), classes: ['a', 'b', 'c'] }, ['none'], ['logistic'], 1, 'macro_f1', 2, new Rng(0));
    // class c is never predicted -> F1 0, recall 0; its score 0.4 is the highest for c -> PR-AUC 1
    expect(r.perClass[0]!.classes.map((c) => [c.class, c.f1, c.recall, c.pr_auc])).toEqual([
      ['a', 1, 1, 1],
      ['b', 2 / 3, 1, 1],
      ['c', 0, 0, 1],
    ]);
  });
});
