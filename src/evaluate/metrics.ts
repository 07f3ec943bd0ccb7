/**
 * Classification metrics the evaluator reports per fold. Definitions follow scikit-learn's so the
 * numbers sit next to the imbalanced-learn anchors: F1/precision/recall with `zero_division=0`,
 * ROC-AUC as the trapezoid under the ROC curve (ties count half), PR-AUC as average precision
 * (sklearn's step sum, no interpolation).
 */

export const METRIC_NAMES = [
  'accuracy',
  'balanced_accuracy',
  'macro_f1',
  'minority_f1',
  'minority_precision',
  'minority_recall',
  'minority_roc_auc',
  'minority_pr_auc',
] as const;
export type MetricName = (typeof METRIC_NAMES)[number];
export type MetricValues = Record<MetricName, number>;

/** Short human labels for tables and charts. */
export const METRIC_LABELS: Record<MetricName, string> = {
  accuracy: 'accuracy',
  balanced_accuracy: 'balanced accuracy',
  macro_f1: 'macro F1',
  minority_f1: 'minority F1',
  minority_precision: 'minority precision',
  minority_recall: 'minority recall',
  minority_roc_auc: 'minority ROC-AUC',
  minority_pr_auc: 'minority PR-AUC',
};

/** Index of the largest probability per row (first on ties, like numpy's argmax). */
export function argmaxRows(proba: Float32Array | Float64Array, classCount: number): Int32Array {
  const rows = proba.length / classCount;
  const out = new Int32Array(rows);
  for (let r = 0; r < rows; r++) {
    let best = 0;
    let bestValue = proba[r * classCount]!;
    for (let c = 1; c < classCount; c++) {
      const v = proba[r * classCount + c]!;
      if (v > bestValue) {
        best = c;
        bestValue = v;
      }
    }
    out[r] = best;
  }
  return out;
}

/** confusion[t][p]: rows with true class t predicted as p. */
export function confusionMatrix(truth: Int32Array, predicted: Int32Array, classCount: number): number[][] {
  const m = Array.from({ length: classCount }, () => new Array<number>(classCount).fill(0));
  for (let i = 0; i < truth.length; i++) m[truth[i]!]![predicted[i]!]! += 1;
  return m;
}

interface ClassScores {
  precision: number;
  recall: number;
  f1: number;
}

function classScores(m: number[][], c: number): ClassScores {
  const tp = m[c]![c]!;
  let predicted = 0;
  let actual = 0;
  for (let k = 0; k < m.length; k++) {
    predicted += m[k]![c]!;
    actual += m[c]![k]!;
  }
  const precision = predicted === 0 ? 0 : tp / predicted;
  const recall = actual === 0 ? 0 : tp / actual;
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return { precision, recall, f1 };
}

/**
 * Area under the ROC curve of `scores` for `positive` (1) vs the rest (0): the Mann-Whitney
 * statistic, ties counted half, which equals sklearn's trapezoidal `roc_auc_score`.
 * NaN when only one class is present.
 */
export function rocAuc(positive: Uint8Array, scores: ArrayLike<number>): number {
  const n = positive.length;
  const order = sortedDescending(scores, n);
  let pos = 0;
  for (let i = 0; i < n; i++) pos += positive[i]!;
  const neg = n - pos;
  if (pos === 0 || neg === 0) return Number.NaN;
  // Walk groups of tied scores from the highest; each negative gains the positives ranked above it.
  let posAbove = 0;
  let sum = 0;
  let i = 0;
  while (i < n) {
    let j = i;
    let groupPos = 0;
    let groupNeg = 0;
    while (j < n && scores[order[j]!] === scores[order[i]!]) {
      if (positive[order[j]!]) groupPos++;
      else groupNeg++;
      j++;
    }
    sum += groupNeg * (posAbove + groupPos / 2);
    posAbove += groupPos;
    i = j;
  }
  return sum / (pos * neg);
}

/**
 * Average precision (sklearn's `average_precision_score`): sum over distinct score thresholds,
 * from the highest, of (recall gained) * (precision at that threshold). NaN without positives.
 */
export function averagePrecision(positive: Uint8Array, scores: ArrayLike<number>): number {
  const n = positive.length;
  const order = sortedDescending(scores, n);
  let pos = 0;
  for (let i = 0; i < n; i++) pos += positive[i]!;
  if (pos === 0) return Number.NaN;
  let tp = 0;
  let seen = 0;
  let ap = 0;
  let i = 0;
  while (i < n) {
    let j = i;
    let groupPos = 0;
    while (j < n && scores[order[j]!] === scores[order[i]!]) {
      groupPos += positive[order[j]!]!;
      j++;
    }
    tp += groupPos;
    seen += j - i;
    ap += (groupPos / pos) * (tp / seen);
    i = j;
  }
  return ap;
}

function sortedDescending(scores: ArrayLike<number>, n: number): Int32Array {
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  order.sort((a, b) => scores[b]! - scores[a]! || a - b);
  return order;
}

/**
 * Every metric for one test fold. `minority` is the class index the minority_* metrics describe
 * (the evaluator uses the smallest class of the full dataset).
 *
 * @example
 * computeMetrics(new Int32Array([0, 1]), new Float32Array([0.9, 0.1, 0.2, 0.8]), 2, 1).minority_f1 // 1
 */
export function computeMetrics(truth: Int32Array, proba: Float32Array | Float64Array, classCount: number, minority: number): MetricValues {
  const predicted = argmaxRows(proba, classCount);
  const m = confusionMatrix(truth, predicted, classCount);
  let correct = 0;
  for (let c = 0; c < classCount; c++) correct += m[c]![c]!;
  // Balanced accuracy and macro F1 average over the classes present in the test fold's truth
  // (balanced accuracy) or in truth or predictions (macro F1), as sklearn does.
  let recallSum = 0;
  let recallClasses = 0;
  let f1Sum = 0;
  let f1Classes = 0;
  for (let c = 0; c < classCount; c++) {
    const s = classScores(m, c);
    const actual = m[c]!.reduce((a, b) => a + b, 0);
    let predictedCount = 0;
    for (let k = 0; k < classCount; k++) predictedCount += m[k]![c]!;
    if (actual > 0) {
      recallSum += s.recall;
      recallClasses++;
    }
    if (actual > 0 || predictedCount > 0) {
      f1Sum += s.f1;
      f1Classes++;
    }
  }
  const minorityScores = classScores(m, minority);
  const positive = new Uint8Array(truth.length);
  const scores = new Float64Array(truth.length);
  for (let i = 0; i < truth.length; i++) {
    positive[i] = truth[i] === minority ? 1 : 0;
    scores[i] = proba[i * classCount + minority]!;
  }
  return {
    accuracy: truth.length === 0 ? Number.NaN : correct / truth.length,
    balanced_accuracy: recallClasses === 0 ? Number.NaN : recallSum / recallClasses,
    macro_f1: f1Classes === 0 ? Number.NaN : f1Sum / f1Classes,
    minority_f1: minorityScores.f1,
    minority_precision: minorityScores.precision,
    minority_recall: minorityScores.recall,
    minority_roc_auc: rocAuc(positive, scores),
    minority_pr_auc: averagePrecision(positive, scores),
  };
}

/** Parse a metric name given by a user (`--metric`), naming the allowed values on error. */
export function isMetricName(name: string): name is MetricName {
  return (METRIC_NAMES as readonly string[]).includes(name);
}
