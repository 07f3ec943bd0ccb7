/**
 * The augmentation stage in memory: read -> column roles -> the resample template (resample.ts:
 * plan, fit, generate with the copy guard, round to the output's types) -> decode to the input's
 * types -> merge with a provenance column -> write with run metadata.
 */
import type { Table } from 'apache-arrow';
import type { AutoChoice, ResolvedAugmentOptions } from '../options/index.js';
import { Rng } from '../random.js';
import { decodeDataset, inputDictionaries } from '../schema/decode.js';
import { emptyDataset } from './generate.js';
import { checkProvenanceColumn, mergeWithProvenance } from './merge.js';
import { augmentSummary } from './augment-summary.js';
import { outputMetadata, type RunSummary } from './metadata.js';
import { prepareInput, readOptions, roleOptions } from './prepare.js';
import { MemorySink, chooseSynthesizer, fitResample } from './resample.js';
import { checkColumnsWritable } from '../io/index.js';
import { checkOutputEarly, writeOutputs } from './outputs.js';

export interface AugmentResult {
  /** Input rows unchanged and first, then the synthetic rows, plus the provenance column. */
  readonly table: Table;
  readonly summary: RunSummary;
  /** Where the table was written, when `output` was given. */
  readonly outputPath?: string;
  /** With `model: 'auto'`: what was chosen (null: nothing beat the baselines, no rows added) and the evidence. */
  readonly autoChoice?: AutoChoice;
}

/** Refuse a bad --output or --summary before any work (the choice of --model auto takes minutes). */
export function checkAugmentTargets(options: Pick<ResolvedAugmentOptions, 'input' | 'output' | 'format' | 'summaryPath'>): void {
  checkOutputEarly(options.output, options.format, typeof options.input === 'string' ? [options.input] : [], options.summaryPath);
}

/** `augment` (src/api/augment.ts) on options resolved by the caller, and the model chosen when it was 'auto'. */
export async function augmentWith(options: ResolvedAugmentOptions): Promise<AugmentResult> {
  const progress = options.quiet ? undefined : options.progress;
  const inputPath = typeof options.input === 'string' ? options.input : undefined;
  checkAugmentTargets(options);
  // Fail fast on the model; `auto` that chose nothing adds no rows and needs none.
  if (options.autoChoice?.chosen !== null) chooseSynthesizer(options);

  const prepared = await prepareInput(options.input, roleOptions(options), progress, readOptions(options));
  const { table, dataset, plan } = prepared;
  checkProvenanceColumn(table.schema.fields.map((f) => f.name), options.provenanceColumn);
  checkColumnsWritable(table.schema, options.output, options.format);

  const sink = new MemorySink();
  const run = await fitResample(options, { training: dataset, plan }, sink.add, new Rng(options.seed), progress);
  if (run.plan.needed.size === 0) progress?.({ phase: 'sample', done: 0, total: 0, message: `warning: ${run.plan.warnings[run.plan.warnings.length - 1]}` });
  const rows = sink.rows() ?? emptyDataset(dataset);
  const synthetic = decodeDataset(rows, plan, { dictionaries: inputDictionaries(table, plan) });

  const summary = augmentSummary(options, {
    input: { source: inputPath ?? '(table)', format: prepared.format, rows: table.numRows, columns: table.numCols },
    columns: plan.columns,
    unlabelledRows: table.numRows - dataset.rowCount,
    run,
    warnings: prepared.warnings,
  });
  const merged = mergeWithProvenance(table, synthetic, options.provenanceColumn, outputMetadata(prepared.metadata, summary));
  const final = await writeOutputs(merged, summary, {
    output: options.output,
    format: options.format,
    summaryPath: options.summaryPath,
    protect: inputPath ? [inputPath] : [],
    progress,
  });
  return { table: merged, summary: final, ...(final.output ? { outputPath: final.output.path } : {}), ...(options.autoChoice ? { autoChoice: options.autoChoice } : {}) };
}
