/**
 * How one value is spelled in CSV, shared by the writer (write.ts) and the readers (types.ts),
 * which use it to tell which fields of the input would be written back differently and must keep
 * their own text (kept-text.ts). Floats always carry a '.' or an exponent so they read back as
 * floats; NaN/Infinity/-0.0 are spelled out; timestamps are ISO 8601 with exactly the digits of
 * their unit; dates are YYYY-MM-DD; decimals in plain notation.
 */
import { DataType, type Timestamp, TimeUnit } from 'apache-arrow';

const NEEDS_QUOTES = /[",\r\n]|^\s|\s$/;

/**
 * A text as a CSV field: quoted (RFC 4180) when it holds a quote, comma or line break, or starts
 * or ends with white space; the empty string is `""` (an empty field reads back as null).
 * @example quoteCsv('a,b') // '"a,b"'
 */
export function quoteCsv(s: string): string {
  if (s === '') return '""';
  return NEEDS_QUOTES.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/**
 * How a non-null value of `type` is spelled, as the writer takes it from Arrow: numbers, bigints,
 * booleans and strings as they are; a timestamp as its bigint in the type's unit; a date as epoch
 * milliseconds; a decimal as its unscaled bigint. Chosen once per column: it runs for every field.
 * @example const format = csvFormatter(new Float64()); format(1) // '1.0'
 */
export function csvFormatter(type: DataType): (v: unknown) => string {
  if (DataType.isTimestamp(type)) return (v) => formatTimestamp(v as bigint, type);
  if (DataType.isDate(type)) return (v) => new Date(v as number).toISOString().slice(0, 10);
  if (DataType.isDecimal(type)) return (v) => formatDecimal(v as bigint, type.scale);
  if (DataType.isFloat(type)) return (v) => formatFloat(v as number);
  return formatOther;
}

function formatOther(v: unknown): string {
  if (typeof v === 'string') return quoteCsv(v);
  if (typeof v === 'bigint' || typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (v instanceof Uint8Array) return quoteCsv(Buffer.from(v).toString('base64'));
  // Lists, structs and other nested values: JSON, quoted.
  return quoteCsv(JSON.stringify(v, (_k, x: unknown) => (typeof x === 'bigint' ? x.toString() : x)));
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

function formatDecimal(unscaled: bigint, scale: number): string {
  const neg = unscaled < 0n;
  const digits = (neg ? -unscaled : unscaled).toString().padStart(scale + 1, '0');
  const text = scale > 0 ? `${digits.slice(0, -scale)}.${digits.slice(-scale)}` : `${digits}.0`;
  return neg ? `-${text}` : text;
}
