/**
 * How each Arrow type maps to the encoded world and back: numbers for numeric columns, level
 * strings for categorical ones. Kept in one place so encoding, decoding and the copy guard agree
 * on exactly which value a synthetic number becomes once written (rounded, clamped, unit-snapped).
 */
import { DataType, DateUnit, TimeUnit, type Dictionary } from 'apache-arrow';

export type NumericKind = 'int' | 'float' | 'decimal' | 'date' | 'timestamp' | 'time' | 'duration';

/** The numeric family of an Arrow type, or undefined when it is not a number-like type. */
export function numericKind(type: DataType): NumericKind | undefined {
  if (DataType.isInt(type)) return 'int';
  if (DataType.isFloat(type)) return 'float';
  if (DataType.isDecimal(type)) return 'decimal';
  if (DataType.isDate(type)) return 'date';
  if (DataType.isTimestamp(type)) return 'timestamp';
  if (DataType.isTime(type)) return 'time';
  if (DataType.isDuration(type)) return 'duration';
  return undefined;
}

export function isTextType(type: DataType): boolean {
  return DataType.isUtf8(type) || DataType.isLargeUtf8(type) || DataType.isUtf8View(type);
}

/** Types that are categorical by nature: text, dictionary-encoded values, booleans. */
export function isCategoricalType(type: DataType): boolean {
  return isTextType(type) || DataType.isDictionary(type) || DataType.isBool(type);
}

/** Fixed-size lists of numbers: what image datasets look like once flattened per row. */
export function isImageType(type: DataType): boolean {
  return DataType.isFixedSizeList(type) && numericKind(type.children[0]!.type) !== undefined;
}

/** Encoded values of these types are integers in their own unit (rounded when decoded). */
export function isIntegerValued(type: DataType): boolean {
  const kind = numericKind(type);
  return kind === 'int' || kind === 'date' || kind === 'time' || kind === 'duration';
}

/** Float32/Float64 and integers up to 32 bits: stored as a plain typed array of numbers. */
export function isPlainNumber(type: DataType): boolean {
  if (DataType.isFloat(type)) return type.precision !== 0;
  if (DataType.isInt(type)) return type.bitWidth < 64;
  return false;
}

/** Arrow types whose JavaScript values are bigints. */
function isBigIntType(type: DataType): boolean {
  if (DataType.isInt(type)) return type.bitWidth === 64;
  if (DataType.isTime(type)) return type.bitWidth === 64;
  return DataType.isDuration(type);
}

/** A cell's value as a number (NaN for null); dates and timestamps are epoch milliseconds. */
export function toNumber(value: unknown, type: DataType): number {
  if (value === null || value === undefined) return NaN;
  if (typeof value === 'number') return value;
  if (typeof value === 'bigint') return Number(value);
  if (DataType.isDecimal(type)) return decimalToNumber(value, type.scale);
  if (value instanceof Date) return value.getTime();
  if (typeof value === 'boolean') return value ? 1 : 0;
  return Number(value);
}

/**
 * The number a synthetic value becomes once written in `type`: rounded for integer types,
 * clamped to the type's range, snapped to the date/timestamp unit, rounded to the decimal scale,
 * stored as float32. NaN stays NaN (a missing value).
 */
export function canonicalNumber(x: number, type: DataType): number {
  if (Number.isNaN(x)) return NaN;
  if (DataType.isInt(type)) return clampInt(Math.round(x), type.bitWidth, type.isSigned);
  if (DataType.isFloat(type)) return type.precision === 1 ? Math.fround(x) : type.precision === 0 ? roundHalf(x) : x;
  if (DataType.isDecimal(type)) {
    const f = 10 ** type.scale;
    return Math.round(x * f) / f;
  }
  if (DataType.isDate(type)) {
    return type.unit === DateUnit.DAY ? Math.round(x / 86_400_000) * 86_400_000 : Math.round(x);
  }
  if (DataType.isTimestamp(type)) {
    // Values are epoch milliseconds; snap to the column's unit.
    const perMs = [1 / 1000, 1, 1000, 1_000_000][type.unit]!;
    return Math.round(x * perMs) / perMs;
  }
  if (DataType.isTime(type) || DataType.isDuration(type)) return clampInt(Math.round(x), 64, true);
  return x;
}

/** A canonical number (see `canonicalNumber`) as the JavaScript value Arrow's builders take. */
export function fromNumber(x: number, type: DataType): unknown {
  if (Number.isNaN(x)) return null;
  const c = canonicalNumber(x, type);
  if (DataType.isDecimal(type)) return decimalWords(c, type.scale, type.bitWidth);
  if (isBigIntType(type)) return BigInt(c);
  if (DataType.isTime(type) && type.unit === TimeUnit.SECOND) return Math.round(c);
  return c;
}

/** A cell's value as a category level (null for null). */
export function toLevel(value: unknown, type: DataType): string | null {
  if (value === null || value === undefined) return null;
  if (DataType.isDictionary(type)) return toLevel(value, (type as Dictionary).dictionary);
  if (typeof value === 'string') return value;
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'bigint') return value.toString();
  const n = toNumber(value, type);
  return Number.isNaN(n) ? null : String(n);
}

/** The inverse of `toLevel`: a level string as the value Arrow's builders take for `type`. */
export function fromLevel(level: string | null, type: DataType): unknown {
  if (level === null) return null;
  if (DataType.isDictionary(type)) return fromLevel(level, (type as Dictionary).dictionary);
  if (DataType.isBool(type)) return level === 'true';
  if (isTextType(type)) return level;
  if (isBigIntType(type)) return BigInt(level);
  if (DataType.isDecimal(type)) return decimalWords(Number(level), type.scale, type.bitWidth);
  return Number(level);
}

function clampInt(x: number, bitWidth: number, signed: boolean): number {
  // Bounds as doubles: for 64-bit types the largest double below 2^63 (or 2^64) keeps BigInt exact.
  const max = bitWidth === 64 ? (signed ? 9223372036854774784 : 18446744073709549568) : 2 ** (signed ? bitWidth - 1 : bitWidth) - 1;
  const min = signed ? -(2 ** (bitWidth - 1)) : 0;
  return Math.min(max, Math.max(min, x));
}

/** Round to the nearest IEEE half-precision value (Float16 columns), by its 11-bit significand. */
function roundHalf(x: number): number {
  if (!Number.isFinite(x) || x === 0) return x;
  const exp = Math.max(Math.floor(Math.log2(Math.abs(x))), -14);
  const step = 2 ** (exp - 10);
  return Math.min(65504, Math.max(-65504, Math.round(x / step) * step));
}

/** Arrow's decimal values are unscaled big integers whose primitive number is the unscaled value. */
function decimalToNumber(value: unknown, scale: number): number {
  const unscaled = Number(value as number);
  return unscaled / 10 ** scale;
}

/** An unscaled two's-complement decimal as little-endian 32-bit words, the form DecimalBuilder takes. */
function decimalWords(x: number, scale: number, bitWidth: number): Uint32Array {
  let v = BigInt(Math.round(x * 10 ** scale));
  const words = new Uint32Array(bitWidth / 32);
  const mod = 1n << BigInt(bitWidth);
  if (v < 0n) v += mod;
  for (let i = 0; i < words.length; i++) {
    words[i] = Number(v & 0xffffffffn);
    v >>= 32n;
  }
  return words;
}
