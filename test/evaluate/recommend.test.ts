import { describe, expect, it } from 'vitest';
import { METRIC_NAMES, type MetricValues } from '../../src/evaluate/metrics.js';
import { decideMethods } from '../../src/evaluate/recommend.js';
import type { RunRecord } from '../../src/evaluate/report-types.js';
import { compareWithBaseline, RunIndex } from '../../src/evaluate/summaries.js';
import { Rng } from '../../src/random.js';

/** Runs with minority F1 = level + a per-split wobble shared by all methods (so the pairs are tight), PR-AUC = prAuc. */
function runs(levels: Record<string, { f1: number; prAuc?: number; jitter?: number }>, splits = 10): RunRecord[] {
  const rng = new Rng(1);
  const wobble = Array.from({ length: splits }, () => 0.05 * rng.normal());
  const out: RunRecord[] = [];
  for (const [method, level] of Object.entries(levels)) {
    for (let s = 0; s < splits; s++) {
      const metrics = Object.fromEntries(METRIC_NAMES.map((m) => [m, 0.5])) as MetricValues;
      metrics.minority_f1 = level.f1 + wobble[s]! + (level.jitter ?? 0.002) * (s % 3);
      metrics.minority_pr_auc = (level.prAuc ?? 0.6) + wobble[s]!;
      out.push({ repeat: 0, fold: s, method, classifier: 'logistic', metrics, trainRows: 10, syntheticRows: 0, testRows: 5, classifierSeconds: 0 });
    }
  }
  return out;
}

function decide(levels: Parameters<typeof runs>[0]) {
  const list = runs(levels);
  const index = new RunIndex(list);
  const methods = Object.keys(levels);
  return decideMethods({
    index,
    methods,
    classifiers: ['logistic'],
    aggregate: 'logistic',
    metric: 'minority_f1',
    alpha: 0.05,
    pooled: { figures: [], differences: [] },
    comparisons: compareWithBaseline(index, 'none', methods, ['logistic'], new Rng(2)),
    tuned: false,
    rng: new Rng(3),
  });
}

describe('decideMethods', () => {
  it('recommends the augmenter that beats the best baseline, with the evidence', () => {
    const d = decide({ none: { f1: 0.5 }, threshold: { f1: 0.6 }, smote: { f1: 0.62 }, ctgan: { f1: 0.7 } });
    expect(d.ranking.map((r) => r.method)).toEqual(['ctgan', 'smote', 'threshold', 'none']);
    expect(d.recommendation.kind).toBe('augment');
    expect(d.recommendation.method).toBe('ctgan');
    expect(d.recommendation.bestBaseline).toBe('threshold');
    expect(d.recommendation.statement).toMatch(/^Use ctgan for this data and these classifiers \(logistic\): it beats the tuned threshold \(threshold\), the best baseline, on minority F1 by \+0\.1\d\d \[/);
    expect(d.recommendation.evidence!.comparison.pValue).toBeLessThan(0.05);
    // every two methods once, the better-ranked first
    expect(d.pairwise).toHaveLength(6);
    expect(d.pairwise.every((p) => d.ranking.findIndex((r) => r.method === p.method) < d.ranking.findIndex((r) => r.method === p.other))).toBe(true);
  });

  it('says do not augment when no augmenter beats the tuned threshold', () => {
    const d = decide({ none: { f1: 0.5 }, threshold: { f1: 0.65 }, random: { f1: 0.64, jitter: 0.02 } });
    expect(d.recommendation.kind).toBe('do-not-augment');
    expect(d.recommendation.method).toBe('threshold');
    expect(d.recommendation.statement).toMatch(/^Do not augment .*: no method beats the tuned threshold on minority F1\. Tune the decision threshold instead\. The best augmenter, random, differs by [+-]0\.0\d\d \[.*Wilcoxon p = 0\.\d+/);
  });

  it('asks for the threshold baseline when it was not run, and warns when F1 and PR-AUC disagree', () => {
    const d = decide({ none: { f1: 0.5 }, balanced: { f1: 0.6 }, random: { f1: 0.6, prAuc: 0.6 } });
    expect(d.recommendation.statement).toMatch(/no method beats class weighting \(balanced\).*Add threshold to --methods/);
    expect(d.notes.some((n) => /^random: against none, minority F1 rises significantly but minority PR-AUC does not change significantly\. Minority F1 depends on the decision threshold/.test(n))).toBe(true);
  });
});
