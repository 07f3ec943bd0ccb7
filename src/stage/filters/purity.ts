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
 * A class's floor is never above the purity this share of its own real rows reaches: where the
 * classes overlap, real rows are impure too, and dropping synthetic rows for being as impure as the
 * real ones caps away the rows that lift the class (haberman, docs/ctgan.md "Purity floors").
 */
export const REAL_PURITY_QUANTILE = 0.25;

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

/**
 * The purity floor of each class (by class index): the `cap` ("mostly another class"), lowered to the
 * `quantile` of the class's real rows' own purity, each real row scored against the other training
 * rows (itself left out). A class with no training rows keeps the cap.
 *
 * @example
 * purityFloors(trainingRows, 5) // Float64Array [0.5, 0.2]: class 1's real rows mostly sit among class 0's
 */
export function purityFloors(training: Dataset, k: number = DEFAULT_PURITY_K, cap = DEFAULT_MIN_PURITY, quantile = REAL_PURITY_QUANTILE): Float64Array {
  const floors = new Float64Array(training.classes.length).fill(cap);
  // k + 1 neighbours, so k remain once the row itself (distance 0) is left out.
  const kk = Math.min(k + 1, training.rowCount);
  if (kk < 2) return floors;
  const neighbours = nearestNeighbours(training, training, kk);
  const own = new Map<number, number[]>();
  for (let i = 0; i < training.rowCount; i++) {
    let same = 0;
    let counted = 0;
    for (let j = 0; j < kk && counted < kk - 1; j++) {
      const r = neighbours[i * kk + j]!;
      if (r === i) continue;
      counted++;
      if (training.labels[r] === training.labels[i]) same++;
    }
    const list = own.get(training.labels[i]!) ?? [];
    list.push(same / counted);
    own.set(training.labels[i]!, list);
  }
  for (const [c, scores] of own) {
    scores.sort((a, b) => a - b);
    // The lower empirical quantile: the largest value at most `quantile` of the rows fall below.
    const q = scores[Math.floor(quantile * (scores.length - 1))]!;
    floors[c] = Math.min(cap, q);
  }
  return floors;
}
