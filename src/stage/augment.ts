/**
 * The augmentation stage: read -> column roles -> how many rows per class -> fit a synthesizer
 * (via the registry) -> sample the rows needed -> guard against copies of training rows ->
 * decode to the input's types -> merge with a provenance column -> write with run metadata.
 */
import type { Table } from 'apache-arrow';
import type { JsonValue, SynthesizerFactory } from '../contracts.js';
import { countByClass } from '../dataset.js';
import type { ProgressSink } from '../progress.js';
import { resolveAugmentOptions, type AugmentOptions, type ResolvedAugmentOptions } from '../options.js';
import { Rng } from '../random.js';
import { getSynthesizer } from '../registry.js';
import { canonicalizeDataset, decodeDataset, inputDictionaries } from '../schema/decode.js';
import { fitForStage, pluginParams } from './fit.js';
import { emptyDataset, generateRows } from './generate.js';
import { checkProvenanceColumn, mergeWithProvenance } from './merge.js';
import { augmentSummary, formatThreshold, planWarnings } from './augment-summary.js';
import { outputMetadata, type PrivacySummary, type RunSummary } from './metadata.js';
import { distanceLimit } from '../privacy/privacy-filter.js';
import { summarizeDcr } from '../privacy/summary.js';
import { GanAugmentError } from '../errors.js';
import { checkBatchSize, checkCanLearn, prepareInput, readOptions, roleOptions, type PreparedInput } from './prepare.js';
import { planClassCounts } from './strategy.js';
import { checkOutputEarly, writeOutputs } from './outputs.js';

export interface AugmentResult {
  /** Input rows unchanged and first, then the synthetic rows, plus the provenance column. */
  readonly table: Table;
  readonly summary: RunSummary;
  /** Where the table was written, when `output` was given. */
  readonly outputPath?: string;
}

/**
 * Balance a labelled table with synthetic rows.
 * @example
 * const { table, summary } = await augment({ input: 'train.csv', output: 'balanced.parquet', label: 'class', epochs: 100 });
 * console.log(summary.classes); // [{ class: 'no', before: 900, added: 0, after: 900 }, { class: 'yes', before: 100, added: 800, after: 900 }]
 */
export async function augment(raw: AugmentOptions): Promise<AugmentResult> {
  const options = resolveAugmentOptions(raw);
  const progress = options.quiet ? undefined : options.progress;
  const inputPath = typeof options.input === 'string' ? options.input : undefined;
  checkOutputEarly(options.output, options.format, inputPath ? [inputPath] : [], options.summaryPath);
  const factory = getSynthesizer(options.model);
  const params = pluginParams(options.modelParams, options.trainOn);
  if (options.privacyDistance && factory.copiesTrainingRows) {
    throw new GanAugmentError('usage', `--privacy-distance cannot be used with --model ${options.model}, which copies training rows by design: every row would be dropped.`, {
      hint: 'Use a generative model (e.g. --model ctgan or --model smote), or leave out --privacy-distance.',
    });
  }

  const prepared = await prepareInput(options.input, roleOptions(options), progress, readOptions(options));
  const { table, dataset, plan } = prepared;
  checkProvenanceColumn(table.schema.fields.map((f) => f.name), options.provenanceColumn);

  const before = countByClass(dataset);
  const counts = planClassCounts(dataset.classes, before, options.strategy, options.minority);
  const needed = new Map(counts.flatMap((c, i) => (c.add > 0 ? [[i, c.add] as [number, number]] : [])));
  const warnings = [...prepared.warnings, ...planWarnings(options, counts)];

  let run: SynthesisRun;
  if (needed.size === 0) {
    progress?.({ phase: 'sample', done: 0, total: 0, message: `warning: ${warnings[warnings.length - 1]}` });
    run = { synthetic: decodeDataset(emptyDataset(dataset), plan), backend: null, training: null, copies: { checked: false, dropped: 0, kept: 0, sampleRounds: 0 } };
  } else {
    checkCanLearn(factory, params, dataset, [...needed.keys()], before);
    checkBatchSize(options.batchSize, before, options.trainOn);
    run = await synthesize(options, factory, params, prepared, needed, progress);
    if (run.copies.dropped > 0) warnings.push(`Dropped ${run.copies.dropped} synthetic rows that copied a training row, and drew replacements.`);
    if (run.privacy && run.privacy.dropped > 0) {
      warnings.push(`--privacy-distance ${run.privacy.threshold}: dropped ${run.privacy.dropped} synthetic rows at distance <= ${run.privacy.distance.toPrecision(3)} from a training row, and drew replacements.`);
    }
  }

  const summary = augmentSummary(options, {
    input: { source: inputPath ?? '(table)', format: prepared.format, rows: table.numRows, columns: table.numCols },
    columns: plan.columns,
    unlabelledRows: table.numRows - dataset.rowCount,
    counts,
    run: { ...run, warnings },
  });
  const merged = mergeWithProvenance(table, run.synthetic, options.provenanceColumn, outputMetadata(prepared.metadata, summary));
  const final = await writeOutputs(merged, summary, {
    output: options.output,
    format: options.format,
    summaryPath: options.summaryPath,
    protect: inputPath ? [inputPath] : [],
    progress,
  });
  return final.output ? { table: merged, summary: final, outputPath: final.output.path } : { table: merged, summary: final };
}

interface SynthesisRun extends Pick<RunSummary, 'backend' | 'training' | 'copies' | 'privacy'> {
  /** The synthetic rows, decoded to the input's columns and types. */
  readonly synthetic: Table;
}

/** Start the backend, fit the synthesizer, generate and guard the rows needed, decode them. */
async function synthesize(
  options: ResolvedAugmentOptions,
  factory: SynthesizerFactory,
  params: Readonly<Record<string, JsonValue>>,
  prepared: PreparedInput,
  needed: ReadonlyMap<number, number>,
  progress: ProgressSink | undefined,
): Promise<SynthesisRun> {
  const { dataset, plan, table } = prepared;
  const rng = new Rng(options.seed);
  const fit = await fitForStage(options, factory, params, dataset, progress);
  try {
    const training = canonicalizeDataset(dataset, plan);
    const threshold = options.privacyDistance;
    const limit = threshold ? distanceLimit(training, threshold, { rng: rng.fork('privacy') }) : undefined;
    const generated = await generateRows(fit.synthesizer, needed, {
      model: options.model,
      plan,
      training,
      dropCopies: !options.keepCopies && !factory.copiesTrainingRows,
      rng: rng.fork('sample'),
      progress,
      privacyLimit: limit,
    });
    const privacy: PrivacySummary | undefined =
      threshold && limit !== undefined && generated.privacy
        ? {
            threshold: formatThreshold(threshold),
            distance: limit,
            dropped: generated.privacy.dropped,
            dcr: generated.privacy.distances.length > 0 ? summarizeDcr(generated.privacy.distances) : null,
          }
        : undefined;
    return {
      ...(privacy ? { privacy } : {}),
      synthetic: decodeDataset(generated.rows, plan, { dictionaries: inputDictionaries(table, plan) }),
      backend: fit.backend,
      training: fit.training,
      copies: { checked: true, dropped: generated.dropped, kept: generated.keptCopies, sampleRounds: generated.rounds },
    };
  } finally {
    fit.synthesizer.dispose();
  }
}

