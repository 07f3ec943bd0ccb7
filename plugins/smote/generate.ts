/**
 * SMOTE's generation step for one class: pick a row and one of its k neighbours uniformly, and
 * place the synthetic numeric values at a uniform random point of the segment between them
 * (one step for all features, as in imbalanced-learn). Categorical values (SMOTE-NC) are the most
 * frequent value among the base row's k neighbours.
 *
 * Missing numeric values: distances and interpolation use the class-median imputation from
 * `ClassMatrix`; a synthetic value is then set missing wherever its base row's value was missing.
 * Base rows are drawn uniformly, so each feature's missing rate (and which features go missing
 * together) is reproduced in expectation without any extra random draw.
 */
import type { Dataset, Feature } from '../../src/contracts.js';
import type { Rng } from '../../src/random.js';
import type { ClassMatrix } from './class-matrix.js';

/** `count` synthetic rows of class `label`, features in the same order as `template`. */
export function generateClassRows(
  template: Dataset,
  m: ClassMatrix,
  neighbours: Int32Array,
  k: number,
  count: number,
  label: number,
  rng: Rng,
): Dataset {
  const p = m.numericFeatures.length;
  const c = m.categoricalFeatures.length;
  const numericOut = m.numericFeatures.map(() => new Float64Array(count));
  const codesOut = m.categoricalFeatures.map(() => new Int32Array(count));
  const modes = c > 0 ? neighbourModes(m, neighbours, k) : new Int32Array(0);
  for (let s = 0; s < count; s++) {
    const pick = rng.int(m.n * k);
    const base = Math.floor(pick / k);
    const other = neighbours[pick]!;
    const step = rng.next();
    for (let f = 0; f < p; f++) {
      if (m.missing[base * p + f] === 1) {
        numericOut[f]![s] = NaN;
      } else {
        const a = m.numeric[base * p + f]!;
        numericOut[f]![s] = a + step * (m.numeric[other * p + f]! - a);
      }
    }
    for (let f = 0; f < c; f++) codesOut[f]![s] = modes[base * c + f]!;
  }
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
 * n * c: for each row and categorical feature, the most frequent code among the row's k
 * neighbours. Ties go to the lowest level index; the missing code (-1) counts as a value but
 * loses every tie to an observed level. (imbalanced-learn breaks ties at random.)
 */
export function neighbourModes(m: ClassMatrix, neighbours: Int32Array, k: number): Int32Array {
  const c = m.categoricalFeatures.length;
  const out = new Int32Array(m.n * c);
  for (let f = 0; f < c; f++) {
    const levels = m.levelCounts[f]!;
    const tally = new Int32Array(levels + 1); // slot 0 = missing, slot l + 1 = level l
    for (let i = 0; i < m.n; i++) {
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
