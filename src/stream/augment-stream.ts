/**
 * `augment` for data bigger than memory: read a Parquet file, a folder of Parquet parts, an Arrow
 * IPC file/stream or a CSV file batch by batch; learn from a bounded, seeded sample of rows; write
 * the original rows batch by batch, then the synthetic ones, atomically. Peak memory is bounded by
 * the model, the training rows and about one row group, not by the input. With
 * `outputLayout: 'dataset'` only the synthetic rows are written, as Parquet parts beside the
 * (hard-linked) originals, in a Hive-partitioned folder (see dataset-layout.ts, docs/scale.md).
 */
import { GanAugmentError } from '../errors.js';
import { outputFormatFor, writeFileAtomic } from '../io/index.js';
import { resolveAugmentOptions, type AugmentOptions } from '../options.js';
import type { RunSummary } from '../stage/metadata.js';
import { checkOutputEarly } from '../stage/outputs.js';
import { prepareAugmentRun } from './augment-run.js';
import { openBatchSource } from '../io/batch-source.js';
import { writeCopyPass } from './copy-pass.js';
import { DEFAULT_TRAINING_ROWS_PER_CLASS } from './collect-training.js';
import { checkDatasetTarget, writeDatasetLayout } from './dataset-layout.js';

export const OUTPUT_LAYOUTS = ['file', 'dataset'] as const;
export type OutputLayout = (typeof OUTPUT_LAYOUTS)[number];

export interface StreamAugmentOptions extends AugmentOptions {
  /** 'file' (default): one merged file. 'dataset': a folder of Parquet parts partitioned by the provenance column. */
  outputLayout?: string;
  /** Cap on the training rows kept per class (a seeded reservoir sample above it); default 100000. */
  trainingRowsPerClass?: number | string;
}

export interface StreamAugmentResult {
  readonly summary: RunSummary;
  /** The file written, or the dataset folder. */
  readonly outputPath: string;
}

/**
 * Augment `input` into `output` without holding the input in memory.
 * @example await augmentStream({ input: 'events.parquet', label: 'fraud', output: 'events.augmented.parquet', model: 'smote' });
 * @example await augmentStream({ input: 'events/', label: 'fraud', output: 'training-set/', outputLayout: 'dataset' });
 */
export async function augmentStream(raw: StreamAugmentOptions): Promise<StreamAugmentResult> {
  const { outputLayout: rawLayout, trainingRowsPerClass: rawCap, ...rest } = raw;
  const options = resolveAugmentOptions(rest);
  const layout = parseLayout(rawLayout);
  const perClass = parseCap(rawCap);
  const progress = options.quiet ? undefined : options.progress;
  if (options.output === undefined || options.output === '-') {
    throw new GanAugmentError('usage', '--output must be a file (or, with --output-layout dataset, a folder) for the streaming augment.', {
      hint: 'Give --output a path; to get the rows back in memory use the augment() API.',
    });
  }
  const output = options.output;
  const source = await openBatchSource(options.input, { delimiter: options.delimiter });
  const protect = [...source.files];
  if (layout === 'dataset') {
    if (options.format !== undefined && options.format !== 'parquet') {
      throw new GanAugmentError('usage', `--output-layout dataset writes Parquet parts; --format ${options.format} does not apply.`, { hint: 'Leave out --format.' });
    }
    checkOutputEarly(undefined, undefined, protect, options.summaryPath);
    await checkDatasetTarget(output, source);
  } else {
    checkOutputEarly(output, options.format, protect, options.summaryPath);
  }

  const run = await prepareAugmentRun(source, options, perClass);
  try {
    let final: RunSummary;
    if (layout === 'dataset') {
      final = await writeDatasetLayout(run, output, progress);
    } else {
      const format = outputFormatFor(output, options.format);
      // Parquet to Parquet copies the input's row groups byte for byte when exact (copy-pass.ts).
      const written = await writeCopyPass(run, output, format, { protect, ...(progress ? { progress } : {}) });
      const { path, bytes, copy, seconds } = written;
      const out = { path, format: written.format, bytes, copy, ...(written.reason ? { copyReason: written.reason } : {}), seconds };
      final = { ...run.summary, output: out };
    }
    if (options.summaryPath !== undefined) {
      await writeFileAtomic(options.summaryPath, `${JSON.stringify(final, null, 2)}\n`, { protect: [...protect, output] });
    }
    return { summary: final, outputPath: output };
  } finally {
    await run.dispose();
  }
}

function parseLayout(value: unknown): OutputLayout {
  if (value === undefined || value === null || value === '') return 'file';
  if (typeof value === 'string' && (OUTPUT_LAYOUTS as readonly string[]).includes(value.trim())) return value.trim() as OutputLayout;
  throw new GanAugmentError('usage', `--output-layout must be one of ${OUTPUT_LAYOUTS.join(', ')}; got '${String(value)}'.`);
}

function parseCap(value: unknown): number {
  if (value === undefined || value === null || value === '') return DEFAULT_TRAINING_ROWS_PER_CLASS;
  const n = typeof value === 'string' && /^\s*\d+\s*$/.test(value) ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isSafeInteger(n) || n <= 0) {
    throw new GanAugmentError('usage', `--training-rows-per-class must be a positive integer, got '${String(value)}'.`);
  }
  return n;
}
