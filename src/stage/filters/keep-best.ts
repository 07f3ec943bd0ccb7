/**
 * The keep rule of the post-generation filters (`--filter`): of the candidates drawn, drop those a
 * hard rule refuses (distance: a near-copy of a training row; purity: nearest training rows mostly
 * of another class), then keep, per class, the best of the rest up to the rows needed, ranked by the
 * critic's score when that rule is on, else by purity, else in the order drawn. Pure function: the
 * generate step computes the scores (filters/purity.ts, filters/distance.ts, Synthesizer.score).
 */
import { GanAugmentError } from '../../errors.js';
import type { FilterRule } from '../../options/table.js';
import { DEFAULT_MIN_PURITY } from './purity.js';

export interface CandidateScores {
  /** Share of each candidate's nearest training rows that have its class, and the floor below which it is dropped (one for all, or per class index). */
  readonly purity?: { readonly scores: Float64Array; readonly min: number | ArrayLike<number> };
  /** Each candidate's distance to the closest training row, and the limit at or below which it is dropped. */
  readonly distance?: { readonly distances: Float64Array; readonly limit: number };
  /** The model's critic score of each candidate (higher: more like its class's real rows); ranks within a class. */
  readonly critic?: Float64Array;
}

export interface KeptCandidates {
  /** Candidate row indexes kept, ascending. */
  readonly keep: Int32Array;
  /** Candidates each rule dropped: distance and purity by their limits, critic by ranking them out. */
  readonly dropped: Readonly<Record<FilterRule, number>>;
  /** Candidates that passed every rule but were beyond the rows a class needed, with no critic to rank them. */
  readonly surplus: number;
}

/**
 * @example
 * const { keep, dropped } = keepBest(candidates.labels, new Map([[1, 200]]), { purity: { scores, min: 0.5 } });
 */
export function keepBest(labels: Int32Array, needed: ReadonlyMap<number, number>, scores: CandidateScores): KeptCandidates {
  const n = labels.length;
  const { purity, distance, critic } = scores;
  const floors = purity === undefined ? [] : typeof purity.min === 'number' ? [purity.min] : Array.from(purity.min);
  const bad = floors.find((m) => !(m >= 0 && m <= 1));
  if (bad !== undefined) throw new GanAugmentError('usage', `purity filter: the minimum purity must be in [0, 1], got ${bad}.`);
  const floorOf = (c: number): number => (typeof purity!.min === 'number' ? purity!.min : (purity!.min[c] ?? DEFAULT_MIN_PURITY));
  for (const a of [purity?.scores, distance?.distances, critic]) if (a && a.length !== n) throw new Error('keepBest: one score per candidate row is needed');
  const dropped = { purity: 0, distance: 0, critic: 0 };
  const byClass = new Map<number, number[]>();
  for (let i = 0; i < n; i++) {
    if (distance && distance.distances[i]! <= distance.limit) dropped.distance++;
    else if (purity && purity.scores[i]! < floorOf(labels[i]!)) dropped.purity++;
    else {
      const list = byClass.get(labels[i]!) ?? [];
      list.push(i);
      byClass.set(labels[i]!, list);
    }
  }
  const rank = critic ?? purity?.scores;
  const keep: number[] = [];
  let rankedOut = 0;
  for (const [c, rows] of byClass) {
    if (rank) rows.sort((a, b) => rank[b]! - rank[a]! || a - b);
    const take = Math.min(rows.length, needed.get(c) ?? 0);
    keep.push(...rows.slice(0, take));
    rankedOut += rows.length - take;
  }
  if (critic) dropped.critic = rankedOut;
  return { keep: Int32Array.from(keep.sort((a, b) => a - b)), dropped, surplus: critic ? 0 : rankedOut };
}
