/**
 * Build Arrow column data from plain JavaScript values, shared by the Parquet and CSV readers.
 * Flat types are packed straight into typed arrays and a validity bitmap (the Arrow builders go
 * value by value and are several times slower on million-row columns); nested types (lists,
 * structs) go through apache-arrow's own builders.
 */
import {
  Bool,
  Data,
  DataType,
  Decimal,
  Dictionary,
  Field,
  Int32,
  RecordBatch,
  Schema,
  Struct,
  Table,
  Type,
  Utf8,
  Vector,
  makeBuilder,
  makeData,
  vectorFromArray,
} from 'apache-arrow';

/** A value read from a file: null/undefined mark a missing value. */
export type CellValue = unknown;

/** Validity bitmap (1 = present) and null count for `values`; no bitmap when nothing is null. */
function validityOf(values: ArrayLike<unknown>): { nullBitmap: Uint8Array | undefined; nullCount: number } {
  const n = values.length;
  let nullCount = 0;
  for (let i = 0; i < n; i++) if (values[i] === null || values[i] === undefined) nullCount++;
  if (nullCount === 0) return { nullBitmap: undefined, nullCount };
  const nullBitmap = new Uint8Array(((n + 63) >> 6) << 3);
  for (let i = 0; i < n; i++) {
    if (values[i] !== null && values[i] !== undefined) nullBitmap[i >> 3]! |= 1 << (i & 7);
  }
  return { nullBitmap, nullCount };
}

type NumericArrayCtor =
  | Int8ArrayConstructor
  | Int16ArrayConstructor
  | Int32ArrayConstructor
  | Uint8ArrayConstructor
  | Uint16ArrayConstructor
  | Uint32ArrayConstructor
  | Float32ArrayConstructor
  | Float64ArrayConstructor;

/**
 * Column data of `type` holding `values` (JavaScript numbers, bigints, booleans or strings as the
 * type needs; null/undefined for missing). Throws a plain Error on a value of the wrong kind: the
 * caller wraps it with the file name.
 */
export function buildData(type: DataType, values: ArrayLike<CellValue>): Data {
  const length = values.length;
  switch (type.typeId) {
    case Type.Int:
    case Type.Float:
    case Type.Date:
    case Type.Time:
    case Type.Timestamp:
    case Type.Duration: {
      const ArrayType = (type as DataType & { ArrayType: NumericArrayCtor | BigInt64ArrayConstructor | BigUint64ArrayConstructor }).ArrayType;
      const { nullBitmap, nullCount } = validityOf(values);
      if (ArrayType === BigInt64Array || ArrayType === BigUint64Array) {
        const data = new ArrayType(length);
        for (let i = 0; i < length; i++) {
          const v = values[i];
          if (v !== null && v !== undefined) data[i] = typeof v === 'bigint' ? v : BigInt(v as number);
        }
        return makeData({ type, length, nullCount, nullBitmap, data } as never);
      }
      const data = new (ArrayType as NumericArrayCtor)(length);
      for (let i = 0; i < length; i++) {
        const v = values[i];
        if (v !== null && v !== undefined) data[i] = typeof v === 'bigint' ? Number(v) : (v as number);
      }
      return makeData({ type, length, nullCount, nullBitmap, data } as never);
    }
    case Type.Bool: {
      const { nullBitmap, nullCount } = validityOf(values);
      const data = new Uint8Array(((length + 63) >> 6) << 3);
      for (let i = 0; i < length; i++) if (values[i] === true) data[i >> 3]! |= 1 << (i & 7);
      return makeData({ type: type as Bool, length, nullCount, nullBitmap, data });
    }
    case Type.Utf8:
      return buildUtf8Data(type as Utf8, values);
    case Type.Dictionary:
      return buildDictionaryData(type as Dictionary, values);
    case Type.Decimal:
      return buildDecimalData(type as Decimal, values);
    default: {
      const builder = makeBuilder({ type, nullValues: [null, undefined] });
      for (let i = 0; i < length; i++) builder.append(values[i]);
      return builder.finish().flush();
    }
  }
}

/**
 * Utf8: all strings packed into one buffer with int32 offsets. Hand-packed because the Arrow
 * builder goes through a per-value path that is ~20x slower on million-row columns.
 */
function buildUtf8Data(type: Utf8, values: ArrayLike<CellValue>): Data {
  const length = values.length;
  const { nullBitmap, nullCount } = validityOf(values);
  const valueOffsets = new Int32Array(length + 1);
  let total = 0;
  for (let i = 0; i < length; i++) {
    const v = values[i];
    if (v !== null && v !== undefined) total += Buffer.byteLength(String(v), 'utf8');
    valueOffsets[i + 1] = total;
  }
  if (total > 2 ** 31 - 1) throw new Error('a string column holds more than 2 GiB of text');
  const data = Buffer.allocUnsafe(total);
  for (let i = 0; i < length; i++) {
    const v = values[i];
    if (v !== null && v !== undefined) data.write(String(v), valueOffsets[i]!, 'utf8');
  }
  return makeData({ type, length, nullCount, nullBitmap, valueOffsets, data: new Uint8Array(data.buffer, data.byteOffset, total) });
}

/** Dictionary<Utf8, Int32>: the distinct strings in first-seen order and one index per row. */
function buildDictionaryData(type: Dictionary, values: ArrayLike<CellValue>): Data {
  const length = values.length;
  const { nullBitmap, nullCount } = validityOf(values);
  const codes = new Map<string, number>();
  const levels: string[] = [];
  const indices = new Int32Array(length);
  for (let i = 0; i < length; i++) {
    const v = values[i];
    if (v === null || v === undefined) continue;
    const s = String(v);
    let code = codes.get(s);
    if (code === undefined) {
      code = levels.length;
      codes.set(s, code);
      levels.push(s);
    }
    indices[i] = code;
  }
  const dictType = new Dictionary(new Utf8(), new Int32(), type.id, type.isOrdered);
  const dictionary = vectorFromArray(levels, new Utf8()) as Vector<Utf8>;
  return makeData({ type: dictType, length, nullCount, nullBitmap, data: indices, dictionary });
}

/** Decimal128: each value is the unscaled integer as a bigint (or a safe-integer number). */
function buildDecimalData(type: Decimal, values: ArrayLike<CellValue>): Data {
  const length = values.length;
  const { nullBitmap, nullCount } = validityOf(values);
  const data = new Uint32Array(length * 4);
  const mask = (1n << 32n) - 1n;
  for (let i = 0; i < length; i++) {
    const v = values[i];
    if (v === null || v === undefined) continue;
    let x = BigInt.asUintN(128, typeof v === 'bigint' ? v : BigInt(v as number));
    for (let w = 0; w < 4; w++) {
      data[i * 4 + w] = Number(x & mask);
      x >>= 32n;
    }
  }
  return makeData({ type, length, nullCount, nullBitmap, data });
}

/** The unscaled integer of a Decimal128 cell, read from the column's raw words. */
export function decimalUnscaled(words: Uint32Array, index: number): bigint {
  let x = 0n;
  for (let w = 3; w >= 0; w--) x = (x << 32n) | BigInt(words[index * 4 + w]!);
  return BigInt.asIntN(128, x);
}

/**
 * One dictionary per dictionary-encoded column across all record batches. Readers build one per
 * row group, but the Arrow IPC file format cannot replace a dictionary between batches, and a
 * categorical should have one set of levels anyway.
 */
export function unifyDictionaries(table: Table): Table {
  const fields = table.schema.fields;
  const dictColumns = fields.map((f, i) => (DataType.isDictionary(f.type) ? i : -1)).filter((i) => i >= 0);
  if (dictColumns.length === 0 || table.batches.length <= 1) return table;
  const newChildren = table.batches.map((b) => b.data.children.slice());
  for (const col of dictColumns) {
    const codes = new Map<unknown, number>();
    const levels: unknown[] = [];
    const remapped: Int32Array[] = [];
    const old = fields[col]!.type as Dictionary;
    for (const batch of table.batches) {
      const data = batch.data.children[col]!;
      const dict = data.dictionary!;
      const map = new Int32Array(dict.length);
      for (let k = 0; k < dict.length; k++) {
        const v = dict.get(k);
        let code = codes.get(v);
        if (code === undefined) {
          code = levels.length;
          codes.set(v, code);
          levels.push(v);
        }
        map[k] = code;
      }
      const out = new Int32Array(data.length);
      const idx = data.values as ArrayLike<number | bigint>;
      for (let i = 0; i < data.length; i++) {
        if (data.getValid(i)) out[i] = map[Number(idx[i])]!;
      }
      remapped.push(out);
    }
    // The input's index width (pandas writes int8 for few categories) when the merged levels fit it.
    const indices = levels.length - 1 <= maxIndex(old.indices) ? old.indices : new Int32();
    const type = new Dictionary(old.dictionary, indices, old.id, old.isOrdered);
    const dictionary = vectorFromArray(levels, old.dictionary) as Vector;
    table.batches.forEach((batch, b) => {
      const data = batch.data.children[col]!;
      const nullBitmap = data.nullCount > 0 ? copyBitmap(data) : undefined;
      // Copied into the index type's own array: makeData would reinterpret the Int32 bytes.
      const narrowed = indices.bitWidth === 32 && indices.isSigned ? remapped[b]! : (indices.ArrayType as unknown as Int32ArrayConstructor).from(remapped[b]!);
      newChildren[b]![col] = makeData({ type, length: data.length, nullCount: data.nullCount, nullBitmap, data: narrowed, dictionary });
    });
  }
  const schema = new Schema(
    fields.map((f, i) => (dictColumns.includes(i) ? new Field(f.name, newChildren[0]![i]!.type, f.nullable, f.metadata) : f)),
    table.schema.metadata,
  );
  const batches = table.batches.map(
    (b, i) => new RecordBatch(schema, makeData({ type: new Struct(schema.fields), length: b.numRows, children: newChildren[i]! })),
  );
  return new Table(schema, batches);
}

/** The largest index an integer type holds (64-bit widths are narrowed to Int32 on read). */
function maxIndex(type: Dictionary['indices']): number {
  const bits = Math.min(type.bitWidth, 32) - (type.isSigned ? 1 : 0);
  return 2 ** bits - 1;
}

/** The validity bitmap of `data`, re-based to start at bit 0. */
function copyBitmap(data: Data): Uint8Array {
  const out = new Uint8Array(((data.length + 63) >> 6) << 3);
  for (let i = 0; i < data.length; i++) if (data.getValid(i)) out[i >> 3]! |= 1 << (i & 7);
  return out;
}
