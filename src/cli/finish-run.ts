/**
 * The end of `augment` and `sample`: put the table on stdout when the output is `-` (or the
 * summary JSON with `--summary -`), then print the human summary on stderr (unless --quiet). One
 * place, so both commands report alike.
 */
import type { Table } from 'apache-arrow';
import type { OutputFormat } from '../options/index.js';
import type { RunSummary } from '../stage/metadata.js';
import type { CliIO } from './terminal.js';
import { writeStdoutTable } from './stdio-data.js';
import { formatRunSummary } from './summary-text.js';
import { writeStdoutSummary } from './summary-stdout.js';

export interface FinishOptions {
  readonly toStdout: boolean;
  readonly format: OutputFormat | undefined;
  readonly quiet: boolean;
  /** performance.now() when the command started. */
  readonly started: number;
  readonly summaryPath: string | undefined;
  /** `--summary -`: the summary JSON goes to stdout, after the output file is in place. */
  readonly summaryToStdout: boolean;
  readonly backendShown: boolean;
  /** sample --grid: where the image grid went. */
  readonly gridPath?: string | undefined;
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
  if (options.summaryToStdout) await writeStdoutSummary(io, result.summary);
  if (options.quiet) return;
  io.stderr.write(
    formatRunSummary(result.summary, {
      seconds: (performance.now() - options.started) / 1000,
      outputPath,
      outputBytes,
      summaryPath: options.summaryToStdout ? 'standard output' : options.summaryPath,
      backendShown: options.backendShown,
      ...(options.gridPath !== undefined ? { gridPath: options.gridPath } : {}),
    }),
  );
}
