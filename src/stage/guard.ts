/**
 * The guard between a synthesizer and the output: check that its samples have the shape that was
 * asked for (classes, features, categories within the seen levels), and find rows that copy a
 * training row exactly (after rounding to the output types), so the stage can drop and replace them.
 */
import type { Dataset } from '../contracts.js';
import { countByClass, takeRows } from '../dataset.js';
import { GanAugmentError } from '../errors.js';
import { findExactCopies } from '../privacy/exact-copies.js';

/**
 * Throw when `sampled` is not what `model` was asked for: a plugin bug, reported as such.
 * @example checkSamples(sampled, training, requested, 'ctgan')
 */
export function checkSamples(sampled: Dataset, training: Dataset, requested: ReadonlyMap<number, number>, model: string): void {
  const fail = (what: string): never => {
    throw new GanAugmentError('data', `Synthesizer '${model}' returned samples that do not match the request: ${what}.`, {
      hint: 'This is a bug in the synthesizer plugin; try another --model.',
    });
  };
  if (sampled.classes.join('\u0000') !== training.classes.join('\u0000')) fail('different classes');
  if (sampled.features.length !== training.features.length) fail(`${sampled.features.length} features instead of ${training.features.length}`);
  const counts = countByClass(sampled);
  training.classes.forEach((c, i) => {
    const want = requested.get(i) ?? 0;
    if ((counts[i] ?? 0) !== want) fail(`${counts[i] ?? 0} rows of class '${c}' instead of ${want}`);
  });
  sampled.features.forEach((f, i) => {
    const t = training.features[i]!;
    if (f.kind !== t.kind || f.name !== t.name) fail(`feature ${i} is '${f.name}' (${f.kind}), expected '${t.name}' (${t.kind})`);
    if (f.kind === 'categorical' && t.kind === 'categorical') {
      if (f.levels.join('\u0000') !== t.levels.join('\u0000')) fail(`column '${f.name}' has categories other than the training ones`);
      for (const code of f.codes) if (code < -1 || code >= t.levels.length) fail(`column '${f.name}' has category code ${code} outside the seen levels`);
    }
    if (f.kind === 'numeric' && f.values.length !== sampled.rowCount) fail(`column '${f.name}' has ${f.values.length} values for ${sampled.rowCount} rows`);
  });
}

export interface GuardResult {
  /** The samples without exact copies of training rows. */
  readonly kept: Dataset;
  readonly dropped: number;
}

/**
 * Drop rows of `sampled` that equal a training row in every feature and the label. Both datasets
 * must already hold output-type values (see canonicalizeDataset), so rows that only differ before
 * rounding count as copies.
 */
export function dropExactCopies(sampled: Dataset, training: Dataset): GuardResult {
  const copies = findExactCopies(sampled, training);
  const keep: number[] = [];
  for (let i = 0; i < sampled.rowCount; i++) if (!copies[i]) keep.push(i);
  if (keep.length === sampled.rowCount) return { kept: sampled, dropped: 0 };
  return { kept: takeRows(sampled, keep), dropped: sampled.rowCount - keep.length };
}
