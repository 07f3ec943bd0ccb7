/**
 * The writing entry points: choose the output format (from --format, else the extension), then
 * stream the table through that format's writer into an atomic temporary file, or to stdout.
 */
import path from 'node:path';
import type { Schema, Table } from 'apache-arrow';
import { GanAugmentError } from '../errors.js';
import { writeAtomically } from './atomic.js';
import { streamSink } from './stdio.js';
import type { ByteSink, OutputFormat, WriteOptions, WriteResult } from './types.js';
import { writeArrow } from './arrow/write.js';
import { writeCsv } from './csv/write.js';
import { columnWriter, writeParquet } from './parquet/write.js';

const BY_EXTENSION: Record<string, OutputFormat> = {
  '.parquet': 'parquet',
  '.pq': 'parquet',
  '.arrow': 'arrow',
  '.feather': 'arrow',
  '.ipc': 'arrow',
  '.arrows': 'arrow-stream',
  '.csv': 'csv',
};
const FORMATS: readonly OutputFormat[] = ['csv', 'parquet', 'arrow', 'arrow-stream'];

/**
 * Refuse, before any work, columns the output format cannot hold (a struct or map column, or a
 * Decimal256, for Parquet), naming the column and the fix; the same check the writer makes at the
 * end. Arrow IPC holds every type read, and CSV writes every type as text.
 * @example checkColumnsWritable(table.schema, 'out.parquet')
 */
export function checkColumnsWritable(schema: Schema, output: string | undefined, format?: OutputFormat): void {
  if (output === undefined) return;
  const chosen = output === '-' ? (format ?? 'arrow-stream') : outputFormatFor(output, format);
  if (chosen === 'parquet') for (const field of schema.fields) columnWriter(field, output);
}

/**
 * The output format for `path`: `format` when given, else from the extension; '-' means an Arrow
 * IPC stream on stdout.
 * @example outputFormatFor('out.feather') // 'arrow'
 * @example outputFormatFor('out.dat', 'parquet') // 'parquet'
 */
export function outputFormatFor(path_: string, format?: string): OutputFormat {
  if (format !== undefined) {
    if ((FORMATS as readonly string[]).includes(format)) return format as OutputFormat;
    throw new GanAugmentError('usage', `Unknown --format '${format}'.`, { hint: `Use one of: ${FORMATS.join(', ')}.` });
  }
  if (path_ === '-') return 'arrow-stream';
  const ext = path.extname(path_).toLowerCase();
  const byExt = BY_EXTENSION[ext];
  if (byExt) return byExt;
  throw new GanAugmentError('usage', `Cannot tell the output format of --output '${path_}' from its extension${ext ? ` '${ext}'` : ''}.`, {
    hint: 'Use .parquet/.pq, .arrow/.feather/.ipc, .arrows or .csv, or pass --format csv|parquet|arrow|arrow-stream.',
  });
}

/**
 * Write `table` to `dest` (or '-' for an Arrow IPC stream on stdout), atomically.
 * @example await writeTable(table, 'augmented.parquet', { metadata: { 'gan-augment': '{"seed":1}' }, protect: ['train.parquet'] });
 */
export async function writeTable(table: Table, dest: string, options: WriteOptions = {}): Promise<WriteResult> {
  const format = dest === '-' ? (options.format ?? 'arrow-stream') : outputFormatFor(dest, options.format);
  const metadata = options.metadata ?? {};
  const produce = (sink: ByteSink): Promise<void> => {
    switch (format) {
      case 'parquet':
        return writeParquet(table, sink, metadata, dest);
      case 'arrow':
        return writeArrow(table, sink, 'file', metadata);
      case 'arrow-stream':
        return writeArrow(table, sink, 'stream', metadata);
      case 'csv':
        return writeCsv(table, sink);
    }
  };
  if (dest === '-') {
    const sink = streamSink(process.stdout);
    await produce(sink);
    return { path: '-', format, bytes: sink.bytes };
  }
  const bytes = await writeAtomically(dest, produce, { protect: options.protect, ...(options.companion ? { companion: options.companion } : {}) });
  return { path: dest, format, bytes };
}

/**
 * The bytes `writeTable` would write, in memory (tests, and callers that upload the result).
 * @example const bytes = await tableToBytes(table, 'parquet');
 */
export async function tableToBytes(table: Table, format: OutputFormat, metadata: Record<string, string> = {}): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  const sink: ByteSink = { write: async (c) => void chunks.push(c) };
  if (format === 'parquet') await writeParquet(table, sink, metadata);
  else if (format === 'csv') await writeCsv(table, sink);
  else await writeArrow(table, sink, format === 'arrow' ? 'file' : 'stream', metadata);
  return Buffer.concat(chunks);
}
