/**
 * `sample`: load a saved model directory, generate the requested rows per class, decode them with
 * the saved table plan (same columns and types as the training table; ignored columns null), and
 * add the provenance column (all true). Without the training data no copy check is possible; the
 * summary says so.
 */
import path from 'node:path';
import type { Table } from 'apache-arrow';
import { GanAugmentError } from '../errors.js';
import { loadSynthesizer } from '../model-store/load.js';
import { CONFIG_FILE, MANIFEST_FILE, WEIGHTS_FILE } from '../model-store/manifest.js';
import { resolveSampleOptions, type ResolvedSampleOptions, type SampleOptions } from '../options/index.js';
import { Rng } from '../random.js';
import { getSynthesizer } from '../registry.js';
import { decodeDataset } from '../schema/decode.js';
import { writeImageGrid } from '../image/grid.js';
import type { Dataset, ImageFeature } from '../contracts.js';
import { MemorySink, emptyTally, generateChunks } from './resample.js';
import { checkSampleRequest } from './sample-request.js';
import { withProvenance } from './merge.js';
import { outputMetadata, runSummary, type RunSummary } from './metadata.js';
import { checkOutputEarly, writeOutputs } from './outputs.js';

const MODEL_FILES = [MANIFEST_FILE, CONFIG_FILE, WEIGHTS_FILE];

/** Why a saved model's rows are not checked for copies (sample and sharded sample). */
export const NO_COPY_CHECK = 'No copy check: sampling a saved model has no training rows to compare against.';

/**
 * For a model whose rows `augment` filters by default (SynthesizerFactory.defaultFilter): said in
 * the summary, because the same model gives different rows here than in `augment`.
 */
export function unfilteredWarning(model: string, rules: readonly string[]): string {
  return `Not filtered: ${model}'s rows get the ${rules.join(',')} filter by default in augment and evaluate, which needs the training rows; sample has none, so these rows are the raw generator output (run augment on the training data for filtered rows).`;
}

/**
 * Generate rows from a saved model.
 * @example const { table } = await sampleModel({ modelDir: 'models/fraud', counts: 'yes=500', output: 'extra.parquet' });
 */
export async function sampleModel(raw: SampleOptions): Promise<{ table: Table; summary: RunSummary; outputPath?: string }> {
  return sampleModelWith(resolveSampleOptions(raw));
}

/** `sampleModel` on options resolved by the caller (the CLI resolves once). */
export async function sampleModelWith(options: ResolvedSampleOptions): Promise<{ table: Table; summary: RunSummary; outputPath?: string }> {
  const progress = options.quiet ? undefined : options.progress;
  checkOutputEarly(options.output, options.format, [], options.summaryPath);
  const { manifest, synthesizer, backend } = await loadSynthesizer(options.modelDir, { backend: options.backend });
  try {
    const plan = manifest.plan;
    const needed = checkSampleRequest(manifest, options.counts, options.provenanceColumn);
    if (options.gridPath !== undefined && !plan.columns.some((c) => c.role === 'image')) {
      throw new GanAugmentError('usage', `--grid: the model in '${options.modelDir}' has no image column, so there is no image to draw.`, {
        hint: `Drop --grid, or use a model fitted on an image column (e.g. --model dcgan). Columns of this model: ${plan.columns.map((c) => `'${c.name}' (${c.role})`).join(', ')}.`,
      });
    }
    const defaultFilter = getSynthesizer(manifest.plugin).defaultFilter ?? [];
    // Without training rows there is nothing to guard against: one chunk, fork 'sample' of the seed.
    const tally = emptyTally();
    const sink = new MemorySink();
    const chunks = [{ needed, rng: new Rng(options.seed).fork('sample') }];
    for await (const rows of generateChunks(synthesizer, chunks, { model: manifest.plugin, plan, training: undefined, dropCopies: false, progress }, tally)) sink.add(rows);
    const generated = sink.rows()!;
    const decoded = decodeDataset(generated, plan);
    const summary = runSummary('sample', {
      modelDir: options.modelDir,
      label: plan.label,
      model: manifest.plugin,
      seed: options.seed,
      backend,
      classes: plan.classes.map((c, i) => ({ class: c, before: 0, added: needed.get(i) ?? 0, after: needed.get(i) ?? 0 })),
      columns: plan.columns,
      copies: tally.copies,
      provenanceColumn: options.provenanceColumn,
      options: { counts: { ...options.counts }, format: options.format ?? null, modelToolVersion: manifest.toolVersion, requestedBackend: options.backend },
      warnings: [NO_COPY_CHECK, ...(defaultFilter.length > 0 ? [unfilteredWarning(manifest.plugin, defaultFilter)] : [])],
    });
    const table = withProvenance(decoded, options.provenanceColumn, outputMetadata(new Map(), summary));
    if (options.gridPath !== undefined) await writeSampleGrid(options.gridPath, generated, options.modelDir);
    const final = await writeOutputs(table, summary, { output: options.output, format: options.format, summaryPath: options.summaryPath, protect: MODEL_FILES.map((f) => path.join(options.modelDir, f)), progress });
    return final.output ? { table, summary: final, outputPath: final.output.path } : { table, summary: final };
  } finally {
    synthesizer.dispose();
  }
}

/** The contact sheet of `sample --grid`: as many images per class row as were generated, up to 16. */
async function writeSampleGrid(file: string, rows: Dataset, modelDir: string): Promise<void> {
  const image = rows.features.find((f): f is ImageFeature => f.kind === 'image');
  if (!image) throw new GanAugmentError('usage', `--grid: the model in '${modelDir}' generated no image feature.`, { hint: 'Drop --grid for models without an image column.' });
  const perClass = new Array<number>(rows.classes.length).fill(0);
  for (const label of rows.labels) perClass[label]!++;
  await writeImageGrid(file, image, rows.labels, rows.classes.length, { perClass: Math.max(1, Math.min(16, Math.max(...perClass))) });
}
