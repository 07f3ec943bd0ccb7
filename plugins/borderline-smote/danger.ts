/**
 * Borderline-SMOTE's split of a class (Han et al., 2005): a row whose m nearest training rows
 * (any class) are at least half but not all of other classes is in DANGER; all of other classes
 * is NOISE, fewer than half SAFE. Only DANGER rows become bases for synthetic rows.
 */
import type { ClassMatrix } from '../smote/class-matrix.js';
import { otherClassCounts } from '../smote/all-rows.js';

/** The rows of `classRows` (indices into `all`) that are in DANGER, as a subset of `classRows`. */
export function dangerRows(all: ClassMatrix, labels: Int32Array, classRows: Int32Array, m: number): Int32Array {
  const other = otherClassCounts(all, labels, classRows, m);
  const out: number[] = [];
  for (let i = 0; i < classRows.length; i++) if (isDanger(other[i]!, m)) out.push(classRows[i]!);
  return Int32Array.from(out);
}

/** m/2 <= other < m, as imbalanced-learn's `_in_danger_noise(kind="danger")`. */
export function isDanger(other: number, m: number): boolean {
  return other >= m / 2 && other < m;
}
