/**
 * `--summary -`: the run summary JSON on stdout instead of a file named '-', for a pipeline that
 * keeps the record while the data goes to a file. The CLI takes '-' out of the options before the
 * stage sees them (the stage writes files only) and prints the JSON once the output is committed.
 */
import { GanAugmentError } from '../errors.js';
import { writeFully } from '../io/stdio.js';
import { summaryFileText } from '../stage/metadata.js';
import type { CliIO } from './terminal.js';

/**
 * Whether `--summary -` was given; with `dataToStdout` (`--output -`) that is a usage error,
 * since both cannot have stdout. Returns the options without the '-' summary path.
 * @example const { raw, summaryToStdout } = takeStdoutSummary(raw, raw.output === '-');
 */
export function takeStdoutSummary<T extends { summaryPath?: string | undefined }>(raw: T, dataToStdout: boolean): { raw: T; summaryToStdout: boolean } {
  if (raw.summaryPath !== '-') return { raw, summaryToStdout: false };
  if (dataToStdout) {
    throw new GanAugmentError('usage', '--summary - and --output - both ask for standard output, which can carry only one of them.', {
      hint: 'Give --summary a file path, or --output a file.',
    });
  }
  const { summaryPath: _, ...rest } = raw;
  return { raw: rest as T, summaryToStdout: true };
}

/** Print `summary` (any JSON record: a run summary, a sharded run's result, a dry-run plan) on stdout. */
export async function writeStdoutSummary(io: CliIO, summary: unknown): Promise<void> {
  await writeFully(io.stdout, new TextEncoder().encode(summaryFileText(summary)), 'standard output (--summary -)');
}
