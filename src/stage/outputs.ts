/**
 * Finishing a run: write the table (atomically, never over an input) and the optional --summary
 * JSON file (atomically too), and fill the summary's output entry.
 */
import path from 'node:path';
import type { Table } from 'apache-arrow';
import { GanAugmentError } from '../errors.js';
import { checkWritableTarget } from '../io/atomic.js';
import { outputFormatFor, writeFileAtomic, writeTable } from '../io/index.js';
import type { OutputFormat } from '../options/index.js';
import type { ProgressSink } from '../progress.js';
import { outputMetadata, summaryFileText, type RunSummary } from './metadata.js';

/**
 * Fail before any training when the output path cannot work: unknown format, or the input itself.
 * @example checkOutputEarly('out.parquet', undefined, ['in.csv'], 'summary.json')
 */
export function checkOutputEarly(output: string | undefined, format: OutputFormat | undefined, inputs: readonly string[], summaryPath: string | undefined): void {
  if (output !== undefined) {
    outputFormatFor(output, format);
    if (output !== '-' && inputs.some((p) => p !== '-' && path.resolve(p) === path.resolve(output))) {
      throw new GanAugmentError('output', `--output '${output}' is the input file; refusing to overwrite it.`, { hint: 'Choose a different --output path.' });
    }
    // Missing or read-only folder, or the input reached through a link: found now, not after training.
    if (output !== '-') checkWritableTarget(output, '--output', inputs);
  }
  if (summaryPath !== undefined) {
    const clash = [output, ...inputs].find((p) => p !== undefined && p !== '-' && path.resolve(p) === path.resolve(summaryPath));
    if (clash !== undefined) {
      throw new GanAugmentError('usage', `--summary '${summaryPath}' is the same file as '${clash}'.`, { hint: 'Choose a different --summary path.' });
    }
    checkWritableTarget(summaryPath, '--summary', [...inputs, ...(output !== undefined ? [output] : [])]);
  }
}

/** Write the table with the embedded summary in its metadata, then the full summary file; returns the final summary. */
export async function writeOutputs(
  table: Table,
  summary: RunSummary,
  options: { output: string | undefined; format: OutputFormat | undefined; summaryPath: string | undefined; protect: readonly string[]; progress?: ProgressSink | undefined },
): Promise<RunSummary> {
  const { output, summaryPath } = options;
  if (output === undefined) {
    if (summaryPath !== undefined) await writeFileAtomic(summaryPath, summaryFileText(summary), { protect: [...options.protect] });
    return summary;
  }
  options.progress?.({ phase: 'write', done: 0, message: `writing ${output}` });
  const metadata = Object.fromEntries(outputMetadata(table.schema.metadata, summary));
  const format = output === '-' ? (options.format ?? 'arrow-stream') : outputFormatFor(output, options.format);
  const described = (bytes: number): RunSummary => ({ ...summary, output: { path: output, format, bytes } });
  // The summary file is written with the output (io/atomic.ts: Companion): both appear, or neither.
  const together = summaryPath !== undefined && output !== '-';
  const written = await writeTable(table, output, {
    format,
    metadata,
    protect: [...options.protect],
    ...(together ? { companion: { path: summaryPath, contents: (bytes: number) => summaryFileText(described(bytes)) } } : {}),
  });
  const final = described(written.bytes);
  options.progress?.({ phase: 'write', done: 1, total: 1, message: `wrote ${written.bytes} bytes to ${written.path}` });
  if (summaryPath !== undefined && !together) await writeFileAtomic(summaryPath, summaryFileText(final), { protect: [...options.protect] });
  return final;
}
