/**
 * Check a `sample` request against a saved model's table plan, once for both the single-process
 * and the sharded sampler: every requested class must be one the model was fitted on, at least one
 * row must be asked for, and the provenance column must not clash with a column of the table.
 */
import { GanAugmentError } from '../errors.js';
import type { ModelManifest } from '../model-store/manifest.js';
import { quoted } from '../untrusted-text.js';

/** Rows per class index (positive counts only). */
export function checkSampleRequest(manifest: Pick<ModelManifest, 'plan' | 'training'>, counts: Readonly<Record<string, number>>, provenanceColumn: string): Map<number, number> {
  const { plan } = manifest;
  const classIndex = new Map(plan.classes.map((c, i) => [c, i]));
  const generates = generatedClasses(manifest.training);
  const needed = new Map<number, number>();
  for (const [name, n] of Object.entries(counts)) {
    const i = classIndex.get(name);
    if (i === undefined) {
      throw new GanAugmentError('usage', `--counts: class ${quoted(name)} is not one the model was fitted on.`, {
        hint: `Classes of this model: ${plan.classes.map(quoted).join(', ')}.`,
      });
    }
    if (n > 0 && generates !== undefined && !generates.includes(name)) {
      throw new GanAugmentError('usage', `--counts: the model cannot generate class ${quoted(name)}: it was trained on ${generates.map(quoted).join(', ')} only (ctgan's default --train-on minority learns the classes other than the largest).`, {
        hint: `Fit again with --train-on all to sample every class, or ask only for ${generates.map(quoted).join(', ')}.`,
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

/** The classes a model folder says it can generate (fit records them); undefined for older folders. */
function generatedClasses(training: ModelManifest['training']): readonly string[] | undefined {
  if (training === null || typeof training !== 'object' || Array.isArray(training)) return undefined;
  const list = training['generates'];
  return Array.isArray(list) && list.every((c) => typeof c === 'string') ? (list as string[]) : undefined;
}
