/**
 * `augment --require-improvement METRIC`: before augmenting, cross-validate the chosen model
 * against no augmentation (the evaluator's protocol, src/evaluate/require-improvement.ts) and
 * refuse, with exit code 10 and nothing written, when it does not significantly improve METRIC.
 * For pipelines that should only ever ship augmentation that helps.
 */
import type { Table } from 'apache-arrow';
import { GanAugmentError } from '../errors.js';
import { formatStrategy } from '../strategy.js';
import type { ResolvedAugmentOptions } from '../options/index.js';
import type { ProgressSink } from '../progress.js';

/** Resolves with the verdict sentence when the model helps; throws 'no-improvement' otherwise. */
export async function requireImprovement(
  metric: string,
  input: string | Table,
  resolved: ResolvedAugmentOptions,
  progress: ProgressSink,
): Promise<string> {
  const { checkImprovement } = await import('../evaluate/require-improvement.js');
  const result = await checkImprovement({
    input,
    ...(resolved.delimiter !== undefined ? { delimiter: resolved.delimiter } : {}),
    naValues: resolved.naValues,
    keepDefaultNa: resolved.keepDefaultNa,
    label: resolved.label,
    model: resolved.model,
    metric,
    modelParams: resolved.modelParams,
    seed: resolved.seed,
    backend: resolved.backend,
    minority: resolved.minority,
    categorical: resolved.categorical,
    numeric: resolved.numeric,
    ignore: resolved.ignore,
    ...(resolved.epochs !== undefined ? { epochs: resolved.epochs } : {}),
    strategy: resolved.strategy.kind === 'counts' ? resolved.strategy.counts : formatStrategy(resolved.strategy),
    progress,
  });
  if (!result.improved) {
    throw new GanAugmentError('no-improvement', `--require-improvement ${metric}: ${result.reason}`, {
      hint: 'Nothing was written. Run `gan-augment evaluate` for the full comparison.',
    });
  }
  return result.reason;
}
