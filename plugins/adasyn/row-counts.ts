/**
 * ADASYN's share of synthetic rows per minority row (He et al., 2008): proportional to the
 * fraction of its n nearest training rows that are of other classes, so rows near other classes
 * (harder to learn) seed more synthetic rows.
 */

/**
 * Rows per base for `total` rows, proportional to `other` (counts of other-class neighbours).
 * imbalanced-learn rounds each share to the nearest integer, so its total can miss the request
 * by a few rows; here the largest remainders get the leftover rows (ties to the lower index), so
 * the total is exact and each share is within one row of imbalanced-learn's.
 * @example rowsPerBase(Int32Array.of(0, 1, 3), 8) // Int32Array [0, 2, 6]
 */
export function rowsPerBase(other: Int32Array, total: number): Int32Array {
  let sum = 0;
  for (const o of other) sum += o;
  const out = new Int32Array(other.length);
  if (sum === 0) return out;
  const remainders: Array<[number, number]> = [];
  let given = 0;
  for (let i = 0; i < other.length; i++) {
    const share = (other[i]! / sum) * total;
    out[i] = Math.floor(share);
    given += out[i]!;
    remainders.push([share - out[i]!, i]);
  }
  remainders.sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  for (let r = 0; r < total - given; r++) out[remainders[r]![1]]! += 1;
  return out;
}
