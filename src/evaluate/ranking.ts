/**
 * Threshold-free metrics of one class's scores, all read off one curve: the cumulative true and false
 * positives at each distinct score, from the highest. ROC-AUC (ties count half, sklearn's trapezoid),
 * average precision (sklearn's step sum, no interpolation), precision at a fixed recall and recall at
 * a fixed precision (SDMetrics-style operating points). Rows may carry weights (bootstrap counts), and
 * a precomputed order saves the sort when the same scores are scored many times.
 */

export interface RankingCurve {
  /** Cumulative (weighted) positives and negatives at or above each distinct score, highest first. */
  readonly tp: Float64Array;
  readonly fp: Float64Array;
  readonly positives: number;
  readonly negatives: number;
}

/** Row indices by descending score (ties by index, so the order is deterministic). */
export function sortedDescending(scores: ArrayLike<number>): Int32Array {
  const order = new Int32Array(scores.length);
  for (let i = 0; i < order.length; i++) order[i] = i;
  order.sort((a, b) => scores[b]! - scores[a]! || a - b);
  return order;
}

/**
 * @example rankingCurve(Uint8Array.from([1, 0]), [0.9, 0.1]) // tp [1, 1], fp [0, 1]
 */
export function rankingCurve(positive: Uint8Array, scores: ArrayLike<number>, weights?: ArrayLike<number>, order: Int32Array = sortedDescending(scores)): RankingCurve {
  const tp: number[] = [];
  const fp: number[] = [];
  let t = 0;
  let f = 0;
  let i = 0;
  const n = order.length;
  while (i < n) {
    const s = scores[order[i]!]!;
    while (i < n && scores[order[i]!] === s) {
      const row = order[i]!;
      const w = weights ? weights[row]! : 1;
      if (positive[row]) t += w;
      else f += w;
      i++;
    }
    tp.push(t);
    fp.push(f);
  }
  return { tp: Float64Array.from(tp), fp: Float64Array.from(fp), positives: t, negatives: f };
}

/** Area under the ROC curve; NaN when only one class is present. */
export function curveRocAuc(c: RankingCurve): number {
  if (c.positives === 0 || c.negatives === 0) return Number.NaN;
  let sum = 0;
  let prevTp = 0;
  let prevFp = 0;
  for (let k = 0; k < c.tp.length; k++) {
    // Negatives in this score group beat the positives above it, and tie half with the group's own.
    sum += (c.fp[k]! - prevFp) * (prevTp + (c.tp[k]! - prevTp) / 2);
    prevTp = c.tp[k]!;
    prevFp = c.fp[k]!;
  }
  return sum / (c.positives * c.negatives);
}

/** Average precision; NaN without positives. */
export function curveAveragePrecision(c: RankingCurve): number {
  if (c.positives === 0) return Number.NaN;
  let ap = 0;
  let prevTp = 0;
  for (let k = 0; k < c.tp.length; k++) {
    const seen = c.tp[k]! + c.fp[k]!;
    if (seen > 0) ap += ((c.tp[k]! - prevTp) / c.positives) * (c.tp[k]! / seen);
    prevTp = c.tp[k]!;
  }
  return ap;
}

/** The best precision among thresholds that reach at least `recall`; NaN without positives. */
export function precisionAtRecall(c: RankingCurve, recall: number): number {
  return bestOperatingPoint(c, (_p, r) => r >= recall - 1e-12, (p) => p);
}

/** The best recall among thresholds whose precision is at least `precision` (0 if none is); NaN without positives. */
export function recallAtPrecision(c: RankingCurve, precision: number): number {
  return bestOperatingPoint(c, (p) => p >= precision - 1e-12, (_p, r) => r);
}

/** The largest `value` over thresholds whose (precision, recall) pass `admits`; 0 if none does. */
function bestOperatingPoint(c: RankingCurve, admits: (precision: number, recall: number) => boolean, value: (precision: number, recall: number) => number): number {
  if (c.positives === 0) return Number.NaN;
  let best = 0;
  for (let k = 0; k < c.tp.length; k++) {
    const seen = c.tp[k]! + c.fp[k]!;
    if (seen === 0) continue;
    const precision = c.tp[k]! / seen;
    const recall = c.tp[k]! / c.positives;
    if (admits(precision, recall)) best = Math.max(best, value(precision, recall));
  }
  return best;
}

/** ROC-AUC of `scores` for `positive` (1) vs the rest (0). */
export function rocAuc(positive: Uint8Array, scores: ArrayLike<number>): number {
  return curveRocAuc(rankingCurve(positive, scores));
}

/** sklearn's `average_precision_score`. */
export function averagePrecision(positive: Uint8Array, scores: ArrayLike<number>): number {
  return curveAveragePrecision(rankingCurve(positive, scores));
}
