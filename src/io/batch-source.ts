/**
 * A table that can be read more than once, one record batch at a time: a Parquet file (one row
 * group per batch), a folder of Parquet part files (optionally Hive-partitioned), an Arrow IPC file
 * or stream, a CSV file, or an Arrow Table already in memory. The streaming augment reads it twice
 * (collect training rows, then copy rows to the output), holding one batch at a time.
 */
import { createReadStream } from 'node:fs';
import { open, readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { Field, RecordBatch, RecordBatchReader, Schema, Struct, Table, Utf8, makeData, vectorFromArray, type Data } from 'apache-arrow';
import { GanAugmentError } from '../errors.js';
import { readTable } from './index.js';
import { adoptTable } from './arrow/adopt-table.js';
import { narrowIndicesBatch, narrowIndicesSchema } from './arrow/dictionary-indices.js';
import { checkArrowFileFraming } from './arrow/framing.js';
import { registerArrowCodecs } from './arrow/codecs.js';
import { detectFormat } from './detect.js';
import { inputError, wrapReadError } from './input-error.js';
import { openParquetBatches, type ParquetBatchOptions } from './parquet/read-batches.js';
import pLimit from 'p-limit';
import { openCsvSource } from './csv/source.js';
import type { CsvReadOptions } from './csv/read.js';

/** Part footers read concurrently when opening a Parquet folder. */
const OPEN_PARTS_AT_ONCE = 16;

export interface BatchSource {
  /** The path read, or '(table)'. */
  readonly source: string;
  /** 'parquet', 'parquet-dataset', 'arrow-file', 'arrow-stream', 'csv' or 'table'. */
  readonly format: string;
  readonly schema: Schema;
  /** File key-value metadata (of the first part for a dataset). */
  readonly metadata: ReadonlyMap<string, string>;
  /** Total rows when known without a full read. */
  readonly numRows: number | undefined;
  /** The files behind the source (to protect them from being overwritten, and for the dataset layout). */
  readonly files: readonly string[];
  /** For a folder: its root. */
  readonly root: string | undefined;
  /** A fresh pass over the rows, batch by batch, in a stable order. */
  batches(): AsyncIterable<RecordBatch>;
}

export interface BatchSourceOptions extends ParquetBatchOptions {
  /** CSV field separator (default ','). */
  readonly delimiter?: string | undefined;
  /** CSV only: missing-value strings and columns read as text (the in-memory reader's rules). */
  readonly csv?: Omit<CsvReadOptions, 'delimiter'>;
}

/**
 * Open `input` for batch-by-batch reading. A CSV file streams too: a first pass at open types its
 * columns from all of its rows (csv-source.ts), then each pass reads it in chunks of rows.
 * `options.readWorkers`: threads that decode Parquet row groups (parquet/read-batches.ts).
 * @example const src = await openBatchSource('events/'); for await (const b of src.batches()) count += b.numRows;
 */
export async function openBatchSource(input: string | Table, options: BatchSourceOptions = {}): Promise<BatchSource> {
  if (typeof input !== 'string') {
    const table = adoptTable(input);
    return tableSource(table, '(table)', 'table', table.schema.metadata, []);
  }
  if (input === '-') {
    const read = await readTable('-');
    return tableSource(read.table, '-', read.format, read.metadata, []);
  }
  let info;
  try {
    info = await stat(input);
  } catch (err) {
    throw inputError(input, 'no such file.', 'Check the path (it is resolved from the current folder).', err);
  }
  if (info.isDirectory()) return parquetDatasetSource(input, options);
  const head = await readHead(input, info.size);
  const format = detectFormat(head);
  if (format === 'parquet') return parquetFileSource(input, options);
  if (format === 'arrow-file' || format === 'arrow-stream') return arrowSource(input, format);
  if (format === 'csv') return openCsvSource(input, { ...options.csv, ...(options.delimiter === undefined ? {} : { delimiter: options.delimiter }) });
  const read = await readTable(input);
  return tableSource(read.table, input, read.format, read.metadata, [input]);
}

/** The batches of an in-memory table. */
export function tableSource(table: Table, source: string, format: string, metadata: ReadonlyMap<string, string>, files: readonly string[]): BatchSource {
  return {
    source,
    format,
    schema: table.schema,
    metadata,
    numRows: table.numRows,
    files,
    root: undefined,
    async *batches() {
      yield* table.batches;
    },
  };
}

/** The first 64 KiB and the last 4 bytes (where Parquet's footer magic sits), for format detection. */
async function readHead(file: string, size: number): Promise<Uint8Array> {
  const handle = await open(file, 'r');
  try {
    const n = Math.min(size, 65536);
    const buf = new Uint8Array(n);
    await handle.read(buf, 0, n, 0);
    if (size <= n) return buf;
    // detectFormat checks the tail for an encrypted footer: append the real last 4 bytes.
    const tail = new Uint8Array(4);
    await handle.read(tail, 0, 4, size - 4);
    const out = new Uint8Array(n + 4);
    out.set(buf);
    out.set(tail, n);
    return out;
  } finally {
    await handle.close();
  }
}

async function parquetFileSource(file: string, options: ParquetBatchOptions): Promise<BatchSource> {
  const pq = await openParquetBatches(file, options);
  return {
    source: file,
    format: 'parquet',
    schema: pq.schema,
    metadata: pq.metadata,
    numRows: pq.numRows,
    files: [file],
    root: undefined,
    batches: () => pq.batches(),
  };
}

async function arrowSource(file: string, format: 'arrow-file' | 'arrow-stream'): Promise<BatchSource> {
  registerArrowCodecs();
  await checkArrowTail(file, format);
  // apache-arrow loops forever on some corrupt framing: check it first, metadata only (io/arrow-framing.ts).
  checkArrowFileFraming(file, format);
  const what = `invalid Arrow IPC ${format === 'arrow-file' ? 'file' : 'stream'}`;
  const openReader = async () => {
    try {
      return format === 'arrow-file' ? (await RecordBatchReader.from(await open(file, 'r'))).open() : (await RecordBatchReader.from(createReadStream(file))).open();
    } catch (err) {
      throw wrapReadError(file, what, err);
    }
  };
  const first = await openReader();
  const schema = first.schema ? narrowIndicesSchema(first.schema) : undefined;
  await first.cancel();
  if (!schema) throw inputError(file, `${what} (no schema message).`, 'The file is corrupt or truncated; re-export it from the tool that wrote it.');
  // apache-arrow cannot build batches whose columns share a name (pyarrow writes such files).
  const twice = schema.fields.map((f) => f.name).find((n, i, all) => all.indexOf(n) !== i);
  if (twice !== undefined) throw inputError(file, `it has two columns named '${twice}'; columns must have distinct names.`, 'Rename one of them (e.g. with pyarrow: table.rename_columns([...])).');
  return {
    source: file,
    format,
    schema,
    metadata: schema.metadata,
    numRows: undefined,
    files: [file],
    root: undefined,
    async *batches() {
      const reader = await openReader();
      try {
        // A corrupt body shows up only while reading: report it as the input's fault, not ours.
        const it = reader[Symbol.asyncIterator]();
        for (;;) {
          let next: IteratorResult<RecordBatch>;
          try {
            next = await it.next();
          } catch (err) {
            throw wrapReadError(file, what, err);
          }
          if (next.done) break;
          yield narrowIndicesBatch(next.value, schema);
        }
      } finally {
        await reader.cancel();
      }
    },
  };
}

/**
 * A file cut short is refused before anything is read (as src/io/read-arrow.ts does for whole
 * files): an Arrow IPC file must end with its footer magic, a stream with its end-of-stream marker.
 */
async function checkArrowTail(file: string, format: 'arrow-file' | 'arrow-stream'): Promise<void> {
  const handle = await open(file, 'r');
  let tail: Uint8Array;
  try {
    const { size } = await handle.stat();
    tail = new Uint8Array(Math.min(size, 8));
    await handle.read(tail, 0, tail.length, size - tail.length);
  } finally {
    await handle.close();
  }
  const n = tail.length;
  if (format === 'arrow-file' && Buffer.from(tail.subarray(n - 6)).toString('latin1') !== 'ARROW1') {
    throw inputError(file, 'the Arrow IPC file is truncated (its footer is missing).', 'Write the file again completely.');
  }
  if (format === 'arrow-stream' && (n < 8 || tail.subarray(0, 4).some((b) => b !== 0xff) || tail.subarray(4).some((b) => b !== 0))) {
    throw inputError(file, 'the Arrow IPC stream is truncated (no end-of-stream marker).', 'Make sure the writer closed the stream; a stream cut short would silently lose rows.');
  }
}

/** Hive partition values (`key=value` folders) between `root` and `file`. */
export function hivePartitions(root: string, file: string): [string, string][] {
  const rel = path.relative(root, path.dirname(file));
  if (rel === '') return [];
  return rel.split(path.sep).flatMap((segment): [string, string][] => {
    const at = segment.indexOf('=');
    return at > 0 ? [[segment.slice(0, at), decodeURIComponent(segment.slice(at + 1))]] : [];
  });
}

/** Every `*.parquet` file under `dir`, sorted, skipping hidden and `_`-prefixed entries (as Spark does). */
export async function listParquetParts(dir: string): Promise<string[]> {
  const out: string[] = [];
  const walk = async (d: string): Promise<void> => {
    const entries = await readdir(d, { withFileTypes: true });
    for (const e of entries) {
      if (e.name.startsWith('.') || e.name.startsWith('_')) continue;
      const p = path.join(d, e.name);
      if (e.isDirectory()) await walk(p);
      else if (e.isFile() && /\.(parquet|pq)$/i.test(e.name)) out.push(p);
    }
  };
  await walk(dir);
  return out.sort();
}

/**
 * A folder of Parquet parts read as one table, parts in sorted path order. Hive partition folders
 * (`date=2024-01-01/`) become string columns after the file columns, as Spark, DuckDB and Polars add them.
 */
async function parquetDatasetSource(dir: string, options: ParquetBatchOptions): Promise<BatchSource> {
  const files = await listParquetParts(dir);
  if (files.length === 0) {
    throw new GanAugmentError('input', `Cannot read '${dir}': the folder holds no .parquet files.`, { hint: 'Point --input at a Parquet, Arrow or CSV file, or at a folder of Parquet part files.' });
  }
  // Spark and Hive folders can hold thousands of parts: read their footers a few at a time, not all
  // at once (each open holds file handles; unbounded, a big folder runs out of them: EMFILE).
  const limit = pLimit(OPEN_PARTS_AT_ONCE);
  const parts = await Promise.all(files.map((f) => limit(async () => ({ file: f, pq: await openParquetBatches(f, options), partitions: hivePartitions(dir, f) }))));
  const first = parts[0]!;
  const keys = first.partitions.map(([k]) => k);
  const fileFields = first.pq.schema.fields;
  const signature = (fields: readonly Field[]) => fields.map((f) => `${f.name}:${String(f.type)}`).join(',');
  for (const part of parts) {
    if (signature(part.pq.schema.fields) !== signature(fileFields)) {
      throw new GanAugmentError('input', `Cannot read '${dir}' as one table: '${part.file}' has columns (${signature(part.pq.schema.fields)}) unlike '${first.file}' (${signature(fileFields)}).`, {
        hint: 'Give every part file the same columns and types.',
      });
    }
    if (part.partitions.map(([k]) => k).join('/') !== keys.join('/')) {
      throw new GanAugmentError('input', `Cannot read '${dir}': '${part.file}' is not under the same partition folders (${keys.join('/')}) as '${first.file}'.`, {
        hint: 'Use the same key=value folder levels for every part.',
      });
    }
  }
  const names = new Set(fileFields.map((f) => f.name));
  const extra = keys.filter((k) => !names.has(k));
  const schema = new Schema([...fileFields, ...extra.map((k) => new Field(k, new Utf8(), true))], first.pq.metadata as Map<string, string>);
  return {
    source: dir,
    format: 'parquet-dataset',
    schema,
    metadata: first.pq.metadata,
    numRows: parts.reduce((s, p) => s + p.pq.numRows, 0),
    files,
    root: dir,
    async *batches() {
      for (const part of parts) {
        const values = new Map(part.partitions);
        for await (const batch of part.pq.batches()) {
          if (extra.length === 0) {
            yield batch;
            continue;
          }
          const constant = extra.map((k): Data => vectorFromArray(new Array<string>(batch.numRows).fill(values.get(k)!), new Utf8()).data[0]!);
          const children = [...batch.data.children, ...constant];
          yield new RecordBatch(schema, makeData({ type: new Struct(schema.fields), length: batch.numRows, nullCount: 0, children }));
        }
      }
    },
  };
}
