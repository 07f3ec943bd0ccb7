/**
 * The rows `model: 'auto'` chooses on in the streaming augment. The choice cross-validates on every
 * labelled row, as the in-memory augment's does, so they must fit in memory: one counting pass
 * keeps them all while no class has more rows than the streaming augment's per-class cap, and
 * above it the run stops with a one-line error rather than choosing on a sample silently.
 */
import type { Table } from 'apache-arrow';
import { GanAugmentError } from '../errors.js';
import type { BatchSource } from '../io/batch-source.js';
import type { ResolvedStreamAugmentOptions } from '../options/index.js';
import type { ProgressSink } from '../progress.js';
import { Rng } from '../random.js';
import { noRowsError } from '../stage/prepare.js';
import { openStreamAugment } from './augment-stream.js';
import { collectTraining } from './collect-training.js';

/**
 * Every labelled row of `source` in input order, or an error naming the class over `perClass`.
 * @example const rows = await rowsForModelChoice(source, { label: 'fraud', perClass: 100_000, seed: 42 });
 */
export async function rowsForModelChoice(source: BatchSource, options: { label: string; perClass: number; seed: number; progress?: ProgressSink | undefined }): Promise<Table> {
  // Below the cap the reservoir keeps every row and draws nothing; the fork is the stage's all the same.
  const collected = await collectTraining(source, options.label, { perClass: options.perClass, rng: new Rng(options.seed).fork('reservoir'), progress: options.progress });
  if (collected.totalRows === 0) throw noRowsError(source.source, source.schema.fields.map((f) => f.name));
  const over = collected.sampledClasses[0];
  if (over !== undefined) {
    const rows = collected.classCounts.get(over) ?? 0;
    throw new GanAugmentError('usage', `--model auto cross-validates on every row in memory, and class '${over}' of '${source.source}' has ${rows} rows, more than --training-rows-per-class ${options.perClass}.`, {
      hint: `Raise --training-rows-per-class to ${rows} if memory allows, or choose on a sample (gan-augment evaluate on one, or chooseModel()) and pass --model NAME.`,
    });
  }
  return collected.table;
}

/**
 * The same rows from the file or folder `options.input`, opened (and its outputs checked) as the
 * streaming augment opens it: for a caller (the CLI) that has not opened the source yet.
 */
export async function rowsForModelChoiceIn(options: ResolvedStreamAugmentOptions): Promise<Table> {
  const { source } = await openStreamAugment(options);
  return rowsForModelChoice(source, { label: options.label, perClass: options.trainingRowsPerClass, seed: options.seed, progress: options.quiet ? undefined : options.progress });
}
