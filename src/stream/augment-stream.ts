/**
 * `augment` for data bigger than memory: read a Parquet file, a folder of Parquet parts, an Arrow
 * IPC file/stream or a CSV file batch by batch; learn from a bounded, seeded sample of rows; write
 * the original rows batch by batch, then the synthetic ones, atomically. Peak memory is bounded by
 * the model, the training rows and about one row group, not by the input. With
 * `outputLayout: 'dataset'` only the synthetic rows are written, as Parquet parts beside the
 * (hard-linked) originals, in a Hive-partitioned folder (see dataset-layout.ts, docs/scale.md).
 */
import { GanAugmentError } from '../errors.js';
import { checkColumnsWritable, outputFormatFor, writeFileAtomic } from '../io/index.js';
import { resolveStreamAugmentOptions, type ResolvedStreamAugmentOptions, type StreamAugmentOptions } from '../options/index.js';
import { summaryFileText, type RunSummary } from '../stage/metadata.js';
import { checkOutputEarly } from '../stage/outputs.js';
import { readOptions } from '../stage/prepare.js';
import { prepareAugmentRun } from './augment-run.js';
import { openBatchSource, type BatchSource } from '../io/batch-source.js';
import { writeCopyPass, type CopyPassResult } from './copy-pass.js';
import { checkDatasetTarget, writeDatasetLayout } from './dataset-layout.js';

export { OUTPUT_LAYOUTS, type OutputLayout, type StreamAugmentOptions } from '../options/index.js';

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
  return augmentStreamWith(resolveStreamAugmentOptions(raw));
}

/** The input opened and the outputs checked: what `augmentStreamWith` needs before any work. */
export interface OpenedStreamAugment {
  readonly source: BatchSource;
  readonly output: string;
  /** The input's files, never overwritten. */
  readonly protect: readonly string[];
}

/**
 * Open the input and refuse outputs that cannot work, before any work (the choice of `model: 'auto'`
 * takes minutes): a missing or stdout output, the input itself, a dataset folder that is not empty.
 */
export async function openStreamAugment(options: ResolvedStreamAugmentOptions): Promise<OpenedStreamAugment> {
  if (options.output === undefined || options.output === '-') {
    throw new GanAugmentError('usage', '--output must be a file (or, with --output-layout dataset, a folder) for the streaming augment.', {
      hint: 'Give --output a path; to get the rows back in memory use the augment() API.',
    });
  }
  const output = options.output;
  const { csv } = readOptions(options);
  const source = await openBatchSource(options.input, { delimiter: options.delimiter, ...(csv ? { csv } : {}) });
  const protect = [...source.files];
  if (options.outputLayout === 'dataset') {
    if (options.format !== undefined && options.format !== 'parquet') {
      throw new GanAugmentError('usage', `--output-layout dataset writes Parquet parts; --format ${options.format} does not apply.`, { hint: 'Leave out --format.' });
    }
    checkOutputEarly(undefined, undefined, protect, options.summaryPath);
    await checkDatasetTarget(output, source);
  } else {
    checkOutputEarly(output, options.format, protect, options.summaryPath);
  }
  return { source, output, protect };
}

/** `augmentStream` on options resolved by the caller (the CLI resolves once); `opened`: by `openStreamAugment` on the same options. */
export async function augmentStreamWith(options: ResolvedStreamAugmentOptions, opened?: OpenedStreamAugment): Promise<StreamAugmentResult> {
  const layout = options.outputLayout;
  const progress = options.quiet ? undefined : options.progress;
  const { source, output, protect } = opened ?? (await openStreamAugment(options));

  // Dataset parts are Parquet whatever the folder's name.
  const checkOutput = () => checkColumnsWritable(source.schema, output, layout === 'dataset' ? 'parquet' : options.format);
  const run = await prepareAugmentRun(source, options, options.trainingRowsPerClass, checkOutput);
  try {
    const summaryPath = options.summaryPath;
    if (layout === 'dataset') {
      // A folder of parts cannot appear at once with a file; the summary follows the parts.
      const final = await writeDatasetLayout(run, output, progress);
      if (summaryPath !== undefined) await writeFileAtomic(summaryPath, summaryFileText(final), { protect: [...protect, output] });
      return { summary: final, outputPath: output };
    }
    const described = (written: CopyPassResult): RunSummary => {
      const { path, bytes, copy, seconds } = written;
      return { ...run.summary, output: { path, format: written.format, bytes, copy, ...(written.reason ? { copyReason: written.reason } : {}), seconds } };
    };
    // Parquet to Parquet copies the input's row groups byte for byte when exact (copy-pass.ts); the
    // summary file is written with the output, so neither appears without the other.
    const written = await writeCopyPass(run, output, outputFormatFor(output, options.format), {
      protect: [...protect],
      ...(progress ? { progress } : {}),
      ...(summaryPath !== undefined ? { summary: { path: summaryPath, contents: (r: CopyPassResult) => summaryFileText(described(r)) } } : {}),
    });
    return { summary: described(written), outputPath: output };
  } finally {
    await run.dispose();
  }
}
