/**
 * Turn the values hyparquet decodes for one column of one row group into Arrow data, keeping types
 * faithfully (raw timestamps and dates, exact decimals, nested lists/maps/structs). Shared by the
 * whole-file reader and the row-group decoder (the fallback for columns off the fast path).
 */
import { DataType, Type } from 'apache-arrow';
import type { Data, Field, Timestamp } from 'apache-arrow';
import type { DecodedArray, ParquetParsers } from 'hyparquet';
import { buildData } from '../arrow/build.js';
import type { ColumnPlan } from './types.js';

const utf8Strict = new TextDecoder('utf-8', { fatal: true });
const utf8Lenient = new TextDecoder('utf-8');

/** Keep timestamps and dates as raw integers (hyparquet's default makes lossy Date objects). */
export const RAW_PARSERS: Partial<ParquetParsers> = {
  timestampFromMilliseconds: (v: bigint) => v,
  timestampFromMicroseconds: (v: bigint) => v,
  timestampFromNanoseconds: (v: bigint) => v,
  dateFromDays: (v: number) => v,
  jsonFromBytes: (b: Uint8Array) => b && utf8Lenient.decode(b),
  geometryFromBytes: (b: Uint8Array) => b,
  geographyFromBytes: (b: Uint8Array) => b,
};

export function allUtf8(values: DecodedArray): boolean {
  for (let i = 0; i < values.length; i++) {
    const v: unknown = values[i];
    if (v instanceof Uint8Array) {
      try {
        utf8Strict.decode(v);
      } catch {
        return false;
      }
    }
  }
  return true;
}

/** Arrow data for one column of one row group. */
export function toData(plan: ColumnPlan, values: DecodedArray): Data {
  const type = plan.field.type;
  const cells = values as ArrayLike<unknown>;
  switch (plan.kind) {
    case 'decimal-raw':
      return buildData(type, Array.from(cells, (v) => (v === null || v === undefined ? null : unscaled(v))));
    case 'bytes-or-utf8':
      return buildData(type, Array.from(cells, (v) => (v instanceof Uint8Array ? utf8Lenient.decode(v) : v)));
    case 'nested':
      return buildData(type, Array.from(cells, (v) => convertNested(v, type)));
    case 'plain':
      return buildData(type, cells);
  }
}

/** An unscaled DECIMAL value: int32/int64 as they are, byte arrays as big-endian two's complement. */
function unscaled(v: unknown): bigint {
  if (typeof v === 'bigint') return v;
  if (typeof v === 'number') return BigInt(v);
  if (v instanceof Uint8Array) {
    let x = 0n;
    for (const b of v) x = (x << 8n) | BigInt(b);
    return v.length ? BigInt.asIntN(v.length * 8, x) : 0n;
  }
  throw new Error(`unexpected DECIMAL value ${String(v)}`);
}

const MS_PER_DAY = 86_400_000;

/**
 * Values of nested columns go through apache-arrow's builders, which take epoch milliseconds for
 * dates and timestamps and strings for Utf8; convert hyparquet's raw leaves to those.
 */
function convertNested(value: unknown, type: DataType): unknown {
  if (value === null || value === undefined) return null;
  switch (type.typeId) {
    case Type.List:
    case Type.FixedSizeList: {
      if (!Array.isArray(value)) throw new Error('expected a list value');
      const child = type.children[0]!.type;
      if (type.typeId === Type.FixedSizeList && value.length !== (type as DataType & { listSize: number }).listSize) {
        throw new Error(`a list has ${value.length} items where the Arrow schema says ${(type as DataType & { listSize: number }).listSize}`);
      }
      return value.map((x) => convertNested(x, child));
    }
    case Type.Map: {
      // hyparquet assembles a map as an object, so its keys arrive as strings: restore their type.
      const entries = type.children[0]!.type.children as Field[];
      const keyType = entries[0]!.type;
      const valueType = entries[1]!.type;
      const toKey = (k: string): unknown => (DataType.isInt(keyType) ? (keyType.bitWidth === 64 ? BigInt(k) : Number(k)) : k);
      const out = new Map<unknown, unknown>();
      for (const [k, v] of Object.entries(value as Record<string, unknown>)) out.set(toKey(k), convertNested(v, valueType));
      return out;
    }
    case Type.Struct: {
      const obj = value as Record<string, unknown>;
      const out: Record<string, unknown> = {};
      for (const f of type.children) out[f.name] = convertNested(obj[f.name], f.type);
      return out;
    }
    case Type.Timestamp: {
      const unit = (type as Timestamp).unit;
      const v = BigInt(value as bigint);
      return Number(unit === 3 ? v / 1_000_000n : unit === 2 ? v / 1000n : unit === 0 ? v * 1000n : v);
    }
    case Type.Date:
      return (value as number) * MS_PER_DAY;
    case Type.Utf8:
      return value instanceof Uint8Array ? utf8Lenient.decode(value) : value;
    case Type.Decimal:
      return unscaled(value);
    default:
      return value;
  }
}
