/**
 * The privacy guard behind `--privacy-distance`: drop synthetic rows that sit closer to a training
 * row than real rows usually sit to each other. An exact-copy check catches verbatim leaks; this
 * also catches near-copies (a memorised row plus a little noise).
 */
import type { Dataset } from '../contracts.js';
import { takeRows } from '../dataset.js';
import { GanAugmentError } from '../errors.js';
import type { Rng } from '../random.js';
import { distanceToClosestRecord } from './distance.js';
import { quantileSorted, summarizeDcr } from './summary.js';

/** An absolute Gower distance, or a quantile of the training rows' leave-one-out NN distances. */
export type DistanceThreshold = { readonly absolute: number } | { readonly quantile: number };

export interface PrivacyFilterOptions {
  /** Count the class label as a column of the distance (default true). */
  readonly includeLabel?: boolean;
  /**
   * Training rows used as queries when estimating the real-to-real quantile (default 2000; each
   * is still compared with every training row). Fewer rows, faster and noisier.
   */
  readonly maxQuantileRows?: number;
  /** Chooses those rows at random; without it they are evenly spaced through the training rows. */
  readonly rng?: Rng;
}

export interface PrivacyFilterResult {
  /** 1 = keep the synthetic row, 0 = its DCR is at or below the threshold. */
  readonly keep: Uint8Array;
  /** The distance threshold actually applied. */
  readonly threshold: number;
  readonly dropped: number;
  /** The synthetic rows' DCR distribution before filtering. */
  readonly dcr: { readonly min: number; readonly p05: number; readonly median: number; readonly mean: number };
  /** Each synthetic row's DCR (before filtering), for callers that summarise several rounds. */
  readonly distances: Float64Array;
}

/**
 * Mark synthetic rows whose distance to the closest training row is <= the threshold.
 * `{ quantile: q }` uses the q-th quantile of real-to-real nearest-neighbour distances within the
 * training data (each training row against all others, leave-one-out); `{ absolute: d }` uses d.
 * @example
 * const { keep, dropped, threshold } = filterByDistance(synthetic, training, { quantile: 0.05 });
 */
export function filterByDistance(
  synthetic: Dataset,
  training: Dataset,
  threshold: DistanceThreshold,
  options: PrivacyFilterOptions = {},
): PrivacyFilterResult {
  const includeLabel = options.includeLabel ?? true;
  const limit = distanceLimit(training, threshold, options);
  const dcr = distanceToClosestRecord(synthetic, training, { includeLabel });
  const keep = new Uint8Array(synthetic.rowCount);
  let dropped = 0;
  for (let i = 0; i < dcr.length; i++) {
    if (dcr[i]! > limit) keep[i] = 1;
    else dropped++;
  }
  const { min, p05, median, mean } = summarizeDcr(dcr);
  return { keep, threshold: limit, dropped, dcr: { min, p05, median, mean }, distances: dcr };
}

/** Real-to-real leave-one-out nearest-neighbour distances of (up to `maxRows`) training rows. */
export function trainingNeighbourDistances(
  training: Dataset,
  options: { readonly maxRows?: number; readonly rng?: Rng; readonly includeLabel?: boolean } = {},
): Float64Array {
  if (training.rowCount < 2) {
    throw new GanAugmentError('data', `--privacy-distance: a quantile threshold needs at least 2 training rows, got ${training.rowCount}.`, {
      hint: 'Use an absolute threshold, e.g. --privacy-distance 0.05.',
    });
  }
  const n = training.rowCount;
  const m = Math.min(n, options.maxRows ?? 2000);
  let picks: Int32Array;
  if (options.rng && m < n) {
    picks = options.rng.permutation(n).slice(0, m).sort();
  } else {
    picks = new Int32Array(m);
    for (let i = 0; i < m; i++) picks[i] = Math.floor((i * n) / m);
  }
  return distanceToClosestRecord(takeRows(training, picks), training, {
    leaveOut: picks,
    includeLabel: options.includeLabel ?? true,
  });
}

/**
 * The distance a threshold stands for on `training`: the absolute value itself, or the quantile of
 * the training rows' nearest-neighbour distances. Computing it once lets a caller that filters
 * several rounds of samples pass `{ absolute: limit }` afterwards instead of re-estimating it.
 * @example const limit = distanceLimit(training, { quantile: 0.05 }, { rng: rng.fork('privacy') });
 */
export function distanceLimit(training: Dataset, threshold: DistanceThreshold, options: PrivacyFilterOptions = {}): number {
  const includeLabel = options.includeLabel ?? true;
  if ('absolute' in threshold) {
    if (!Number.isFinite(threshold.absolute) || threshold.absolute < 0) {
      throw new GanAugmentError('usage', `--privacy-distance: the distance threshold must be a number >= 0, got ${threshold.absolute}.`, {
        hint: 'Distances are Gower distances (mostly between 0 and 1), e.g. 0.02, or use a quantile threshold instead.',
      });
    }
    return threshold.absolute;
  }
  const q = threshold.quantile;
  if (!Number.isFinite(q) || q < 0 || q > 1) {
    throw new GanAugmentError('usage', `--privacy-distance: the quantile must be between 0 and 1, got ${q}.`, {
      hint: 'e.g. 0.05 drops synthetic rows closer to a training row than 95% of training rows are to their nearest neighbour.',
    });
  }
  const real = trainingNeighbourDistances(training, {
    ...(options.maxQuantileRows !== undefined ? { maxRows: options.maxQuantileRows } : {}),
    ...(options.rng ? { rng: options.rng } : {}),
    includeLabel,
  });
  return quantileSorted(real.sort(), q);
}
