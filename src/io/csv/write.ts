/**
 * Write CSV (RFC 4180, comma-separated, header row) so that values read back as written by our
 * CSV reader: null -> empty field, empty string -> "", floats always with a decimal point or
 * exponent (1.0, not 1) so they stay Float64, NaN/Infinity spelled out, int64 exact, timestamps as
 * ISO 8601 with exactly the digits of their unit, dates as YYYY-MM-DD. CSV has no key-value
 * metadata. The quoting is hand-written: it is one regex test per value and lets us stream rows
 * in chunks without a second library.
 */
import { DataType, type Table, type Timestamp, TimeUnit, type Vector } from 'apache-arrow';
import { decimalUnscaled } from '../arrow/build.js';
import type { ByteSink } from '../types.js';

const CHUNK_ROWS = 8192;
const NEEDS_QUOTES = /[",\r\n]|^\s|\s$/;

/**
 * Stream `table` as CSV into `sink`.
 * @example await writeCsv(table, sink);
 */
export async function writeCsv(table: Table, sink: ByteSink): Promise<void> {
  const encoder = new TextEncoder();
  const fields = table.schema.fields;
  await sink.write(encoder.encode(fields.map((f) => quote(f.name)).join(',') + '\n'));
  for (let start = 0; start < table.numRows; start += CHUNK_ROWS) {
    const end = Math.min(table.numRows, start + CHUNK_ROWS);
    const slice = table.slice(start, end);
    const columns = fields.map((f, i) => formatColumn(slice.getChildAt(i)!, f.type));
    const lines: string[] = [];
    for (let r = 0; r < end - start; r++) lines.push(columns.map((c) => c[r]).join(','));
    await sink.write(encoder.encode(lines.join('\n') + '\n'));
  }
}

function quote(s: string): string {
  if (s === '') return '""';
  return NEEDS_QUOTES.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** Each cell of `vector` as CSV text. */
function formatColumn(vector: Vector, type: DataType): string[] {
  const out = new Array<string>(vector.length);
  let row = 0;
  for (const data of vector.data) {
    for (let i = 0; i < data.length; i++, row++) {
      if (!data.getValid(i)) {
        out[row] = '';
        continue;
      }
      const j = i; // value buffers are pre-sliced; data.offset only applies to the bitmap
      if (DataType.isTimestamp(type)) out[row] = formatTimestamp(BigInt((data.values as BigInt64Array)[j]!), type);
      else if (DataType.isDate(type)) out[row] = formatDate(vector.get(row) as number);
      else if (DataType.isDecimal(type)) out[row] = formatDecimal(decimalUnscaled(data.values as Uint32Array, j), type.scale);
      else out[row] = formatValue(vector.get(row), type);
    }
  }
  return out;
}

function formatValue(v: unknown, type: DataType): string {
  if (DataType.isFloat(type)) return formatFloat(v as number);
  if (typeof v === 'string') return quote(v);
  if (typeof v === 'bigint' || typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (v instanceof Uint8Array) return quote(Buffer.from(v).toString('base64'));
  // Lists, structs and other nested values: JSON, quoted.
  return quote(JSON.stringify(v, (_k, x: unknown) => (typeof x === 'bigint' ? x.toString() : x)));
}

function formatFloat(x: number): string {
  if (Number.isNaN(x)) return 'NaN';
  if (x === Infinity) return 'Infinity';
  if (x === -Infinity) return '-Infinity';
  if (Object.is(x, -0)) return '-0.0';
  const s = String(x);
  return /[.eE]/.test(s) ? s : `${s}.0`;
}

const DIGITS: Record<number, number> = { [TimeUnit.SECOND]: 0, [TimeUnit.MILLISECOND]: 3, [TimeUnit.MICROSECOND]: 6, [TimeUnit.NANOSECOND]: 9 };

/** ISO 8601 with exactly the fractional digits of the unit; 'Z' when the type has a time zone. */
function formatTimestamp(value: bigint, type: Timestamp): string {
  const perSecond = 10n ** BigInt(DIGITS[type.unit]!);
  let seconds = value / perSecond;
  let fraction = value % perSecond;
  if (fraction < 0n) {
    fraction += perSecond;
    seconds -= 1n;
  }
  const iso = new Date(Number(seconds) * 1000).toISOString().slice(0, 19);
  const digits = DIGITS[type.unit]! > 0 ? `.${fraction.toString().padStart(DIGITS[type.unit]!, '0')}` : '';
  return `${iso}${digits}${type.timezone ? 'Z' : ''}`;
}

function formatDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

function formatDecimal(unscaled: bigint, scale: number): string {
  const neg = unscaled < 0n;
  const digits = (neg ? -unscaled : unscaled).toString().padStart(scale + 1, '0');
  const text = scale > 0 ? `${digits.slice(0, -scale)}.${digits.slice(-scale)}` : `${digits}.0`;
  return neg ? `-${text}` : text;
}
