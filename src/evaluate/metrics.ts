/**
 * Classification metrics the evaluator reports per fold and on the pooled out-of-fold predictions.
 * Definitions follow scikit-learn's so the numbers sit next to the imbalanced-learn anchors:
 * F1/precision/recall with `zero_division=0`; the threshold-free ones come from ranking.ts.
 * Rows may carry weights (bootstrap counts) so the pooled bootstrap needs no copies.
 */
import { averagePrecision, rankingMetrics, sortedDescending } from './ranking.js';

export const METRIC_NAMES = [
  'accuracy',
  'balanced_accuracy',
  'macro_f1',
  'minority_f1',
  'minority_precision',
  'minority_recall',
  'minority_roc_auc',
  'minority_pr_auc',
  'minority_precision_at_recall',
  'minority_recall_at_precision',
] as const;
export type MetricName = (typeof METRIC_NAMES)[number];
export type MetricValues = Record<MetricName, number>;

/** The operating points of the two fixed-point metrics. */
export const FIXED_RECALL = 0.8;
export const FIXED_PRECISION = 0.5;

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
  minority_precision_at_recall: `minority precision at recall ${FIXED_RECALL}`,
  minority_recall_at_precision: `minority recall at precision ${FIXED_PRECISION}`,
};

/** Metrics that do not depend on the decision threshold (they rank the minority scores). */
export const THRESHOLD_FREE: ReadonlySet<MetricName> = new Set(['minority_roc_auc', 'minority_pr_auc', 'minority_precision_at_recall', 'minority_recall_at_precision']);

/**
 * Predicted class per row: with a `threshold`, the minority whenever its probability reaches it and
 * otherwise the most probable other class; without one, the argmax (first on ties, like numpy).
 */
export function decide(proba: Float32Array | Float64Array, classCount: number, minority: number, threshold?: number): Int32Array {
  const rows = proba.length / classCount;
  const out = new Int32Array(rows);
  for (let r = 0; r < rows; r++) {
    if (threshold !== undefined && proba[r * classCount + minority]! >= threshold) {
      out[r] = minority;
      continue;
    }
    let best = -1;
    let bestValue = Number.NEGATIVE_INFINITY;
    for (let c = 0; c < classCount; c++) {
      if (threshold !== undefined && c === minority) continue;
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

/** The minority class's probability per row. */
export function minorityScores(proba: Float32Array | Float64Array, classCount: number, minority: number): Float64Array {
  const rows = proba.length / classCount;
  const out = new Float64Array(rows);
  for (let r = 0; r < rows; r++) out[r] = proba[r * classCount + minority]!;
  return out;
}

/** confusion[t][p]: (weighted) rows with true class t predicted as p. */
export function confusionMatrix(truth: Int32Array, predicted: Int32Array, classCount: number, weights?: ArrayLike<number>): number[][] {
  const m = Array.from({ length: classCount }, () => new Array<number>(classCount).fill(0));
  for (let i = 0; i < truth.length; i++) m[truth[i]!]![predicted[i]!]! += weights ? weights[i]! : 1;
  return m;
}

export interface ClassScores {
  precision: number;
  recall: number;
  f1: number;
}

export function classScores(m: number[][], c: number): ClassScores {
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

export type DecisionMetric = Exclude<MetricName, 'minority_roc_auc' | 'minority_pr_auc' | 'minority_precision_at_recall' | 'minority_recall_at_precision'>;

/**
 * The threshold-dependent metrics from a confusion matrix. Balanced accuracy and macro F1 average
 * over the classes present in the truth (balanced accuracy) or in truth or predictions (macro F1),
 * as sklearn does.
 */
export function decisionMetrics(m: number[][], minority: number): Record<DecisionMetric, number> {
  const classCount = m.length;
  let correct = 0;
  let total = 0;
  let recallSum = 0;
  let recallClasses = 0;
  let f1Sum = 0;
  let f1Classes = 0;
  for (let c = 0; c < classCount; c++) {
    const s = classScores(m, c);
    let actual = 0;
    let predictedCount = 0;
    for (let k = 0; k < classCount; k++) {
      actual += m[c]![k]!;
      predictedCount += m[k]![c]!;
    }
    correct += m[c]![c]!;
    total += actual;
    if (actual > 0) {
      recallSum += s.recall;
      recallClasses++;
    }
    if (actual > 0 || predictedCount > 0) {
      f1Sum += s.f1;
      f1Classes++;
    }
  }
  const min = classScores(m, minority);
  return {
    accuracy: total === 0 ? Number.NaN : correct / total,
    balanced_accuracy: recallClasses === 0 ? Number.NaN : recallSum / recallClasses,
    macro_f1: f1Classes === 0 ? Number.NaN : f1Sum / f1Classes,
    minority_f1: min.f1,
    minority_precision: min.precision,
    minority_recall: min.recall,
  };
}

/** Scored rows: true class, decided class and the minority's score. */
export interface ScoredRows {
  readonly truth: Int32Array;
  readonly predicted: Int32Array;
  readonly scores: Float64Array;
}

/** Scored rows with the minority flags and the descending score order computed once, for repeated scoring. */
export interface PreparedRows extends ScoredRows {
  readonly positive: Uint8Array;
  readonly order: Int32Array;
}

export function prepareRows(rows: ScoredRows, minority: number): PreparedRows {
  const positive = new Uint8Array(rows.truth.length);
  for (let i = 0; i < positive.length; i++) positive[i] = rows.truth[i] === minority ? 1 : 0;
  return { ...rows, positive, order: sortedDescending(rows.scores) };
}

/**
 * Every metric of scored rows; `weights` (e.g. bootstrap counts) are optional.
 */
export function scoreRows(rows: ScoredRows | PreparedRows, classCount: number, minority: number, weights?: ArrayLike<number>): MetricValues {
  const ready = 'order' in rows ? rows : prepareRows(rows, minority);
  return {
    ...decisionMetrics(confusionMatrix(ready.truth, ready.predicted, classCount, weights), minority),
    ...thresholdFreeMetrics(ready, weights),
  };
}

/** One metric only: what the bootstrap needs, without the work of the others. */
export function scoreMetric(metric: MetricName, rows: PreparedRows, classCount: number, minority: number, weights?: ArrayLike<number>): number {
  if (THRESHOLD_FREE.has(metric)) return thresholdFreeMetrics(rows, weights)[metric as Exclude<MetricName, DecisionMetric>];
  return decisionMetrics(confusionMatrix(rows.truth, rows.predicted, classCount, weights), minority)[metric as DecisionMetric];
}

function thresholdFreeMetrics(rows: PreparedRows, weights: ArrayLike<number> | undefined): Record<Exclude<MetricName, DecisionMetric>, number> {
  const r = rankingMetrics(rows.positive, rows.scores, { order: rows.order, recall: FIXED_RECALL, precision: FIXED_PRECISION, ...(weights ? { weights } : {}) });
  return {
    minority_roc_auc: r.rocAuc,
    minority_pr_auc: r.averagePrecision,
    minority_precision_at_recall: r.precisionAtRecall,
    minority_recall_at_precision: r.recallAtPrecision,
  };
}

/**
 * Every metric for one test fold. `minority` is the class index the minority_* metrics describe
 * (the evaluator uses the smallest class of the full dataset); `threshold` is a tuned minority
 * decision threshold (default: the argmax, i.e. 0.5 for two classes).
 *
 * @example
 * computeMetrics(new Int32Array([0, 1]), new Float32Array([0.9, 0.1, 0.2, 0.8]), 2, 1).minority_f1 // 1
 */
export function computeMetrics(truth: Int32Array, proba: Float32Array | Float64Array, classCount: number, minority: number, threshold?: number): MetricValues {
  return scoreRows({ truth, predicted: decide(proba, classCount, minority, threshold), scores: minorityScores(proba, classCount, minority) }, classCount, minority);
}

/** F1, recall and PR-AUC (one-vs-rest) of every class, for multi-class reports. */
export function perClassScores(rows: { truth: Int32Array; predicted: Int32Array; proba: Float32Array | Float64Array }, classCount: number): Array<{ f1: number; recall: number; pr_auc: number }> {
  const m = confusionMatrix(rows.truth, rows.predicted, classCount);
  return Array.from({ length: classCount }, (_, c) => {
    const positive = new Uint8Array(rows.truth.length);
    for (let i = 0; i < positive.length; i++) positive[i] = rows.truth[i] === c ? 1 : 0;
    const s = classScores(m, c);
    return { f1: s.f1, recall: s.recall, pr_auc: averagePrecision(positive, minorityScores(rows.proba, classCount, c)) };
  });
}

/** Parse a metric name given by a user (`--metric`), naming the allowed values on error. */
export function isMetricName(name: string): name is MetricName {
  return (METRIC_NAMES as readonly string[]).includes(name);
}
