/**
 * Threshold-free metrics of one class's scores, all read off one walk down the scores from the
 * highest, through the cumulative true and false positives at each distinct score: ROC-AUC (ties
 * count half, sklearn's trapezoid), average precision (sklearn's step sum, no interpolation),
 * precision at a fixed recall and recall at a fixed precision (SDMetrics-style operating points).
 * Rows may carry weights (bootstrap counts), and a precomputed order saves the sort when the same
 * scores are scored many times; the walk allocates nothing, so the bootstrap stays cheap.
 */

export interface RankingMetrics {
  readonly rocAuc: number;
  readonly averagePrecision: number;
  /** The best precision among thresholds that reach at least `recall`. */
  readonly precisionAtRecall: number;
  /** The best recall among thresholds whose precision is at least `precision` (0 if none is). */
  readonly recallAtPrecision: number;
}

export interface RankingOptions {
  readonly weights?: ArrayLike<number>;
  /** Row indices by descending score, from `sortedDescending(scores)`. */
  readonly order?: Int32Array;
  /** The operating points (default 0.8 recall, 0.5 precision). */
  readonly recall?: number;
  readonly precision?: number;
}

/** Row indices by descending score (ties by index, so the order is deterministic). */
export function sortedDescending(scores: ArrayLike<number>): Int32Array {
  const order = new Int32Array(scores.length);
  for (let i = 0; i < order.length; i++) order[i] = i;
  order.sort((a, b) => scores[b]! - scores[a]! || a - b);
  return order;
}

/**
 * Every ranking metric of `scores` for `positive` (1) vs the rest (0). Without positives all are
 * NaN; without negatives ROC-AUC is NaN.
 *
 * @example rankingMetrics(Uint8Array.from([1, 0]), [0.9, 0.1]).rocAuc // 1
 */
export function rankingMetrics(positive: Uint8Array, scores: ArrayLike<number>, options: RankingOptions = {}): RankingMetrics {
  const { weights } = options;
  const order = options.order ?? sortedDescending(scores);
  const recallTarget = (options.recall ?? 0.8) - 1e-12;
  const precisionTarget = (options.precision ?? 0.5) - 1e-12;
  const n = order.length;
  let positives = 0;
  let negatives = 0;
  for (let i = 0; i < n; i++) {
    const w = weights ? weights[i]! : 1;
    if (positive[i]) positives += w;
    else negatives += w;
  }
  if (positives === 0) return { rocAuc: Number.NaN, averagePrecision: Number.NaN, precisionAtRecall: Number.NaN, recallAtPrecision: Number.NaN };
  let t = 0;
  let f = 0;
  let auc = 0;
  let ap = 0;
  let bestPrecision = 0;
  let bestRecall = 0;
  let i = 0;
  while (i < n) {
    const prevT = t;
    const prevF = f;
    const s = scores[order[i]!]!;
    while (i < n && scores[order[i]!] === s) {
      const row = order[i]!;
      const w = weights ? weights[row]! : 1;
      if (positive[row]) t += w;
      else f += w;
      i++;
    }
    const seen = t + f;
    if (seen === 0) continue; // a group of zero-weight rows
    // Negatives in this score group beat the positives above it, and tie half with the group's own.
    auc += (f - prevF) * (prevT + (t - prevT) / 2);
    const precision = t / seen;
    const recall = t / positives;
    ap += ((t - prevT) / positives) * precision;
    if (recall >= recallTarget) bestPrecision = Math.max(bestPrecision, precision);
    if (precision >= precisionTarget) bestRecall = Math.max(bestRecall, recall);
  }
  return {
    rocAuc: negatives === 0 ? Number.NaN : auc / (positives * negatives),
    averagePrecision: ap,
    precisionAtRecall: bestPrecision,
    recallAtPrecision: bestRecall,
  };
}

/** ROC-AUC of `scores` for `positive` (1) vs the rest (0), sklearn's `roc_auc_score`. */
export function rocAuc(positive: Uint8Array, scores: ArrayLike<number>): number {
  return rankingMetrics(positive, scores).rocAuc;
}

/** sklearn's `average_precision_score`. */
export function averagePrecision(positive: Uint8Array, scores: ArrayLike<number>): number {
  return rankingMetrics(positive, scores).averagePrecision;
}
