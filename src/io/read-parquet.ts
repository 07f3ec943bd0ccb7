/**
 * Read Parquet into an Arrow Table with hyparquet + hyparquet-compressors (chosen on measured
 * compatibility: 73/83 of parquet-testing and 17/17 of the ML corpus; see docs/io.md). One Arrow
 * record batch per row group. Types are kept faithfully (see parquet-types.ts); anything hyparquet
 * cannot decode, and anything we do not support, is refused with an error naming the feature.
 */
import { Binary, Data, DataType, Field, RecordBatch, Schema, Struct, Table, Type, makeData } from 'apache-arrow';
import type { Timestamp } from 'apache-arrow';
import { parquetMetadata, parquetScan, parquetSchema } from 'hyparquet';
import type { AsyncBuffer, DecodedArray, FileMetaData, ParquetParsers } from 'hyparquet';
import { compressors } from 'hyparquet-compressors';
import { buildData, unifyDictionaries } from './arrow-build.js';
import { ARROW_SCHEMA_KEY, decodeArrowSchema } from './arrow-schema-metadata.js';
import { inputError, wrapReadError } from './input-error.js';
import { checkParquetPages } from './parquet-pages.js';
import { type ColumnPlan, UnsupportedParquetFeature, planColumn } from './parquet-types.js';

export interface ParquetReadResult {
  table: Table;
  metadata: Map<string, string>;
}

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

/**
 * Parse Parquet bytes into an Arrow Table plus the footer's key-value metadata (without the
 * ARROW:schema entry, which is a type hint consumed here).
 * @example const { table } = await readParquet(fs.readFileSync('train.parquet'), 'train.parquet');
 */
export async function readParquet(bytes: Uint8Array, source: string): Promise<ParquetReadResult> {
  // hyparquet wants an ArrayBuffer of exactly the file: copy only when `bytes` is a view into a larger one.
  const whole = bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength;
  const buffer = (whole ? bytes.buffer : bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength)) as ArrayBuffer;
  let metadata: FileMetaData;
  try {
    metadata = parquetMetadata(buffer, { parsers: RAW_PARSERS, geoparquet: false });
  } catch (err) {
    throw wrapReadError(source, 'the Parquet footer is unreadable', err);
  }
  const { kv, plans, rawMetadata } = planParquetFile(metadata, source);

  // hyparquet loops forever on some corrupt page headers; refuse them first (see parquet-pages.ts).
  await checkParquetPages(metadata, bytes.byteLength, (start, end) => bytes.subarray(start, end), source);
  const file: AsyncBuffer = { byteLength: buffer.byteLength, slice: (start, end) => buffer.slice(start, end) };
  const schema = new Schema(plans.map((p) => p.field));
  const batches: RecordBatch[] = [];
  try {
    const scan = await parquetScan({ file, metadata: rawMetadata, compressors, utf8: false, parsers: RAW_PARSERS, geoparquet: false });
    for (const { rowStart, rowEnd } of scan.ranges) {
      const length = rowEnd - rowStart;
      const children: Data[] = [];
      for (const [i, plan] of plans.entries()) {
        const values = await scan.readColumn({ column: plan.name, rowStart, rowEnd });
        if (values.length !== length) {
          throw new Error(`column '${plan.name}' has ${values.length} values in a row group of ${length} rows`);
        }
        // Unannotated byte arrays: strings if the first row group is valid UTF-8, else binary.
        if (plan.kind === 'bytes-or-utf8' && batches.length === 0 && !allUtf8(values)) {
          plans[i] = { name: plan.name, kind: 'plain', field: new Field(plan.name, new Binary(), true, plan.field.metadata) };
        }
        children.push(toData(plans[i]!, values));
      }
      const batchSchema = batches[0]?.schema ?? new Schema(plans.map((p) => p.field));
      batches.push(new RecordBatch(batchSchema, makeData({ type: new Struct(batchSchema.fields), length, children })));
    }
  } catch (err) {
    const detail = err instanceof Error ? err.message : String(err);
    if (/string longer than|Array buffer allocation failed|Invalid array length: \d{10,}/i.test(detail)) {
      throw inputError(source, `a value is too large to hold in memory (${detail}).`, 'JavaScript strings are limited to 512 MiB; split or shrink that column.', err);
    }
    const unsupported = /not supported|unsupported/i.test(detail);
    throw wrapReadError(
      source,
      unsupported ? 'it uses a Parquet feature this tool does not support' : 'a column could not be decoded',
      err,
      unsupported ? 'Convert the file (e.g. with pyarrow or DuckDB) without that feature.' : undefined,
    );
  }
  const table = batches.length ? unifyDictionaries(new Table(batches)) : new Table(schema);
  return { table, metadata: kv };
}

/** Refuse encryption up front: the bytes of encrypted columns would decode as garbage. */
function checkSupported(metadata: FileMetaData): void {
  for (const rg of metadata.row_groups) {
    for (const col of rg.columns) {
      if (col.crypto_metadata || col.encrypted_column_metadata) throw new UnsupportedParquetFeature('column encryption');
      if (!col.meta_data) throw new UnsupportedParquetFeature('column chunks without metadata (encrypted or external)');
      if (col.file_path) throw new UnsupportedParquetFeature(`column data in an external file ('${col.file_path}')`);
    }
  }
}

/**
 * A copy of the metadata whose top-level DECIMAL columns lose their annotation, so hyparquet hands
 * back the unscaled integers (it would otherwise divide them into inexact doubles).
 */
function withRawDecimals(metadata: FileMetaData, names: Set<string>): FileMetaData {
  if (names.size === 0) return metadata;
  const tree = parquetSchema(metadata);
  const leaves = new Set(tree.children.filter((c) => names.has(c.element.name)).map((c) => c.element));
  const schema = metadata.schema.map((e) => (leaves.has(e) ? { ...e, converted_type: undefined, logical_type: undefined } : e));
  return { ...metadata, schema };
}

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

/** What both Parquet readers (whole file, row group by row group) derive from the footer. */
export interface ParquetFilePlan {
  /** Footer key-value metadata, without ARROW:schema. */
  readonly kv: Map<string, string>;
  /** One plan per top-level column: its Arrow field and how to decode it. */
  readonly plans: ColumnPlan[];
  /** The footer with decimal columns set to be read as raw bytes (exact Decimal128). */
  readonly rawMetadata: FileMetaData;
}

/**
 * Plan every column from the footer, with the ARROW:schema entry as a type hint (dictionary,
 * fixed-size list, time zone, field metadata such as an image column's shape).
 */
export function planParquetFile(metadata: FileMetaData, source: string): ParquetFilePlan {
  const kv = new Map<string, string>();
  for (const { key, value } of metadata.key_value_metadata ?? []) kv.set(key, value ?? '');
  const hints = decodeArrowSchema(kv.get(ARROW_SCHEMA_KEY));
  kv.delete(ARROW_SCHEMA_KEY);
  try {
    checkSupported(metadata);
    const tree = parquetSchema(metadata);
    const plans = tree.children.map((node, i) => {
      const chunks = metadata.row_groups.map((rg) => rg.columns[i]).filter((c) => c !== undefined);
      const hint = hints?.fields.find((f) => f.name === node.element.name);
      const plan = planColumn(node, chunks, hint);
      return hint?.metadata.size ? { ...plan, field: new Field(plan.name, plan.field.type, true, hint.metadata) } : plan;
    });
    const rawMetadata = withRawDecimals(metadata, new Set(plans.filter((p) => p.kind === 'decimal-raw').map((p) => p.name)));
    return { kv, plans, rawMetadata };
  } catch (err) {
    if (err instanceof UnsupportedParquetFeature) {
      throw inputError(source, `it uses a Parquet feature this tool does not support: ${err.message}.`, 'Convert the file (e.g. with pyarrow or DuckDB) without that feature.', err);
    }
    throw wrapReadError(source, 'the Parquet schema is invalid', err);
  }
}
