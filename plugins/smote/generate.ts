/**
 * SMOTE's generation step: pick a base row and one of its k neighbours, and place the synthetic
 * numeric values at a uniform random point of the segment between them (one step for all
 * features, as in imbalanced-learn). Categorical values (SMOTE-NC) are the most frequent value
 * among the base row's k neighbours. The variants differ only in which rows are bases, where the
 * neighbours come from, and how bases are drawn (see `Segments`).
 *
 * Missing numeric values: distances and interpolation use the median imputation from
 * `ClassMatrix`; a synthetic value is then set missing wherever its base row's value was missing.
 * Base rows are drawn uniformly, so each feature's missing rate (and which features go missing
 * together) is reproduced in expectation without any extra random draw.
 */
import type { Dataset, Feature } from '../../src/contracts.js';
import type { Rng } from '../../src/random.js';
import { buildClassMatrix, type ClassMatrix } from './class-matrix.js';
import { nearestWithinClass } from './neighbours.js';

/** Where synthetic rows may lie: segments from each base row to each of its k neighbours. */
export interface Segments {
  /** The rows that `bases` and `neighbours` index. */
  readonly matrix: ClassMatrix;
  /** Base rows (indices into `matrix`): every class row for SMOTE, the DANGER rows for borderline. */
  readonly bases: Int32Array;
  /** bases.length * k neighbour indices into `matrix`, nearest first. */
  readonly neighbours: Int32Array;
  readonly k: number;
  /**
   * Borderline-SMOTE-2: 1 for matrix rows of another class. The segment towards such a neighbour
   * is shortened by a second uniform factor in [0, 0.5), as imbalanced-learn does.
   */
  readonly otherClass?: Uint8Array;
}

/** Plain SMOTE's segments: every row `rows` of one class of `data` a base, with its k nearest rows of the class. */
export function withinClassSegments(data: Dataset, rows: Int32Array, k: number): Segments {
  const matrix = buildClassMatrix(data, rows);
  return { matrix, bases: Int32Array.from({ length: matrix.n }, (_, i) => i), neighbours: nearestWithinClass(matrix, k), k };
}

/**
 * `count` synthetic rows of class `label`, features in the same order as `template`. Bases are
 * drawn uniformly with a uniform neighbour, or, with `perBase` (ADASYN), base b is used exactly
 * perBase[b] times, in order, each time with a uniform neighbour.
 */
export function interpolateRows(template: Dataset, s: Segments, count: number, label: number, rng: Rng, perBase?: Int32Array): Dataset {
  const { matrix: m, bases, neighbours, k, otherClass } = s;
  const p = m.numericFeatures.length;
  const c = m.categoricalFeatures.length;
  const numericOut = m.numericFeatures.map(() => new Float64Array(count));
  const codesOut = m.categoricalFeatures.map(() => new Int32Array(count));
  const modes = c > 0 ? neighbourModes(m, neighbours, k) : new Int32Array(0);
  let b = 0;
  let used = 0;
  for (let row = 0; row < count; row++) {
    let pick: number;
    if (perBase) {
      while (used >= perBase[b]!) {
        b++;
        used = 0;
      }
      used++;
      pick = b * k + rng.int(k);
    } else {
      pick = rng.int(bases.length * k);
    }
    const slot = Math.floor(pick / k);
    const base = bases[slot]!;
    const other = neighbours[pick]!;
    let step = rng.next();
    if (otherClass && otherClass[other] === 1) step *= 0.5 * rng.next();
    for (let f = 0; f < p; f++) {
      if (m.missing[base * p + f] === 1) {
        numericOut[f]![row] = NaN;
      } else {
        const a = m.numeric[base * p + f]!;
        numericOut[f]![row] = a + step * (m.numeric[other * p + f]! - a);
      }
    }
    for (let f = 0; f < c; f++) codesOut[f]![row] = modes[slot * c + f]!;
  }
  return assemble(template, m, numericOut, codesOut, count, label);
}

/** A Dataset of `count` rows from per-feature output arrays laid out as in `m`. */
export function assemble(
  template: Dataset,
  m: ClassMatrix,
  numericOut: readonly Float64Array[],
  codesOut: readonly Int32Array[],
  count: number,
  label: number,
): Dataset {
  const features = template.features.map((feature, fi): Feature => {
    const jn = m.numericFeatures.indexOf(fi);
    if (jn >= 0 && feature.kind === 'numeric') return { ...feature, values: numericOut[jn]! };
    const jc = m.categoricalFeatures.indexOf(fi);
    if (jc >= 0 && feature.kind === 'categorical') return { ...feature, codes: codesOut[jc]! };
    throw new Error(`smote: feature '${feature.name}' of kind ${feature.kind} is not supported`);
  });
  return { features, labels: new Int32Array(count).fill(label), classes: template.classes, rowCount: count };
}

/**
 * (neighbours.length / k) * c: for each neighbour list and categorical feature, the most frequent
 * code in the list. Ties go to the lowest level index; the missing code (-1) counts as a value but
 * loses every tie to an observed level. (imbalanced-learn breaks ties at random.)
 */
export function neighbourModes(m: ClassMatrix, neighbours: Int32Array, k: number): Int32Array {
  const c = m.categoricalFeatures.length;
  const lists = neighbours.length / k;
  const out = new Int32Array(lists * c);
  for (let f = 0; f < c; f++) {
    const levels = m.levelCounts[f]!;
    const tally = new Int32Array(levels + 1); // slot 0 = missing, slot l + 1 = level l
    for (let i = 0; i < lists; i++) {
      for (let t = 0; t < k; t++) tally[m.codes[neighbours[i * k + t]! * c + f]! + 1]! += 1;
      let best = -1;
      let bestCount = tally[0]!;
      // Only the k tallied slots are visited (and reset), so high-cardinality columns stay cheap.
      for (let t = 0; t < k; t++) {
        const l = m.codes[neighbours[i * k + t]! * c + f]!;
        if (l < 0) continue;
        const count = tally[l + 1]!;
        if (count > bestCount || (count === bestCount && (best === -1 || l < best))) {
          best = l;
          bestCount = count;
        }
      }
      for (let t = 0; t < k; t++) tally[m.codes[neighbours[i * k + t]! * c + f]! + 1] = 0;
      out[i * c + f] = best;
    }
  }
  return out;
}
