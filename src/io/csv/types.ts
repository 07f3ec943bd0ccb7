/**
 * The one set of rules that turns CSV text fields into typed Arrow columns, shared by the
 * in-memory reader (read.ts, which sees a column's values at once) and the streaming source
 * (source.ts, which feeds values one by one in a first pass and converts chunk by chunk
 * in a second). One type per column, from every non-null value:
 *   integers -> Int32 when every value fits, else Int64 (exact bigint, so ids > 2^53 survive),
 *     else Float64 beyond the int64 range;
 *   other numbers (and NaN / nan / inf) -> Float64;  true/false (any case) -> Bool;
 *   ISO dates (YYYY-MM-DD) -> DateDay;  ISO date-times -> Timestamp (ms/us/ns from the digits
 *     after the second, time zone UTC when they end in Z);  anything else -> Utf8.
 * A column with no non-null value is Utf8. Which fields are null is nulls.ts's rule (pandas'
 * defaults); a column the caller names as text (the label, --categorical) is Utf8 whatever it
 * holds, so `01` and `1.0` stay apart. Fields whose typed value would be written back differently
 * keep their text (kept-text.ts).
 */
import { Bool, type Data, DataType, DateDay, Float64, Int32, Int64, Timestamp, TimeUnit, Utf8 } from 'apache-arrow';
import { buildData } from '../arrow/build.js';
import { csvFormatter, quoteCsv } from './format.js';
import { keepFields } from './kept-text.js';
import { csvValue, type CsvNulls } from './nulls.js';

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
 * A column's type, learned one value at a time, so a file too big for memory can be typed from all
 * of its rows in one streaming pass (a type guessed from the first rows would break when an int
 * column turns float late).
 * @example const t = new CsvTypeInference(); for (const v of ['1', null, '2.5']) t.add(v); t.type(); // Float64
 */
export class CsvTypeInference {
  private allInt = true;
  private int32 = true;
  private int64 = true;
  private allNumber = true;
  private allBool = true;
  private allDate = true;
  private allDateTime = true;
  private fraction = 0;
  private zulu: boolean | undefined;
  private any = false;
  /** True once every typed candidate is ruled out: the column is Utf8 whatever follows. */
  private settled = false;

  /** Take one field: a string, or null for a missing value. */
  add(v: string | null): void {
    if (v === null || this.settled) return;
    this.any = true;
    if (this.allInt) {
      if (INT_RE.test(v)) {
        if (this.int32) {
          const n = Number(v);
          if (n < INT32_MIN || n > INT32_MAX) this.int32 = false;
        }
        if (!this.int32 && this.int64) {
          const b = BigInt(v);
          if (b < INT64_MIN || b > INT64_MAX) this.int64 = false;
        }
      } else {
        this.allInt = false;
      }
    }
    if (this.allNumber && !this.allInt && !FLOAT_RE.test(v) && !SPECIAL_FLOATS.has(v.toLowerCase())) this.allNumber = false;
    if (this.allBool) {
      const l = v.toLowerCase();
      if (l !== 'true' && l !== 'false') this.allBool = false;
    }
    if (this.allDate && !DATE_RE.test(v)) this.allDate = false;
    if (this.allDateTime) {
      const m = DATETIME_RE.exec(v);
      if (!m) {
        this.allDateTime = false;
      } else {
        this.fraction = Math.max(this.fraction, m[7]?.length ?? 0);
        const z = m[8] === 'Z';
        if (this.zulu === undefined) this.zulu = z;
        else if (this.zulu !== z) this.allDateTime = false;
      }
    }
    this.settled = !this.allInt && !this.allNumber && !this.allBool && !this.allDate && !this.allDateTime;
  }

  /** The column's type given every value added so far. */
  type(): DataType {
    if (!this.any) return new Utf8();
    if (this.allInt) return this.int32 ? new Int32() : this.int64 ? new Int64() : new Float64();
    if (this.allNumber) return new Float64();
    if (this.allBool) return new Bool();
    if (this.allDate) return new DateDay();
    if (this.allDateTime) {
      const unit = this.fraction > 6 ? TimeUnit.NANOSECOND : this.fraction > 3 ? TimeUnit.MICROSECOND : TimeUnit.MILLISECOND;
      return new Timestamp(unit, this.zulu ? 'UTC' : null);
    }
    return new Utf8();
  }
}

/**
 * The type of a column whose fields are all in memory (`raws` as the readers collect them: null
 * for an unquoted empty field).
 * @example inferCsvType(['1', '2', null], csvNulls()) // Int32
 */
export function inferCsvType(raws: readonly (string | null)[], nulls: CsvNulls): DataType {
  const inference = new CsvTypeInference();
  for (const raw of raws) inference.add(csvValue(raw, nulls));
  return inference.type();
}

/**
 * Arrow column data of `type` (from inferCsvType or CsvTypeInference) for CSV fields, with the
 * text of every field whose value would be written back differently kept beside it.
 * @example buildCsvColumn(['1', null, 'NA'], new Int32(), csvNulls())
 */
export function buildCsvColumn(raws: readonly (string | null)[], type: DataType, nulls: CsvNulls): Data {
  const values = raws.map((raw) => csvValue(raw, nulls));
  const converted = convert(values, type);
  const data = buildData(type, converted);
  const kept = keptText(raws, values, converted, type);
  if (kept) keepFields(data, kept);
  return data;
}

/** Each field as it must be written when its canonical spelling differs (undefined elsewhere). */
function keptText(raws: readonly (string | null)[], values: readonly (string | null)[], converted: readonly unknown[], type: DataType): (string | undefined)[] | undefined {
  let kept: (string | undefined)[] | undefined;
  const text = DataType.isUtf8(type);
  const format = csvFormatter(type);
  const days = type instanceof DateDay;
  for (let i = 0; i < raws.length; i++) {
    const raw = raws[i]!;
    const value = values[i]!;
    // A text value is its field, unless the field was a missing-value string or a kept-empty one.
    if (text && raw === value) continue;
    let field: string;
    let canonical: string;
    if (value === null) {
      field = raw === null ? '' : quoteCsv(raw);
      canonical = '';
    } else {
      // A number, boolean or date never needs quotes; an empty text field read as '' does.
      field = raw === null ? '' : text ? quoteCsv(raw) : raw;
      canonical = format(days ? (converted[i] as number) * 86_400_000 : converted[i]);
    }
    if (field !== canonical) (kept ??= new Array<string | undefined>(raws.length))[i] = field;
  }
  return kept;
}

function convert(values: readonly (string | null)[], type: DataType): unknown[] {
  if (type instanceof Int32) return values.map((v) => (v === null ? null : Number(v)));
  if (type instanceof Int64) return values.map((v) => (v === null ? null : BigInt(v)));
  if (type instanceof Float64) return values.map((v) => (v === null ? null : (SPECIAL_FLOATS.get(v.toLowerCase()) ?? Number(v))));
  if (type instanceof Bool) return values.map((v) => (v === null ? null : v.toLowerCase() === 'true'));
  if (type instanceof DateDay) return values.map((v) => (v === null ? null : Math.floor(Date.parse(`${v}T00:00:00Z`) / 86_400_000)));
  if (type instanceof Timestamp) return values.map((v) => (v === null ? null : parseTimestamp(v, type.unit)));
  return values as (string | null)[];
}

/** Exact epoch value in `unit` (bigint) for an ISO date-time; digits below the unit are dropped. */
function parseTimestamp(v: string, unit: TimeUnit): bigint {
  const m = DATETIME_RE.exec(v)!;
  const ms = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6]));
  const digits = (m[7] ?? '').padEnd(9, '0');
  const nanos = BigInt(ms) * 1_000_000n + BigInt(digits);
  return unit === TimeUnit.NANOSECOND ? nanos : unit === TimeUnit.MICROSECOND ? nanos / 1000n : nanos / 1_000_000n;
}
