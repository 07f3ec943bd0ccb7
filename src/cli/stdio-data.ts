/**
 * `--input -` and `--output -` for the CLI: the Arrow data goes through the command's `CliIO`
 * (not `process.*` directly), so a pipeline runs the same in a shell and in an in-process test.
 */
import type { Table } from 'apache-arrow';
import { GanAugmentError } from '../errors.js';
import { readTableFromBytes, tableToBytes, type OutputFormat as IoFormat } from '../io/index.js';
import { writeFully } from '../io/stdio.js';
import type { OutputFormat } from '../options/index.js';
import { outputMetadata, type RunSummary } from '../stage/metadata.js';
import type { CliIO } from './terminal.js';

/** The Arrow IPC stream (or any supported format) piped into stdin, as a Table. */
export async function readStdinTable(io: CliIO): Promise<Table> {
  const chunks: Uint8Array[] = [];
  for await (const chunk of io.stdin as AsyncIterable<Uint8Array | string>) {
    chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
  }
  const bytes = Buffer.concat(chunks);
  if (bytes.length === 0) {
    throw new GanAugmentError('input', '--input -: nothing arrived on standard input.', {
      hint: 'Pipe an Arrow IPC stream into the command (e.g. `gan-augment augment ... --output - | gan-augment sample ...`), or pass a file path.',
    });
  }
  return (await readTableFromBytes(bytes, '-')).table;
}

/** Refuse binary output to a terminal before any work is done. */
export function checkStdoutForData(io: CliIO): void {
  if (io.stdoutIsTTY) {
    throw new GanAugmentError('usage', '--output -: standard output is a terminal, and the output is binary Arrow data.', {
      hint: 'Pipe it into another command or redirect it to a file (> out.arrows), or pass a file path to --output.',
    });
  }
}

/**
 * Write `table` to io.stdout: an Arrow IPC stream unless --format asks for another format, with
 * the run summary in the metadata as a file output would have it.
 */
export async function writeStdoutTable(io: CliIO, table: Table, format: OutputFormat | undefined, summary: RunSummary): Promise<number> {
  const ioFormat: IoFormat = format ?? 'arrow-stream';
  const metadata = Object.fromEntries(outputMetadata(new Map(), { ...summary, output: null }));
  const bytes = await tableToBytes(table, ioFormat, metadata);
  // Every byte checked: a full disk is an error naming stdout, never a claimed size (io/stdio.ts).
  await writeFully(io.stdout, bytes, 'standard output (--output -)');
  return bytes.length;
}
