/**
 * Write Parquet with hyparquet-writer, one row group per 64k rows so memory stays flat, keeping
 * Arrow types: Int64 stays INT64 (never rounded through double), timestamps keep unit and time
 * zone, Decimal stays DECIMAL, Dictionary<Utf8> is dictionary-encoded, plain strings only when the
 * writer finds it halves their size, and numbers are never dictionary-encoded (it costs 27% on
 * random floats). Key-value metadata goes into the footer, next to an ARROW:schema entry so that
 * pyarrow/pandas (and our reader) restore dictionary, fixed-size-list and time-zone types.
 */
import { DataType, type Field, type Table, TimeUnit, type Timestamp, type Vector } from 'apache-arrow';
import { ByteWriter, ParquetWriter } from 'hyparquet-writer';
import { GanAugmentError } from '../errors.js';
import { decimalUnscaled } from './arrow-build.js';
import { ARROW_SCHEMA_KEY, encodeArrowSchema } from './arrow-schema-metadata.js';
import type { ByteSink } from './types.js';

// hyparquet-writer bundles its own hyparquet version: take the schema types from the writer.
type WriterOptions = ConstructorParameters<typeof ParquetWriter>[0];
type SchemaElement = WriterOptions['schema'][number];
type KeyValue = NonNullable<WriterOptions['kvMetadata']>[number];
type ColumnSource = Parameters<ParquetWriter['write']>[0]['columnData'][number];
type Encoding = NonNullable<ColumnSource['encoding']>;

/** Rows per row group: large enough for good compression, small enough to keep memory flat. */
export const PARQUET_ROW_GROUP_ROWS = 65_536;

export interface ColumnWriter {
  elements: SchemaElement[];
  encoding?: Encoding;
  values(vector: Vector): unknown[] | ArrayLike<unknown>;
}

/**
 * Stream `table` as Parquet into `sink`.
 * @example await writeParquet(table, sink, { tool: 'gan-augment' });
 */
export async function writeParquet(table: Table, sink: ByteSink, metadata: Record<string, string> = {}, dest = 'the output'): Promise<void> {
  const columns = table.schema.fields.map((f) => columnWriter(f, dest));
  const schema: SchemaElement[] = [{ name: 'schema', num_children: columns.length }, ...columns.flatMap((c) => c.elements)];
  const kvMetadata: KeyValue[] = Object.entries(metadata)
    .filter(([k]) => k !== ARROW_SCHEMA_KEY)
    .map(([key, value]) => ({ key, value }));
  kvMetadata.push({ key: ARROW_SCHEMA_KEY, value: encodeArrowSchema(table.schema) });

  const writer = new ByteWriter();
  const flush = async (): Promise<void> => {
    if (writer.index === 0) return;
    const chunk = new Uint8Array(writer.buffer, 0, writer.index).slice();
    writer.index = 0;
    await sink.write(chunk);
  };
  const pq = new ParquetWriter({ writer, schema, codec: 'SNAPPY', kvMetadata, createdBy: 'gan-augment (hyparquet-writer)' });
  for (let start = 0; start < table.numRows; start += PARQUET_ROW_GROUP_ROWS) {
    const end = Math.min(table.numRows, start + PARQUET_ROW_GROUP_ROWS);
    const slice = table.slice(start, end);
    const columnData = table.schema.fields.map(
      (f, i): ColumnSource => ({
        name: f.name,
        data: columns[i]!.values(slice.getChildAt(i)!) as ColumnSource['data'],
        ...(columns[i]!.encoding ? { encoding: columns[i]!.encoding } : {}),
      }),
    );
    await pq.write({ columnData, rowGroupSize: end - start });
    await flush();
  }
  await pq.finish();
  await flush();
}

/**
 * Values of a flat column with null for missing, through `map` for present ones. `j` indexes the
 * chunk's value buffer, which apache-arrow has already sliced (its `offset` is for the bitmap).
 */
function cells<T>(vector: Vector, map: (data: Vector['data'][number], j: number, row: number) => T): (T | null)[] {
  const out = new Array<T | null>(vector.length);
  let row = 0;
  for (const data of vector.data) {
    for (let i = 0; i < data.length; i++, row++) out[row] = data.getValid(i) ? map(data, i, row) : null;
  }
  return out;
}

type TypedCtor = Int32ArrayConstructor | Uint32ArrayConstructor | Float32ArrayConstructor | Float64ArrayConstructor | BigInt64ArrayConstructor;

/**
 * Numeric cells: a typed array copy when nothing is null (hyparquet-writer's fast path), else a
 * plain array with null for missing and `toValue` applied (bigints for 64-bit types).
 */
function numbers(vector: Vector, Typed: TypedCtor | undefined, toValue: (x: number | bigint) => number | bigint = (x) => x): ArrayLike<unknown> {
  if (Typed && vector.nullCount === 0) {
    const out = new Typed(vector.length);
    let o = 0;
    for (const d of vector.data) {
      (out as Float64Array).set((d.values as Float64Array).subarray(0, d.length), o);
      o += d.length;
    }
    return out;
  }
  return cells(vector, (d, j) => toValue((d.values as ArrayLike<number | bigint>)[j]!));
}

/** String cells as UTF-8 byte views into the Arrow buffers (no decode and re-encode). */
function utf8Bytes(vector: Vector): (Uint8Array | null)[] {
  return cells(vector, (d, j) => (d.values as Uint8Array).subarray(d.valueOffsets[j]!, d.valueOffsets[j + 1]!));
}

/** Dictionary cells as the UTF-8 bytes of their dictionary entry (one view per entry, shared). */
function dictionaryBytes(vector: Vector): (Uint8Array | null)[] {
  const entries = new Map<unknown, Uint8Array[]>();
  return cells(vector, (d, j) => {
    const dict = d.dictionary!;
    let views = entries.get(dict);
    if (!views) {
      views = dict.data.flatMap((c) => Array.from({ length: c.length }, (_, k) => (c.values as Uint8Array).subarray(c.valueOffsets[k]!, c.valueOffsets[k + 1]!)));
      entries.set(dict, views);
    }
    return views[Number((d.values as ArrayLike<number>)[j])]!;
  });
}

export function columnWriter(field: Field, dest: string): ColumnWriter {
  const { name, type } = field;
  const leaf = leafWriter(name, type);
  if (leaf) return leaf;
  if (DataType.isList(type) || DataType.isFixedSizeList(type)) {
    const child = type.children[0]!;
    const inner = leafWriter('element', child.type);
    if (!inner) throw unsupported(name, type, dest);
    return {
      elements: [
        { name, repetition_type: 'OPTIONAL', num_children: 1, converted_type: 'LIST', logical_type: { type: 'LIST' } },
        { name: 'list', repetition_type: 'REPEATED', num_children: 1 },
        ...inner.elements,
      ],
      values: (vector) => {
        const out = new Array<unknown>(vector.length);
        for (let r = 0; r < vector.length; r++) {
          const item = vector.get(r) as Vector | null;
          out[r] = item === null ? null : Array.from(inner.values(item) as ArrayLike<unknown>);
        }
        return out;
      },
    };
  }
  throw unsupported(name, type, dest);
}

function unsupported(name: string, type: DataType, dest: string): GanAugmentError {
  return new GanAugmentError('output', `Cannot write column '${name}' of type ${String(type)} to Parquet ('${dest}').`, {
    hint: 'Write Arrow IPC instead (--format arrow), or drop or convert that column.',
  });
}

/** Writers for flat (leaf) types; undefined for nested ones. */
function leafWriter(name: string, type: DataType): ColumnWriter | undefined {
  const opt = 'OPTIONAL' as const;
  const plain: Encoding = 'PLAIN';
  if (DataType.isInt(type)) {
    const { bitWidth, isSigned } = type;
    const physical = bitWidth === 64 ? 'INT64' : 'INT32';
    // Narrow and unsigned widths go in converted_type only: hyparquet-writer 0.17 serialises the
    // INTEGER logical type's bitWidth as an i32 where the spec says i8, and DuckDB then rejects the
    // whole footer. converted_type INT_8..UINT_64 carries the same information.
    const element: SchemaElement = { name, type: physical, repetition_type: opt };
    if (bitWidth < 32 || !isSigned) element.converted_type = `${isSigned ? '' : 'U'}INT_${bitWidth}` as SchemaElement['converted_type'];
    return {
      elements: [element],
      encoding: plain,
      values: (v) =>
        numbers(v, bitWidth === 64 ? (isSigned ? BigInt64Array : undefined) : bitWidth === 32 && !isSigned ? undefined : Int32Array, (x) =>
          bitWidth === 64 ? BigInt(x) : Number(x),
        ),
    };
  }
  if (DataType.isFloat(type)) {
    const f64 = type.precision === 2;
    const half = type.precision === 0;
    return {
      elements: [{ name, type: f64 ? 'DOUBLE' : 'FLOAT', repetition_type: opt }],
      encoding: plain,
      values: (v) => (half ? cells(v, (_d, _j, row) => v.get(row) as number) : numbers(v, f64 ? Float64Array : Float32Array)),
    };
  }
  if (DataType.isBool(type)) {
    return { elements: [{ name, type: 'BOOLEAN', repetition_type: opt }], values: (v) => cells(v, (_d, _j, row) => v.get(row) as boolean) };
  }
  if (DataType.isUtf8(type)) {
    return {
      elements: [{ name, type: 'BYTE_ARRAY', repetition_type: opt, converted_type: 'UTF8', logical_type: { type: 'STRING' } }],
      values: utf8Bytes,
    };
  }
  if (DataType.isDictionary(type) && DataType.isUtf8(type.dictionary)) {
    return {
      elements: [{ name, type: 'BYTE_ARRAY', repetition_type: opt, converted_type: 'UTF8', logical_type: { type: 'STRING' } }],
      encoding: 'RLE_DICTIONARY',
      values: dictionaryBytes,
    };
  }
  if (DataType.isBinary(type) || DataType.isLargeBinary(type)) {
    return { elements: [{ name, type: 'BYTE_ARRAY', repetition_type: opt }], values: (v) => cells(v, (_d, _j, row) => v.get(row) as Uint8Array) };
  }
  if (DataType.isTimestamp(type)) {
    const t = type as Timestamp;
    const unit = t.unit === TimeUnit.NANOSECOND ? 'NANOS' : t.unit === TimeUnit.MICROSECOND ? 'MICROS' : 'MILLIS';
    const scale = t.unit === TimeUnit.SECOND ? 1000n : 1n; // Parquet has no second unit
    const element: SchemaElement = {
      name,
      type: 'INT64',
      repetition_type: opt,
      logical_type: { type: 'TIMESTAMP', isAdjustedToUTC: t.timezone !== null && t.timezone !== undefined, unit },
    };
    return { elements: [element], encoding: plain, values: (v) => cells(v, (d, j) => BigInt((d.values as BigInt64Array)[j]!) * scale) };
  }
  if (DataType.isDate(type)) {
    return {
      elements: [{ name, type: 'INT32', repetition_type: opt, converted_type: 'DATE', logical_type: { type: 'DATE' } }],
      encoding: plain,
      values: (v) => cells(v, (_d, _j, row) => Math.floor((v.get(row) as number) / 86_400_000)),
    };
  }
  if (DataType.isDecimal(type) && type.bitWidth === 128) {
    const { precision, scale } = type;
    const physical = precision <= 9 ? 'INT32' : precision <= 18 ? 'INT64' : 'FIXED_LEN_BYTE_ARRAY';
    const element: SchemaElement = {
      name,
      type: physical,
      repetition_type: opt,
      converted_type: 'DECIMAL',
      precision,
      scale,
      logical_type: { type: 'DECIMAL', precision, scale },
    };
    if (physical === 'FIXED_LEN_BYTE_ARRAY') element.type_length = 16;
    return { elements: [element], encoding: plain, values: (v) => cells(v, (d, j) => decimalUnscaled(d.values as Uint32Array, j)) };
  }
  return undefined;
}
