/**
 * Write CSV (RFC 4180, comma-separated, header row) so that values read back as written by our
 * CSV reader: null -> empty field, empty string -> "", each value spelled as format.ts says (floats
 * with a decimal point, int64 exact, ISO timestamps). Fields of input rows read from a CSV keep
 * their own text where it differs (kept-text.ts: `0.370`, `01`, `NA`), so original rows come out
 * byte for byte. CSV has no key-value metadata. The quoting is hand-written: one regex test per
 * value, and rows stream in chunks without a second library.
 */
import { DataType, type Data, type Table, makeVector } from 'apache-arrow';
import { decimalUnscaled } from '../arrow/build.js';
import type { ByteSink } from '../types.js';
import { csvFormatter, quoteCsv } from './format.js';
import { keptFields } from './kept-text.js';

const CHUNK_ROWS = 8192;

/**
 * Stream `table` as CSV into `sink`.
 * @example await writeCsv(table, sink);
 */
export async function writeCsv(table: Table, sink: ByteSink): Promise<void> {
  const encoder = new TextEncoder();
  const fields = table.schema.fields;
  await sink.write(encoder.encode(fields.map((f) => quoteCsv(f.name)).join(',') + '\n'));
  // Batch by batch, over each batch's own column chunks: the kept text belongs to those chunks.
  for (const batch of table.batches) {
    const children = batch.data.children;
    for (let start = 0; start < batch.numRows; start += CHUNK_ROWS) {
      const end = Math.min(batch.numRows, start + CHUNK_ROWS);
      const columns = fields.map((f, i) => formatRows(children[i]!, f.type, start, end));
      const lines: string[] = [];
      for (let r = 0; r < end - start; r++) lines.push(columns.map((c) => c[r]).join(','));
      await sink.write(encoder.encode(lines.join('\n') + '\n'));
    }
  }
}

/** Rows [start, end) of one column chunk as CSV fields. */
function formatRows(data: Data, type: DataType, start: number, end: number): string[] {
  const out = new Array<string>(end - start);
  const kept = keptFields(data);
  const vector = makeVector(data);
  const format = csvFormatter(type);
  for (let i = start; i < end; i++) {
    const field = kept?.[i];
    if (field !== undefined) out[i - start] = field;
    else if (!data.getValid(i)) out[i - start] = '';
    else out[i - start] = format(writerValue(data, vector.get(i), type, i));
  }
  return out;
}

/** The value format.ts takes: timestamps as their raw bigint, decimals unscaled. */
function writerValue(data: Data, value: unknown, type: DataType, i: number): unknown {
  // Value buffers are pre-sliced; data.offset only applies to the bitmap.
  if (DataType.isTimestamp(type)) return BigInt((data.values as BigInt64Array)[i]!);
  if (DataType.isDecimal(type)) return decimalUnscaled(data.values as Uint32Array, i);
  return value;
}
