/**
 * Checks the `counts` map a synthesizer's `sample` receives and orders it, so every plugin here
 * emits classes in ascending class-index order whatever order the caller built the map in.
 */
import type { Dataset } from '../../src/contracts.js';
import { GanAugmentError } from '../../src/errors.js';

/** `[classIndex, rows]` pairs with rows > 0, ascending by class index. */
export function requestedCounts(counts: ReadonlyMap<number, number>, fitted: Dataset, modelName: string): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  for (const [c, n] of counts) {
    if (!Number.isInteger(c) || c < 0 || c >= fitted.classes.length) {
      throw new GanAugmentError('usage', `${modelName}: cannot sample class index ${c}; the model knows ${fitted.classes.length} classes.`);
    }
    if (!Number.isInteger(n) || n < 0) {
      throw new GanAugmentError('usage', `${modelName}: the number of rows to sample for class '${fitted.classes[c]}' must be a non-negative integer, got ${n}.`);
    }
    if (n > 0) out.push([c, n]);
  }
  return out.sort((a, b) => a[0] - b[0]);
}
