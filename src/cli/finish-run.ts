/**
 * The end of `augment` and `sample`: put the table on stdout when the output is `-`, then print
 * the human summary on stderr (unless --quiet). One place, so both commands report alike.
 */
import type { Table } from 'apache-arrow';
import type { OutputFormat } from '../options/index.js';
import type { RunSummary } from '../stage/metadata.js';
import type { CliIO } from './terminal.js';
import { writeStdoutTable } from './stdio-data.js';
import { formatRunSummary } from './summary-text.js';

export interface FinishOptions {
  readonly toStdout: boolean;
  readonly format: OutputFormat | undefined;
  readonly quiet: boolean;
  /** performance.now() when the command started. */
  readonly started: number;
  readonly summaryPath: string | undefined;
  readonly backendShown: boolean;
}

export async function finishRun(
  io: CliIO,
  result: { readonly table?: Table | undefined; readonly summary: RunSummary; readonly outputPath?: string | undefined },
  options: FinishOptions,
): Promise<void> {
  let outputPath = result.outputPath ?? result.summary.output?.path;
  let outputBytes = result.summary.output?.bytes;
  if (options.toStdout) {
    outputBytes = await writeStdoutTable(io, result.table!, options.format, result.summary);
    outputPath = '-';
  }
  if (options.quiet) return;
  io.stderr.write(
    formatRunSummary(result.summary, {
      seconds: (performance.now() - options.started) / 1000,
      outputPath,
      outputBytes,
      summaryPath: options.summaryPath,
      backendShown: options.backendShown,
    }),
  );
}
