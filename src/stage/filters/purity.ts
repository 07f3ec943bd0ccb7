/**
 * The class-purity filter of the generate step (issue #12): a synthetic row whose nearest real rows
 * are mostly of another class sits in that class's region, where it teaches a classifier the wrong
 * label (the rows SMOTE-ENN's edited-nearest-neighbour pass cleans away). Pure functions; the
 * generate step draws several times the rows it needs, scores them here and keeps the purest.
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

export interface PurityKeep {
  /** Candidate row indexes kept, ascending. */
  readonly keep: Int32Array;
  /** Rows dropped because their purity was below the threshold. */
  readonly droppedImpure: number;
  /** Rows pure enough but beyond the number a class needed (the least pure of those go first). */
  readonly droppedSurplus: number;
}

/**
 * The keep rule: per class, drop candidates below `minPurity`, then keep the `needed` purest (ties:
 * the earlier row, so the choice is as deterministic as the candidates). A class may come out short
 * when too few candidates are pure enough; the caller draws again or reports the shortfall.
 *
 * @example
 * const { keep } = keepPurest(scores, synthetic.labels, new Map([[1, 200]])); // at most 200 rows of class 1
 */
export function keepPurest(scores: Float64Array, labels: Int32Array, needed: ReadonlyMap<number, number>, minPurity: number = DEFAULT_MIN_PURITY): PurityKeep {
  if (!(minPurity >= 0 && minPurity <= 1)) throw new GanAugmentError('usage', `purity filter: the minimum purity must be in [0, 1], got ${minPurity}.`);
  if (scores.length !== labels.length) throw new Error('keepPurest: one score per candidate row is needed');
  const byClass = new Map<number, number[]>();
  let droppedImpure = 0;
  for (let i = 0; i < scores.length; i++) {
    if (scores[i]! < minPurity) {
      droppedImpure++;
      continue;
    }
    const list = byClass.get(labels[i]!) ?? [];
    list.push(i);
    byClass.set(labels[i]!, list);
  }
  const keep: number[] = [];
  let droppedSurplus = 0;
  for (const [c, rows] of byClass) {
    rows.sort((a, b) => scores[b]! - scores[a]! || a - b);
    const n = Math.min(rows.length, needed.get(c) ?? 0);
    keep.push(...rows.slice(0, n));
    droppedSurplus += rows.length - n;
  }
  return { keep: Int32Array.from(keep.sort((a, b) => a - b)), droppedImpure, droppedSurplus };
}
