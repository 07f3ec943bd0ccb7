/**
 * Check a `sample` request against a saved model's table plan, once for both the single-process
 * and the sharded sampler: every requested class must be one the model was fitted on, at least one
 * row must be asked for, and the provenance column must not clash with a column of the table.
 */
import { GanAugmentError } from '../errors.js';
import type { TablePlan } from '../schema/plan.js';

/** Rows per class index (positive counts only). */
export function checkSampleRequest(plan: TablePlan, counts: Readonly<Record<string, number>>, provenanceColumn: string): Map<number, number> {
  const classIndex = new Map(plan.classes.map((c, i) => [c, i]));
  const needed = new Map<number, number>();
  for (const [name, n] of Object.entries(counts)) {
    const i = classIndex.get(name);
    if (i === undefined) {
      throw new GanAugmentError('usage', `--counts: class '${name}' is not one the model was fitted on.`, {
        hint: `Classes of this model: ${plan.classes.map((c) => `'${c}'`).join(', ')}.`,
      });
    }
    if (n > 0) needed.set(i, n);
  }
  if (needed.size === 0) {
    throw new GanAugmentError('usage', '--counts asks for no rows.', { hint: "Give at least one positive count, such as 'yes=500'." });
  }
  if (plan.columns.some((c) => c.name === provenanceColumn)) {
    throw new GanAugmentError('usage', `--provenance-column: the model's table already has a column named '${provenanceColumn}'.`, {
      hint: `Choose another name, for example --provenance-column ${provenanceColumn}_gan.`,
    });
  }
  return needed;
}
