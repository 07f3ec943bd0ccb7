/**
 * Summaries of a distance-to-closest-record distribution, for the stage's summary line and the
 * evaluator's privacy report (synthetic -> train next to holdout -> train).
 */

export interface DcrSummary {
  readonly count: number;
  readonly min: number;
  readonly p05: number;
  readonly p25: number;
  readonly median: number;
  readonly mean: number;
  /** Rows at distance exactly 0: identical to a reference row in every compared column. */
  readonly exactZeros: number;
}

/**
 * @example
 * summarizeDcr(distanceToClosestRecord(synthetic, training)).p05
 */
export function summarizeDcr(distances: Float64Array): DcrSummary {
  const sorted = Float64Array.from(distances).sort();
  let sum = 0;
  let zeros = 0;
  for (let i = 0; i < sorted.length; i++) {
    sum += sorted[i]!;
    if (sorted[i] === 0) zeros++;
  }
  return {
    count: sorted.length,
    min: sorted.length > 0 ? sorted[0]! : NaN,
    p05: quantileSorted(sorted, 0.05),
    p25: quantileSorted(sorted, 0.25),
    median: quantileSorted(sorted, 0.5),
    mean: sorted.length > 0 ? sum / sorted.length : NaN,
    exactZeros: zeros,
  };
}

/**
 * The q-quantile of ascending `sorted` values with linear interpolation between order statistics
 * (numpy's default, "type 7"); NaN for an empty array.
 * @example quantileSorted(Float64Array.of(1, 2, 3, 4), 0.5) // 2.5
 */
export function quantileSorted(sorted: Float64Array, q: number): number {
  const n = sorted.length;
  if (n === 0) return NaN;
  const pos = (n - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.min(n - 1, lo + 1);
  return sorted[lo]! + (pos - lo) * (sorted[hi]! - sorted[lo]!);
}
