import { describe, expect, it } from 'vitest';
import { computeMetrics, confusionMatrix } from '../../src/evaluate/metrics.js';
import { averagePrecision, rocAuc } from '../../src/evaluate/ranking.js';

/** Binary probabilities: row i = [1 - p[i], p[i]]. */
function binary(p: number[]): Float32Array {
  return Float32Array.from(p.flatMap((v) => [1 - v, v]));
}

describe('computeMetrics (hand-computed)', () => {
  // truth        0    0    0    1     1
  // P(class 1)  0.1  0.4  0.6  0.35  0.8
  // predicted    0    0    1    0     1
  // confusion: true0 -> [2, 1], true1 -> [1, 1]
  // accuracy 3/5; class 1: precision 1/2, recall 1/2, F1 1/2; class 0: P = R = F1 = 2/3
  // balanced accuracy = macro F1 = (2/3 + 1/2) / 2 = 7/12
  // ROC-AUC: positive 0.35 beats 1 negative (0.1), 0.8 beats 3 -> 4/6
  // AP: descending 0.8(P) 0.6 0.4 0.35(P) 0.1 -> 0.5 * 1/1 + 0.5 * 2/4 = 0.75
  const truth = Int32Array.from([0, 0, 0, 1, 1]);
  const m = computeMetrics(truth, binary([0.1, 0.4, 0.6, 0.35, 0.8]), 2, 1);

  it('matches the worked example', () => {
    expect(m.accuracy).toBeCloseTo(0.6, 12);
    expect(m.balanced_accuracy).toBeCloseTo(7 / 12, 12);
    expect(m.macro_f1).toBeCloseTo(7 / 12, 12);
    expect(m.minority_f1).toBeCloseTo(0.5, 12);
    expect(m.minority_precision).toBeCloseTo(0.5, 12);
    expect(m.minority_recall).toBeCloseTo(0.5, 12);
    expect(m.minority_roc_auc).toBeCloseTo(2 / 3, 12);
    expect(m.minority_pr_auc).toBeCloseTo(0.75, 12);
    // recall 1 is first reached at .35 (4 rows flagged, 2 right); precision 0.5 is still met there
    expect(m.minority_precision_at_recall).toBeCloseTo(0.5, 12);
    expect(m.minority_recall_at_precision).toBeCloseTo(1, 12);
  });

  it('decides at a tuned threshold', () => {
    // threshold 0.3: rows .4 .6 .35 .8 flagged -> TP 2, FP 2: precision 1/2, recall 1, F1 2/3; ranking unchanged
    const t = computeMetrics(truth, binary([0.1, 0.4, 0.6, 0.35, 0.8]), 2, 1, 0.3);
    expect(t.minority_f1).toBeCloseTo(2 / 3, 12);
    expect(t.minority_recall).toBe(1);
    expect(t.minority_pr_auc).toBe(m.minority_pr_auc);
  });

  it('gives 0 (not NaN) for precision and F1 when the minority is never predicted (zero_division=0)', () => {
    const none = computeMetrics(truth, binary([0.1, 0.2, 0.3, 0.4, 0.45]), 2, 1);
    expect(none.minority_precision).toBe(0);
    expect(none.minority_recall).toBe(0);
    expect(none.minority_f1).toBe(0);
    // Every positive outranks every negative except 0.4 vs 0.3 ... : positives 0.4, 0.45 beat all 3 negatives.
    expect(none.minority_roc_auc).toBe(1);
  });

  it('handles three classes: minority one-vs-rest, macro over classes', () => {
    // truth 0 1 2 2; predictions 0 1 2 0 (argmax of rows below)
    // class 2: precision 1/1, recall 1/2, F1 2/3; class 0: P 1/2 R 1 F1 2/3; class 1: F1 1
    // macro F1 = (2/3 + 1 + 2/3) / 3 = 7/9; balanced accuracy = (1 + 1 + 1/2) / 3 = 5/6
    // minority scores (class 2): 0.1 0.2 0.7 0.3; positives rows 2,3 -> 0.7 beats both negatives,
    // 0.3 beats both -> AUC 1; AP 1
    const proba = Float32Array.from([0.8, 0.1, 0.1, 0.1, 0.7, 0.2, 0.2, 0.1, 0.7, 0.6, 0.1, 0.3]);
    const mc = computeMetrics(Int32Array.from([0, 1, 2, 2]), proba, 3, 2);
    expect(mc.accuracy).toBeCloseTo(0.75, 12);
    expect(mc.macro_f1).toBeCloseTo(7 / 9, 12);
    expect(mc.balanced_accuracy).toBeCloseTo(5 / 6, 12);
    expect(mc.minority_f1).toBeCloseTo(2 / 3, 12);
    expect(mc.minority_roc_auc).toBe(1);
    expect(mc.minority_pr_auc).toBe(1);
  });
});

describe('ranking metrics with ties', () => {
  // positives [1,0,1,0,0], scores [.9,.9,.5,.3,.1]
  // AP: group .9 -> tp 1 of seen 2: 0.5 * 1/2; .5 -> tp 2 of 3: 0.5 * 2/3 => 0.25 + 1/3 = 7/12
  // AUC: .9 vs (.9 tie 0.5, .3, .1) = 2.5; .5 vs (.9 0, .3, .1) = 2 -> 4.5 / 6 = 0.75
  const pos = Uint8Array.from([1, 0, 1, 0, 0]);
  const s = [0.9, 0.9, 0.5, 0.3, 0.1];
  it('average precision uses sklearn steps per distinct threshold', () => {
    expect(averagePrecision(pos, s)).toBeCloseTo(7 / 12, 12);
  });
  it('ROC-AUC counts ties half', () => {
    expect(rocAuc(pos, s)).toBeCloseTo(0.75, 12);
    expect(rocAuc(Uint8Array.from([1, 0, 1, 0]), [0.5, 0.5, 0.5, 0.5])).toBe(0.5);
    expect(averagePrecision(Uint8Array.from([1, 0, 1, 0]), [0.5, 0.5, 0.5, 0.5])).toBe(0.5);
  });
  it('is NaN when a class is absent', () => {
    expect(rocAuc(Uint8Array.from([0, 0]), [0.1, 0.2])).toBeNaN();
    expect(averagePrecision(Uint8Array.from([0, 0]), [0.1, 0.2])).toBeNaN();
  });
  it('confusion matrix counts truth x prediction', () => {
    expect(confusionMatrix(Int32Array.from([0, 1, 1]), Int32Array.from([1, 1, 0]), 2)).toEqual([[0, 1], [1, 1]]);
  });
});
