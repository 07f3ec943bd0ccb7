/**
 * The class-purity filter of the generate step (issue #12): a synthetic row whose nearest real rows
 * are mostly of another class sits in that class's region, where it teaches a classifier the wrong
 * label (the rows SMOTE-ENN's edited-nearest-neighbour pass cleans away). The generate step draws
 * several times the rows it needs, scores them here, and filters/keep-best.ts drops the impure ones.
 */
import type { Dataset } from '../../contracts.js';
import { GanAugmentError } from '../../errors.js';
import { nearestNeighbours } from '../../privacy/distance.js';

/** Neighbours per candidate (ENN's 3 is noisier on small classes; SMOTE's 5). */
export const DEFAULT_PURITY_K = 5;
/** Keep a row when at least this share of its neighbours has its class: "mostly another class" drops it. */
export const DEFAULT_MIN_PURITY = 0.5;

/**
 * For each candidate row, the share of its `k` nearest real training rows (Gower distance over the
 * features, as src/privacy/distance.ts computes it, the label left out) that have the candidate's class.
 *
 * @example
 * const scores = purityScores(synthetic, trainingRows, 5); // 1 = all 5 neighbours share the row's class
 */
export function purityScores(candidates: Dataset, training: Dataset, k: number = DEFAULT_PURITY_K): Float64Array {
  if (!Number.isInteger(k) || k < 1) throw new GanAugmentError('usage', `purity filter: k must be a positive integer, got ${k}.`);
  if (k > training.rowCount) {
    throw new GanAugmentError('data', `purity filter: k = ${k} nearest real rows asked for, but there are only ${training.rowCount} training rows.`, {
      hint: `Use k of at most ${training.rowCount}.`,
    });
  }
  const out = new Float64Array(candidates.rowCount);
  if (candidates.rowCount === 0) return out;
  const neighbours = nearestNeighbours(candidates, training, k);
  for (let i = 0; i < candidates.rowCount; i++) {
    let same = 0;
    for (let j = 0; j < k; j++) if (training.labels[neighbours[i * k + j]!] === candidates.labels[i]) same++;
    out[i] = same / k;
  }
  return out;
}
