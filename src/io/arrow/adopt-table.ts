/**
 * Arrow Tables made by the caller's own copy of apache-arrow (another version, or the same version
 * installed twice, as an `npm install ../gan-augment` link does). apache-arrow checks `instanceof`
 * in many places, so a foreign Table fails deep inside it ("Vector constructor expects an Array of
 * Data instances"). The columnar layout is the same in every version (15 to 21 tested), so the
 * foreign table is rebuilt with our classes around the very same buffers: no copy, no IPC round
 * trip. A type our copy does not know is refused before any work, naming both versions.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as arrow from 'apache-arrow';
import { GanAugmentError } from '../../errors.js';
import { narrowIndices } from './dictionary-indices.js';

/** The parts of a foreign DataType read here (every version 15-21 has them). */
interface ForeignType {
  readonly typeId: number;
  readonly children?: readonly ForeignField[] | null;
  readonly [key: string]: unknown;
}
interface ForeignField {
  readonly name: string;
  readonly type: ForeignType;
  readonly nullable: boolean;
  readonly metadata: ReadonlyMap<string, string>;
}
interface ForeignData {
  readonly type: ForeignType;
  readonly offset: number;
  readonly length: number;
  readonly nullCount: number;
  readonly values?: unknown;
  readonly valueOffsets?: unknown;
  readonly nullBitmap?: unknown;
  readonly typeIds?: unknown;
  readonly variadicBuffers?: readonly Uint8Array[];
  readonly children: readonly ForeignData[];
  readonly dictionary?: { readonly data: readonly ForeignData[] } | null;
}
interface ForeignTable {
  readonly schema: { readonly fields: readonly ForeignField[]; readonly metadata: ReadonlyMap<string, string> };
  readonly batches: readonly { readonly data: ForeignData }[];
}

/**
 * `table` as a Table of our apache-arrow: itself when it already is one, else rebuilt over the
 * same buffers; 64-bit dictionary indices become Int32 (dictionary-indices.ts). Throws
 * `GanAugmentError('input')` when it is not a Table or holds a type we lack.
 *
 * @example const table = adoptTable(tableFromArrays({ x: [1, 2] })) // from any apache-arrow 15-21
 */
export function adoptTable(table: unknown): arrow.Table {
  // Not `instanceof`: apache-arrow 21's Table answers true for any copy's Table (a shared symbol),
  // while its types and vectors are still checked per copy further in.
  if (typeof table === 'object' && table !== null && table.constructor === arrow.Table) return narrowIndices(table as arrow.Table);
  if (!isForeignTable(table)) {
    throw new GanAugmentError('input', 'The input is neither a file path nor an Arrow Table (it has no schema.fields and batches).', {
      hint: 'Pass a path, or a Table made with apache-arrow (tableFromArrays, tableFromIPC).',
    });
  }
  const fields = table.schema.fields.map((f) => adoptField(f, table));
  const schema = new arrow.Schema(fields, new Map(table.schema.metadata));
  const structType = new arrow.Struct(fields);
  const batches = table.batches.map((b) => new arrow.RecordBatch(schema, adoptData(b.data, structType) as arrow.Data<arrow.Struct>));
  return narrowIndices(new arrow.Table(schema, batches));
}

function isForeignTable(value: unknown): value is ForeignTable {
  if (typeof value !== 'object' || value === null) return false;
  const t = value as Partial<ForeignTable>;
  return Array.isArray(t.schema?.fields) && Array.isArray(t.batches) && t.batches.every((b) => typeof b === 'object' && b !== null && 'data' in b);
}

function adoptField(f: ForeignField, table: object): arrow.Field {
  return new arrow.Field(f.name, adoptType(f.type, f.name, table), f.nullable, new Map(f.metadata));
}

function adoptType(t: ForeignType, column: string, table: object): arrow.DataType {
  const T = arrow.Type;
  const child = (i = 0): arrow.Field => adoptField(t.children![i]!, table);
  const num = (key: string): number => t[key] as number;
  switch (t.typeId) {
    case T.Null: return new arrow.Null();
    case T.Bool: return new arrow.Bool();
    case T.Int: return new arrow.Int(t['isSigned'] as boolean, num('bitWidth') as 8 | 16 | 32 | 64);
    case T.Float: return new arrow.Float(num('precision'));
    case T.Utf8: return new arrow.Utf8();
    case T.LargeUtf8: return new arrow.LargeUtf8();
    case T.Utf8View: return new arrow.Utf8View();
    case T.Binary: return new arrow.Binary();
    case T.LargeBinary: return new arrow.LargeBinary();
    case T.BinaryView: return new arrow.BinaryView();
    case T.FixedSizeBinary: return new arrow.FixedSizeBinary(num('byteWidth'));
    case T.Decimal: return new arrow.Decimal(num('scale'), num('precision'), num('bitWidth'));
    case T.Date: return new arrow.Date_(num('unit'));
    case T.Time: return new arrow.Time(num('unit'), num('bitWidth') as 32 | 64);
    case T.Timestamp: return new arrow.Timestamp(num('unit'), (t['timezone'] as string | null | undefined) ?? null);
    case T.Interval: return new arrow.Interval(num('unit'));
    case T.Duration: return new arrow.Duration(num('unit'));
    case T.List: return new arrow.List(child());
    case T.LargeList: return new arrow.LargeList(child());
    case T.FixedSizeList: return new arrow.FixedSizeList(num('listSize'), child());
    case T.Struct: return new arrow.Struct(t.children!.map((f) => adoptField(f, table)));
    case T.Map: return new arrow.Map_(child() as arrow.Field<arrow.Struct<{ key: arrow.DataType; value: arrow.DataType }>>, t['keysSorted'] as boolean);
    case T.Union: return new arrow.Union(num('mode'), Array.from(t['typeIds'] as ArrayLike<number>), t.children!.map((f) => adoptField(f, table)));
    case T.Dictionary: {
      const indices = adoptType(t['indices'] as ForeignType, column, table) as arrow.Int32;
      return new arrow.Dictionary(adoptType(t['dictionary'] as ForeignType, column, table), indices, t['id'] as number, t['isOrdered'] as boolean);
    }
    default:
      throw new GanAugmentError('input', `Column '${column}' of the input Table has Arrow type id ${t.typeId}, which apache-arrow ${ourArrowVersion()} (the copy gan-augment uses) does not know; the Table was made by apache-arrow ${foreignArrowVersion(table)}.`, {
        hint: 'Cast the column to a common type, or pass the data as an Arrow IPC or Parquet file.',
      });
  }
}

/** The foreign Data's buffers, as they are, under our type (children and dictionary recursively). */
function adoptData(d: ForeignData, type: arrow.DataType): arrow.Data {
  const children = d.children.map((c, i) => adoptData(c, type.children[i]!.type as arrow.DataType));
  let dictionary: arrow.Vector | undefined;
  if (arrow.DataType.isDictionary(type) && d.dictionary) dictionary = new arrow.Vector(d.dictionary.data.map((dd) => adoptData(dd, type.dictionary)));
  // Buffer order of the Data constructor (BufferType): OFFSET, DATA, VALIDITY, TYPE.
  const buffers = [d.valueOffsets, asArrayType(d.values, type), d.nullBitmap, d.typeIds] as unknown as ConstructorParameters<typeof arrow.Data>[4];
  return new arrow.Data(type, d.offset, d.length, d.nullCount, buffers, children, dictionary, d.variadicBuffers ?? []);
}

/**
 * The values under the typed array our copy uses for `type`: older copies hold 64-bit timestamps,
 * dates and times as pairs of Int32 where ours holds BigInt64, over the same bytes. Reinterpreted
 * in place when aligned, else copied.
 */
function asArrayType(values: unknown, type: arrow.DataType): unknown {
  const Ctor = (type as { ArrayType?: unknown }).ArrayType as (new (buffer: ArrayBufferLike, offset: number, length: number) => ArrayBufferView) & { BYTES_PER_ELEMENT: number } | undefined;
  if (!ArrayBuffer.isView(values) || Ctor === undefined || typeof Ctor.BYTES_PER_ELEMENT !== 'number' || values.constructor === Ctor) return values;
  const bytes = Ctor.BYTES_PER_ELEMENT;
  const n = Math.floor(values.byteLength / bytes);
  if (values.byteOffset % bytes === 0) return new Ctor(values.buffer, values.byteOffset, n);
  const copy = new Uint8Array(n * bytes);
  copy.set(new Uint8Array(values.buffer, values.byteOffset, n * bytes));
  return new Ctor(copy.buffer, 0, n);
}

/** Our apache-arrow's version, from its package.json. */
export function ourArrowVersion(): string {
  return packageVersionAbove(fileURLToPath(import.meta.resolve('apache-arrow'))) ?? 'unknown';
}

/**
 * The version of the apache-arrow copy that made `value`, for messages only. apache-arrow does not
 * export its version, so it is read from the package.json above the file of the value's class,
 * found in the stack of an error thrown inside that class's code.
 */
export function foreignArrowVersion(value: object): string {
  const proto = Object.getPrototypeOf(value) as { getChildAt?: (this: unknown, i: number) => unknown } | null;
  try {
    proto?.getChildAt?.call(null, 0);
  } catch (err) {
    const file = /\((?:file:\/\/)?(\/[^():]+\.[cm]?js):\d+:\d+\)/.exec(String((err as Error).stack))?.[1];
    const version = file === undefined ? undefined : packageVersionAbove(file);
    if (version !== undefined) return `${version} (${path.dirname(file!)})`;
  }
  return '(another copy, version unknown)';
}

function packageVersionAbove(file: string): string | undefined {
  for (let dir = path.dirname(file); dir !== path.dirname(dir); dir = path.dirname(dir)) {
    try {
      const manifest = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as { name?: string; version?: string };
      if (manifest.name === 'apache-arrow') return manifest.version;
    } catch {
      // no package.json here: keep walking up
    }
  }
  return undefined;
}
