/**
 * The near-copy rule of `--filter distance`: a synthetic row closer to its nearest training row
 * than 95% of the real rows are to theirs teaches a classifier nothing a real row does not, and is
 * the memorisation the detection and DCR figures penalise. The distance is the one
 * `--privacy-distance` measures (src/privacy: Gower over the features and the label), so the rule is
 * `--privacy-distance q0.05` used as a quality filter: applied to the oversampled candidates (no
 * redraw of its own), counted as a filter rule, and on by choice rather than as a privacy promise.
 * Given both, the privacy filter runs first and this rule drops what is still at or below its limit.
 */
import type { Dataset } from '../../contracts.js';
import type { Rng } from '../../random.js';
import { distanceLimit } from '../../privacy/privacy-filter.js';

/** The quantile of real-to-real nearest-neighbour distances at or below which a synthetic row is a near-copy. */
export const NEAR_COPY_QUANTILE = 0.05;

/**
 * The Gower distance of the near-copy rule on these training rows (`rng` picks the rows the
 * quantile is estimated on when there are more than 2000).
 *
 * @example
 * const limit = nearCopyLimit(training, rng.fork('filter-distance')); // rows with DCR <= limit are dropped
 */
export function nearCopyLimit(training: Dataset, rng: Rng): number {
  return distanceLimit(training, { quantile: NEAR_COPY_QUANTILE }, { rng });
}
