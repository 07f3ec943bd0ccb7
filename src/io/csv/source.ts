/**
 * A CSV file read batch by batch, for files bigger than memory. The column types must come from
 * every row (an int column that turns float at row 70,000 is Float64 from row 1), so opening the
 * source makes a first streaming pass that feeds each value to types.ts's inference and keeps
 * nothing else; every `batches()` then re-reads the file and yields RecordBatches of `batchRows`
 * rows with those types. Both passes parse with csv-parse's stream parser and the same dialect as
 * the in-memory reader (dialect.ts), so the batches concatenated equal `readCsv`'s table.
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { isUtf8 } from 'node:buffer';
import { Parser } from 'csv-parse';
import { Field, RecordBatch, Schema, Struct, Utf8, makeData } from 'apache-arrow';
import { csvCell, csvError, csvHeader, csvParseOptions, firstInvalidUtf8, noHeaderError, quotedEmptyField } from './dialect.js';
import { csvNulls, csvValue, type CsvNulls } from './nulls.js';
import type { CsvReadOptions } from './read.js';
import { CsvTypeInference, buildCsvColumn } from './types.js';
import { inputError } from '../input-error.js';
import type { BatchSource } from '../batch-source.js';

/** Most rows per batch: the output row-group size of the streaming augment. */
const CSV_BATCH_ROWS = 65_536;
/**
 * Fewer rows per batch when rows are wide: every field is a JavaScript string until its batch is
 * built, ~3 bytes of heap per byte of text (measured on 234-byte rows), so 65,536 wide rows would
 * press on a small heap. 4 MiB of text keeps a batch's strings near 15 MB.
 */
const CSV_BATCH_TEXT_BYTES = 4 << 20;
const CSV_MIN_BATCH_ROWS = 1024;

/** The in-memory reader's options (delimiter, missing values, text columns), plus batching. */
export interface CsvSourceOptions extends CsvReadOptions {
  /**
   * Rows per yielded batch (the last one may be shorter); default 65,536, or fewer when the file's
   * average row is longer than 64 bytes (about 4 MiB of text per batch, at least 1024 rows).
   */
  batchRows?: number;
  /** Bytes read from disk at a time; default 1 MiB (tests use tiny chunks to stress boundaries). */
  chunkBytes?: number;
}

/**
 * Open a CSV file as a BatchSource: one streaming pass now (types, row count, and every error a
 * whole-file read would give: ragged rows, bad quoting, invalid UTF-8, a missing or repeated
 * header), then one more pass per `batches()`. Memory holds one chunk of rows, not the file.
 * @example const src = await openCsvSource('events.csv'); for await (const b of src.batches()) n += b.numRows;
 */
export async function openCsvSource(file: string, options: CsvSourceOptions = {}): Promise<BatchSource> {
  const delimiter = options.delimiter ?? ',';
  const chunkBytes = options.chunkBytes ?? 1 << 20;
  if (options.batchRows !== undefined && (!Number.isSafeInteger(options.batchRows) || options.batchRows <= 0)) {
    throw new RangeError(`batchRows must be a positive integer, got ${options.batchRows}`);
  }
  const before = await stat(file);
  if (before.size === 0) throw inputError(file, 'the file is empty.', 'Point to a CSV (with a header row), Parquet or Arrow file that holds data.');

  // Pass 1 without csv-parse's (slow) cast hook; if the text turns out to hold a quoted empty
  // field, whose '' must stay apart from null, go again with it, as read.ts decides up front.
  const nulls = csvNulls(options);
  const text = { nulls, asText: new Set(options.textColumns ?? []) };
  let typed = await inferTypes(file, delimiter, false, chunkBytes, text);
  if (typed.quotedEmpty) typed = await inferTypes(file, delimiter, true, chunkBytes, text);
  const { header, types, rows, castEmpty } = typed;
  const batchRows = options.batchRows ?? defaultBatchRows(before.size, rows);
  const fields = header.map((name, i) => new Field(name, types[i]!, true));
  const schema = new Schema(fields);
  const struct = new Struct(fields);
  const batchOf = (columns: (string | null)[][], length: number): RecordBatch =>
    new RecordBatch(schema, makeData({ type: struct, length, children: columns.map((raws, i) => buildCsvColumn(raws, types[i]!, nulls)) }));

  return {
    source: file,
    format: 'csv',
    schema,
    metadata: new Map(),
    numRows: rows,
    files: [file],
    root: undefined,
    async *batches() {
      const now = await stat(file).catch(() => undefined);
      if (!now || now.size !== before.size || now.mtimeMs !== before.mtimeMs) {
        throw inputError(file, 'the CSV file changed (or went away) while it was being read.', 'Leave the input unchanged until the run ends, or copy it first.');
      }
      let columns: (string | null)[][] = header.map(() => []);
      let pending = 0;
      let seen = 0;
      let sawHeader = false;
      const onRecord = (record: (string | null)[]) => {
        if (!sawHeader) {
          sawHeader = true;
          return;
        }
        for (let i = 0; i < record.length; i++) columns[i]!.push(csvCell(record[i]!, castEmpty));
        pending++;
      };
      for await (const _ of parseCsvFile(file, delimiter, castEmpty, chunkBytes, onRecord)) {
        if (pending < batchRows) continue;
        // Cut the rows parsed so far into full batches; the remainder starts the next one.
        let start = 0;
        for (; pending - start >= batchRows; start += batchRows) {
          const head = columns.map((values) => (start === 0 && pending === batchRows ? values : values.slice(start, start + batchRows)));
          seen += batchRows;
          yield batchOf(head, batchRows);
        }
        columns = columns.map((values) => values.slice(start));
        pending -= start;
      }
      if (pending > 0 || rows === 0) {
        seen += pending;
        yield batchOf(columns, pending);
      }
      if (seen !== rows) {
        throw inputError(file, `the CSV file changed while it was being read (${rows} rows at first, ${seen} now).`, 'Leave the input unchanged until the run ends, or copy it first.');
      }
    },
  };
}

/** CSV_BATCH_ROWS, or fewer for wide rows (see CSV_BATCH_TEXT_BYTES). */
function defaultBatchRows(bytes: number, rows: number): number {
  const perRow = bytes / Math.max(1, rows);
  return Math.max(CSV_MIN_BATCH_ROWS, Math.min(CSV_BATCH_ROWS, Math.floor(CSV_BATCH_TEXT_BYTES / perRow)));
}

interface Typed {
  header: string[];
  types: ReturnType<CsvTypeInference['type']>[];
  rows: number;
  castEmpty: boolean;
  /** The text holds a `""` field (so the pass must run with castEmpty to tell '' from null). */
  quotedEmpty: boolean;
}

/** The first pass: every value through the type inference (text columns skip it), nothing kept. */
async function inferTypes(
  file: string,
  delimiter: string,
  castEmpty: boolean,
  chunkBytes: number,
  text: { nulls: CsvNulls; asText: ReadonlySet<string> },
): Promise<Typed> {
  let header: string[] | undefined;
  let inference: CsvTypeInference[] = [];
  let rows = 0;
  const onRecord = (record: (string | null)[]) => {
    if (!header) {
      header = csvHeader(file, record);
      inference = header.map(() => new CsvTypeInference());
      return;
    }
    for (let i = 0; i < record.length; i++) inference[i]!.add(csvValue(csvCell(record[i]!, castEmpty), text.nulls));
    rows++;
  };
  const scan = { quotedEmpty: false };
  for await (const _ of parseCsvFile(file, delimiter, castEmpty, chunkBytes, onRecord, scan));
  if (!header) throw noHeaderError(file);
  const names = header;
  const types = inference.map((t, i) => (text.asText.has(names[i]!) ? new Utf8() : t.type()));
  return { header, types, rows, castEmpty, quotedEmpty: scan.quotedEmpty };
}

/**
 * Feed the file to csv-parse chunk by chunk, checking it is UTF-8 on the way (as the in-memory
 * path's TextDecoder does) and dropping one leading byte-order mark (as TextDecoder does; csv-parse
 * drops a second). Records go to `onRecord` (csv-parse calls it synchronously while it parses a
 * chunk); the generator yields after each chunk so the caller can take the rows so far, and reads
 * the next chunk only when asked, so memory holds one chunk. With `scan`, also finds out whether
 * the text holds a quoted empty field.
 */
async function* parseCsvFile(
  file: string,
  delimiter: string,
  castEmpty: boolean,
  chunkBytes: number,
  onRecord: (record: (string | null)[]) => void,
  scan?: { quotedEmpty: boolean },
): AsyncGenerator<void> {
  const parser = new Parser({
    ...csvParseOptions(delimiter, castEmpty),
    on_record: (record: (string | null)[]) => {
      onRecord(record);
      return null;
    },
  });
  // Failures reach us through the write and end callbacks; this keeps them from also being thrown
  // as an unhandled 'error' event.
  parser.on('error', () => {});
  const write = (chunk: Buffer) => new Promise<void>((resolve, reject) => parser.write(chunk, (err) => (err ? reject(err) : resolve())));
  const end = () => new Promise<void>((resolve, reject) => parser.end((err?: Error | null) => (err ? reject(err) : resolve())));
  // The quoted-empty test runs on a latin1 view of the bytes: '"', '\n', '\r' and an ASCII
  // delimiter are the same bytes in UTF-8, and no multi-byte UTF-8 sequence contains them.
  const pattern = quotedEmptyField(Buffer.from(delimiter, 'utf8').toString('latin1'), false);
  const keep = 2 * Buffer.byteLength(delimiter) + 4;
  let window = '\n';
  const input = createReadStream(file, { highWaterMark: chunkBytes });
  let carry: Buffer = Buffer.alloc(0);
  let offset = 0; // bytes of the file before `carry`
  let first = true;
  try {
    for await (const raw of input as AsyncIterable<Buffer>) {
      let buf = carry.length > 0 ? Buffer.concat([carry, raw]) : raw;
      if (first) {
        if (buf.length < 3 && BOM.subarray(0, buf.length).equals(buf)) {
          carry = buf;
          continue;
        }
        first = false;
        if (buf.subarray(0, 3).equals(BOM)) {
          buf = buf.subarray(3);
          offset += 3;
        }
      }
      const cut = completeUtf8Length(buf);
      const part = buf.subarray(0, cut);
      carry = buf.subarray(cut);
      if (!isUtf8(part)) throw await utf8Error(file, offset + firstInvalidUtf8(part));
      if (scan && !scan.quotedEmpty) {
        const text = window + part.toString('latin1');
        scan.quotedEmpty = pattern.test(text);
        window = text.slice(-keep);
      }
      offset += cut;
      if (part.length > 0) await write(part);
      yield;
    }
    if (carry.length > 0) {
      // A character cut short at the end of the file; a lone partial BOM is invalid too.
      throw await utf8Error(file, offset + carry.length - 1);
    }
    if (scan && !scan.quotedEmpty) scan.quotedEmpty = pattern.test(`${window}\n`);
    await end();
    yield;
  } catch (err) {
    throw csvError(file, err);
  } finally {
    input.destroy();
    parser.destroy();
  }
}

const BOM = Buffer.from([0xef, 0xbb, 0xbf]);

/** Length of `buf` without a multi-byte character cut off at its end (read with the next chunk). */
function completeUtf8Length(buf: Buffer): number {
  const n = buf.length;
  for (let back = 1; back <= Math.min(3, n); back++) {
    const b = buf[n - back]!;
    if ((b & 0xc0) === 0x80) continue;
    const need = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 1;
    return need > back ? n - back : n;
  }
  return n;
}


/** The in-memory reader's message for a file that is not UTF-8, with the line counted from the file. */
async function utf8Error(file: string, at: number): Promise<Error> {
  let line = 1;
  if (at > 0) {
    for await (const chunk of createReadStream(file, { end: at - 1 }) as AsyncIterable<Buffer>) {
      for (let i = chunk.indexOf(0x0a); i !== -1; i = chunk.indexOf(0x0a, i + 1)) line++;
    }
  }
  return inputError(file, `it is not valid UTF-8 text (line ${line}, byte offset ${at}).`, 'Re-save the CSV as UTF-8 (e.g. iconv -f latin1 -t utf-8).');
}
