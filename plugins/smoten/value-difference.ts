/**
 * The value difference metric (Stanfill & Waltz, 1986) SMOTEN measures categorical rows with, as
 * imbalanced-learn defines it (k=1, r=2): two values of a column are as far apart as the classes
 * that carry them, |P(class | a) - P(class | b)| summed over classes and squared; a row distance is
 * the sum over columns. Probabilities come from every training row; a missing value is a value.
 */
import type { Dataset } from '../../src/contracts.js';
import { GanAugmentError } from '../../src/errors.js';
import type { CategoricalCosts } from '../smote/neighbours.js';

/** Beyond this many categories in one column the level-by-level table gets too large to hold. */
export const MAX_VDM_LEVELS = 4095;

/** Per categorical feature (in `Dataset.features` order), the level-by-level distance table. */
export function valueDifferenceCosts(data: Dataset): CategoricalCosts {
  const classes = data.classes.length;
  const costs: Float64Array[] = [];
  for (const f of data.features) {
    if (f.kind !== 'categorical') continue;
    const width = f.levels.length + 1; // slot 0 = missing, slot l + 1 = level l
    if (f.levels.length > MAX_VDM_LEVELS) {
      throw new GanAugmentError('data', `smoten: column '${f.name}' has ${f.levels.length} categories, more than the ${MAX_VDM_LEVELS} its value difference table can hold.`, {
        hint: `Leave the column out with --ignore ${f.name}, or group its rare categories first.`,
      });
    }
    const proba = new Float64Array(width * classes);
    for (let r = 0; r < data.rowCount; r++) proba[(f.codes[r]! + 1) * classes + data.labels[r]!]! += 1;
    for (let v = 0; v < width; v++) {
      let total = 0;
      for (let c = 0; c < classes; c++) total += proba[v * classes + c]!;
      if (total > 0) for (let c = 0; c < classes; c++) proba[v * classes + c]! /= total;
    }
    const table = new Float64Array(width * width);
    for (let a = 0; a < width; a++) {
      for (let b = a + 1; b < width; b++) {
        let l1 = 0;
        for (let c = 0; c < classes; c++) l1 += Math.abs(proba[a * classes + c]! - proba[b * classes + c]!);
        table[a * width + b] = table[b * width + a] = l1 * l1;
      }
    }
    costs.push(table);
  }
  return costs;
}
