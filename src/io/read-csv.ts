/**
 * Read CSV with csv-parse into an Arrow Table, inferring one type per column from all its values:
 *   integers -> Int32 when every value fits, else Int64 (exact bigint, so ids > 2^53 survive),
 *     else Float64 beyond the int64 range;
 *   other numbers (and NaN / nan / inf) -> Float64;  true/false (any case) -> Bool;
 *   ISO dates (YYYY-MM-DD) -> DateDay;  ISO date-times -> Timestamp (ms/us/ns from the digits
 *     after the second, time zone UTC when they end in Z);  anything else -> Utf8.
 * An unquoted empty field is null; a quoted empty field ("") is the empty string.
 * A header row is required; rows with a different field count are refused with their line number.
 */
import { parse, CsvError } from 'csv-parse/sync';
import {
  Bool,
  type DataType,
  DateDay,
  Field,
  Float64,
  Int32,
  Int64,
  Schema,
  Struct,
  Table,
  RecordBatch,
  Timestamp,
  TimeUnit,
  Utf8,
  makeData,
} from 'apache-arrow';
import { buildData } from './arrow-build.js';
import { inputError } from './input-error.js';

export interface CsvReadOptions {
  delimiter?: string;
}

const INT_RE = /^[+-]?\d+$/;
const FLOAT_RE = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const SPECIAL_FLOATS = new Map<string, number>([
  ['nan', NaN],
  ['inf', Infinity],
  ['+inf', Infinity],
  ['-inf', -Infinity],
  ['infinity', Infinity],
  ['+infinity', Infinity],
  ['-infinity', -Infinity],
]);
const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATETIME_RE = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(Z?)$/;
const INT32_MIN = -(2 ** 31);
const INT32_MAX = 2 ** 31 - 1;
const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

/**
 * Parse CSV text (already checked to be UTF-8) into a Table.
 * @example const table = readCsv(fs.readFileSync('train.csv', 'utf8'), 'train.csv');
 */
export function readCsv(text: string, source: string, options: CsvReadOptions = {}): Table {
  const columns: (string | null)[][] = [];
  let header: string[] | undefined;
  const delimiter = options.delimiter ?? ',';
  const castEmpty = hasQuotedEmptyField(text, delimiter);
  try {
    parse(text, {
      delimiter,
      bom: true,
      skip_empty_lines: true,
      // Keep quoted empty fields as '' and turn unquoted empty ones into null. csv-parse's cast
      // hook costs ~8x the parse, so it is used only when the text has a quoted empty field.
      ...(castEmpty
        ? { cast: (value: string, context: { quoting: boolean }) => (value === '' && !context.quoting ? null : value) }
        : {}),
      // Collect column by column and return nothing, so the parser keeps no row objects.
      on_record: (record: (string | null)[]) => {
        if (!header) {
          header = record.map((name, i) => (name === null || name === '' ? `Unnamed: ${i}` : name));
          for (let i = 0; i < header.length; i++) columns.push([]);
        } else {
          for (let i = 0; i < record.length; i++) {
            const v = record[i]!;
            columns[i]!.push(castEmpty || v !== '' ? v : null);
          }
        }
        return null;
      },
    });
  } catch (err) {
    throw csvError(source, err);
  }
  if (!header) {
    throw inputError(source, 'the CSV file has no header row.', 'Add a first line with the column names.');
  }
  const seen = new Set<string>();
  for (const name of header) {
    if (seen.has(name)) throw inputError(source, `the CSV header names column '${name}' twice.`, 'Give every column a unique name.');
    seen.add(name);
  }
  const fields: Field[] = [];
  const children = header.map((name, i) => {
    const data = buildColumn(columns[i]!);
    fields.push(new Field(name, data.type, true));
    return data;
  });
  const schema = new Schema(fields);
  const length = columns[0]?.length ?? 0;
  const batch = new RecordBatch(schema, makeData({ type: new Struct(fields), length, children }));
  return new Table([batch]);
}

/** A `""` standing alone between delimiters or line ends: the only way to write an empty string. */
function hasQuotedEmptyField(text: string, delimiter: string): boolean {
  const d = delimiter.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`(^|${d}|\\n|\\r)""(${d}|\\r|\\n|$)`).test(text);
}

function csvError(source: string, err: unknown): Error {
  if (err instanceof CsvError) {
    const line = (err as CsvError & { lines?: number }).lines;
    const at = line ? ` at line ${line}` : '';
    if (err.code === 'CSV_RECORD_INCONSISTENT_FIELDS_LENGTH' || err.code === 'CSV_RECORD_INCONSISTENT_COLUMNS') {
      return inputError(source, `a row${at} has a different number of fields than the header.`, 'Fix that line (a missing or extra delimiter, or an unquoted delimiter inside a value); use --delimiter if the file is not comma-separated.', err);
    }
    return inputError(source, `invalid CSV${at} (${err.message}).`, 'Fix the quoting on that line.', err);
  }
  return inputError(source, `invalid CSV (${err instanceof Error ? err.message : String(err)}).`, undefined, err);
}

/** Infer the column's type from every non-null value, then convert. */
function buildColumn(values: (string | null)[]) {
  const type = inferType(values);
  return buildData(type, convert(values, type));
}

function inferType(values: (string | null)[]): DataType {
  let allInt = true;
  let int32 = true;
  let int64 = true;
  let allNumber = true;
  let allBool = true;
  let allDate = true;
  let allDateTime = true;
  let fraction = 0;
  let zulu: boolean | undefined;
  let any = false;
  for (const v of values) {
    if (v === null) continue;
    any = true;
    if (allInt) {
      if (INT_RE.test(v)) {
        if (int32) {
          const n = Number(v);
          if (n < INT32_MIN || n > INT32_MAX) int32 = false;
        }
        if (!int32 && int64) {
          const b = BigInt(v);
          if (b < INT64_MIN || b > INT64_MAX) int64 = false;
        }
      } else {
        allInt = false;
      }
    }
    if (allNumber && !allInt && !FLOAT_RE.test(v) && !SPECIAL_FLOATS.has(v.toLowerCase())) allNumber = false;
    if (allBool) {
      const l = v.toLowerCase();
      if (l !== 'true' && l !== 'false') allBool = false;
    }
    if (allDate && !DATE_RE.test(v)) allDate = false;
    if (allDateTime) {
      const m = DATETIME_RE.exec(v);
      if (!m) {
        allDateTime = false;
      } else {
        fraction = Math.max(fraction, m[7]?.length ?? 0);
        const z = m[8] === 'Z';
        if (zulu === undefined) zulu = z;
        else if (zulu !== z) allDateTime = false;
      }
    }
  }
  if (!any) return new Utf8();
  if (allInt) return int32 ? new Int32() : int64 ? new Int64() : new Float64();
  if (allNumber) return new Float64();
  if (allBool) return new Bool();
  if (allDate) return new DateDay();
  if (allDateTime) {
    const unit = fraction > 6 ? TimeUnit.NANOSECOND : fraction > 3 ? TimeUnit.MICROSECOND : TimeUnit.MILLISECOND;
    return new Timestamp(unit, zulu ? 'UTC' : null);
  }
  return new Utf8();
}

function convert(values: (string | null)[], type: DataType): unknown[] {
  if (type instanceof Int32) return values.map((v) => (v === null ? null : Number(v)));
  if (type instanceof Int64) return values.map((v) => (v === null ? null : BigInt(v)));
  if (type instanceof Float64) return values.map((v) => (v === null ? null : (SPECIAL_FLOATS.get(v.toLowerCase()) ?? Number(v))));
  if (type instanceof Bool) return values.map((v) => (v === null ? null : v.toLowerCase() === 'true'));
  if (type instanceof DateDay) return values.map((v) => (v === null ? null : Math.floor(Date.parse(`${v}T00:00:00Z`) / 86_400_000)));
  if (type instanceof Timestamp) return values.map((v) => (v === null ? null : parseTimestamp(v, type.unit)));
  return values;
}

/** Exact epoch value in `unit` (bigint) for an ISO date-time; digits below the unit are dropped. */
function parseTimestamp(v: string, unit: TimeUnit): bigint {
  const m = DATETIME_RE.exec(v)!;
  const ms = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6]));
  const digits = (m[7] ?? '').padEnd(9, '0');
  const nanos = BigInt(ms) * 1_000_000n + BigInt(digits);
  return unit === TimeUnit.NANOSECOND ? nanos : unit === TimeUnit.MICROSECOND ? nanos / 1000n : nanos / 1_000_000n;
}
