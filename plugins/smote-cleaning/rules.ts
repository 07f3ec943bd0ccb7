/**
 * The two cleaning rules imbalanced-learn combines with SMOTE, as predicates on single rows of a
 * pool (training rows plus synthetic ones): which of the `judged` rows the rule would remove.
 * Only synthetic rows are ever judged here; the training rows stay (see cleaned-smote.ts).
 */
import type { ClassMatrix } from '../smote/class-matrix.js';
import { nearestWithinClass } from '../smote/neighbours.js';

/** 1 for each judged row the rule removes. */
export type CleaningRule = (pool: ClassMatrix, labels: Int32Array, judged: Int32Array) => Uint8Array;

/**
 * Edited nearest neighbours (Wilson, 1972) with imbalanced-learn's kind_sel='all': a row goes
 * unless all of its n nearest rows in the pool share its class.
 */
export function ennRule(n: number): CleaningRule {
  return (pool, labels, judged) => {
    const nn = nearestWithinClass(pool, n, judged);
    return Uint8Array.from(judged, (row, q) => {
      for (let t = 0; t < n; t++) if (labels[nn[q * n + t]!] !== labels[row]) return 1;
      return 0;
    });
  };
}

/**
 * Tomek links (Tomek, 1976): a row goes when its nearest row in the pool is of another class and
 * has it as its own nearest row (imbalanced-learn's TomekLinks with sampling_strategy='all' removes
 * both ends of such a link; the other end here is a training row, which stays).
 */
export const tomekRule: CleaningRule = (pool, labels, judged) => {
  const nearest = nearestWithinClass(pool, 1, judged);
  const across = [...new Set(Array.from(judged, (row, q) => (labels[nearest[q]!] !== labels[row] ? nearest[q]! : -1)).filter((r) => r >= 0))];
  const back = new Map<number, number>();
  const theirs = nearestWithinClass(pool, 1, Int32Array.from(across));
  across.forEach((r, i) => back.set(r, theirs[i]!));
  return Uint8Array.from(judged, (row, q) => (back.get(nearest[q]!) === row ? 1 : 0));
};
