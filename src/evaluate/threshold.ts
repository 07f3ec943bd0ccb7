/**
 * The tuned minority decision threshold: inner stratified cross-validation on the training fold
 * only (each inner training part augmented by the same method, each classifier trained on it and
 * scored on the inner held-out real rows), then the threshold that maximises the metric on the pooled
 * inner predictions. The outer test fold is not an argument, so it cannot influence the choice.
 */
import type { Dataset } from '../contracts.js';
import { countByClass, takeRows } from '../dataset.js';
import { GanAugmentError } from '../errors.js';
import type { Rng } from '../random.js';
import { augmentFold, type AugmentSettings } from './augment-fold.js';
import { stratifiedFoldIds } from './folds.js';
import { confusionMatrix, decide, decisionMetrics, THRESHOLD_FREE, type DecisionMetric, type MetricName } from './metrics.js';
import { sortedDescending } from './ranking.js';
import { trainAndPredict, type TrainContext } from './train-predict.js';

export const INNER_FOLDS = 3;

/** The metric a threshold is tuned for: the verdict's, or minority F1 when the verdict's ignores thresholds. */
export function tuningMetric(metric: MetricName): DecisionMetric {
  return THRESHOLD_FREE.has(metric) ? 'minority_f1' : (metric as DecisionMetric);
}

/**
 * The minority threshold that maximises `metric` on these predictions. Candidates sit midway between
 * consecutive distinct minority scores; ties go to the candidate nearest 0.5 (the untuned decision
 * for two classes).
 *
 * @example bestThreshold(Int32Array.from([0, 1, 1]), Float64Array.from([0.8, 0.2, 0.6, 0.4, 0.7, 0.3]), 2, 1, 'minority_f1') // 0.25
 */
export function bestThreshold(truth: Int32Array, proba: Float32Array | Float64Array, classCount: number, minority: number, metric: DecisionMetric): number {
  const n = truth.length;
  const scores = new Float64Array(n);
  for (let i = 0; i < n; i++) scores[i] = proba[i * classCount + minority]!;
  const order = sortedDescending(scores);
  // Start with no row at the minority, then lower the threshold one group of tied scores at a time.
  const others = decide(proba, classCount, minority, Number.POSITIVE_INFINITY);
  const m = confusionMatrix(truth, others, classCount);
  let best = Number.NEGATIVE_INFINITY;
  let bestThreshold = 0.5;
  const consider = (threshold: number): void => {
    const value = decisionMetrics(m, minority)[metric];
    if (!Number.isFinite(value)) return;
    if (value > best + 1e-12 || (Math.abs(value - best) <= 1e-12 && Math.abs(threshold - 0.5) < Math.abs(bestThreshold - 0.5))) {
      best = value;
      bestThreshold = threshold;
    }
  };
  consider(n === 0 ? 0.5 : Math.min(1, scores[order[0]!]! + 1e-9));
  let i = 0;
  while (i < n) {
    const s = scores[order[i]!]!;
    while (i < n && scores[order[i]!] === s) {
      const row = order[i]!;
      m[truth[row]!]![others[row]!]! -= 1;
      m[truth[row]!]![minority]! += 1;
      i++;
    }
    consider(i < n ? (s + scores[order[i]!]!) / 2 : s / 2);
  }
  return bestThreshold;
}

/**
 * One tuned threshold per classifier (in `context.classifiers` order) for `method` on `train`.
 * Throws a 'data' error when a class has fewer than 2 rows, too few to split.
 *
 * @example const [t] = await tuneThresholds(trainFold, 'none', settings, context, 'minority_f1', 1, rng);
 */
export async function tuneThresholds(train: Dataset, method: string, settings: AugmentSettings, context: TrainContext, metric: MetricName, minority: number, rng: Rng): Promise<number[]> {
  const counts = countByClass(train);
  const present = counts.filter((c) => c > 0);
  const k = Math.min(INNER_FOLDS, ...present);
  if (k < 2) {
    const small = train.classes[counts.findIndex((c) => c === 1)];
    throw new GanAugmentError('data', `threshold tuning: class '${small}' has 1 training row in this fold; the inner cross-validation needs at least 2.`, {
      hint: 'Use fewer --folds, or leave threshold out of --methods and --tune-threshold off.',
    });
  }
  const ids = stratifiedFoldIds(train.labels, k, rng.fork('inner-folds'));
  const c = context.classCount;
  const pooled = context.classifiers.map(() => new Float64Array(train.rowCount * c));
  for (let fold = 0; fold < k; fold++) {
    const inner: number[] = [];
    const held: number[] = [];
    for (let i = 0; i < ids.length; i++) (ids[i] === fold ? held : inner).push(i);
    const augmented = await augmentFold(takeRows(train, inner), method, settings, rng.fork(`inner:${fold}:augment`));
    const predictions = await trainAndPredict(augmented, takeRows(train, held), context, (name) => rng.fork(`inner:${fold}:${name}`));
    predictions.forEach((p, ci) => {
      held.forEach((row, r) => pooled[ci]!.set(p.proba.subarray(r * c, (r + 1) * c), row * c));
    });
  }
  const target = tuningMetric(metric);
  return pooled.map((proba) => bestThreshold(train.labels, proba, c, minority, target));
}
