/**
 * Write Parquet with hyparquet-writer, one row group per 64k rows so memory stays flat, keeping
 * Arrow types: Int64 stays INT64 (never rounded through double), timestamps keep unit and time
 * zone, Decimal stays DECIMAL, Dictionary<Utf8> is dictionary-encoded, plain strings only when the
 * writer finds it halves their size, and numbers are never dictionary-encoded (it costs 27% on
 * random floats). Key-value metadata goes into the footer, next to an ARROW:schema entry so that
 * pyarrow/pandas (and our reader) restore dictionary, fixed-size-list and time-zone types.
 */
import { DataType, RecordBatch, type Field, type Schema, Table, TimeUnit, type Timestamp, type Vector } from 'apache-arrow';
import { ByteWriter, ParquetWriter } from 'hyparquet-writer';
import { GanAugmentError } from '../../errors.js';
import { decimalUnscaled } from '../arrow/build.js';
import { ARROW_SCHEMA_KEY, encodeArrowSchema } from '../arrow/schema-metadata.js';
import { plainSchema } from '../arrow/plain-types.js';
import type { ByteSink } from '../types.js';
import { statelessSnappy } from './snappy-compress.js';

// hyparquet-writer bundles its own hyparquet version: take the schema types from the writer.
type WriterOptions = ConstructorParameters<typeof ParquetWriter>[0];
type SchemaElement = WriterOptions['schema'][number];
type KeyValue = NonNullable<WriterOptions['kvMetadata']>[number];
type ColumnSource = Parameters<ParquetWriter['write']>[0]['columnData'][number];
type Encoding = NonNullable<ColumnSource['encoding']>;
// hyparquet-writer writes nan_count (field 9) too; the bundled hyparquet type lacks it.
type ChunkStatistics = NonNullable<NonNullable<ParquetWriter['row_groups'][number]['columns'][number]['meta_data']>['statistics']> & { nan_count?: bigint };

/** Rows per row group: large enough for good compression, small enough to keep memory flat. */
export const PARQUET_ROW_GROUP_ROWS = 65_536;

/**
 * Snappy through hysnappy's WebAssembly build of the reference C++ code (already installed with
 * hyparquet-compressors): about 2.5x the speed of hyparquet-writer's JavaScript snappy, which was
 * the largest single cost of writing numeric columns (a third of the writer's time on 20 float
 * columns). Output differs byte-wise from the JavaScript encoder but is standard snappy, and each
 * page's bytes depend on that page only (snappy-compress.ts), so a file's bytes do not depend on
 * what the process wrote before.
 */
export const PARQUET_COMPRESSORS: NonNullable<WriterOptions['compressors']> = { SNAPPY: lazySnappy() };

function lazySnappy(): (input: Uint8Array) => Uint8Array {
  let compress: ((input: Uint8Array) => Uint8Array) | undefined;
  return (input) => (compress ??= statelessSnappy())(input);
}

/** hyparquet-writer's default data page size (bytes). */
const DEFAULT_PAGE_BYTES = 1 << 20;
const FIXED_BYTES: Partial<Record<string, number>> = { BOOLEAN: 1, INT32: 4, FLOAT: 4, INT64: 8, DOUBLE: 8, INT96: 12 };

/**
 * The `pageSize` to pass hyparquet-writer for a row group: 0 (one page per column, without
 * hyparquet-writer's per-value size estimate) when every column's values of this row group fit in
 * one default page anyway, so the bytes are the same as with the default; else the default.
 * Fixed-width columns are sized by their width; strings by their bytes (or, when dictionary-encoded,
 * 4-byte indices: both must fit). The per-value estimate cost about 4% of writing a numeric row group.
 * @example pq.write({ columnData, rowGroupSize: rows, pageSize: parquetPageSize(columns, cells, rows) });
 */
export function parquetPageSize(columns: readonly ColumnWriter[], cells: readonly unknown[], rows: number): number {
  const fits = columns.every((c, i) => {
    if (c.elements.length !== 1) return false;
    const { type, type_length: length } = c.elements[0]!;
    if (type === 'BYTE_ARRAY') return rows * 4 < DEFAULT_PAGE_BYTES && byteLengths(cells[i], DEFAULT_PAGE_BYTES) < DEFAULT_PAGE_BYTES;
    const width = type === 'FIXED_LEN_BYTE_ARRAY' ? length : FIXED_BYTES[type ?? ''];
    return width !== undefined && width * rows < DEFAULT_PAGE_BYTES;
  });
  return fits ? 0 : DEFAULT_PAGE_BYTES;
}

/** Total bytes of byte-array cells (nulls count 0), stopping once `limit` is reached; Infinity for other cells. */
function byteLengths(cells: unknown, limit: number): number {
  if (!Array.isArray(cells)) return Infinity;
  let total = 0;
  for (const cell of cells) {
    if (cell === null || cell === undefined) continue;
    if (!(cell instanceof Uint8Array)) return Infinity;
    total += cell.byteLength;
    if (total >= limit) return total;
  }
  return total;
}

export interface ColumnWriter {
  elements: SchemaElement[];
  encoding?: Encoding;
  values(vector: Vector): unknown[] | ArrayLike<unknown>;
}

/**
 * Footer key-value metadata: the caller's pairs, then the Arrow schema under ARROW:schema (as
 * pyarrow writes it), so Arrow readers get the exact types back.
 */
export function parquetKvMetadata(schema: Schema, pairs: Iterable<readonly [string, string]>): KeyValue[] {
  const kv: KeyValue[] = [...pairs].filter(([k]) => k !== ARROW_SCHEMA_KEY).map(([key, value]) => ({ key, value }));
  // Parquet has no large or view types: the hint names the plain types the columns are written as.
  kv.push({ key: ARROW_SCHEMA_KEY, value: encodeArrowSchema(plainSchema(schema)) });
  return kv;
}

/**
 * hyparquet-writer's in-memory ByteWriter, emptied into `sink` by `flush()` (after each row group),
 * so a file of any size is written with one row group in memory.
 */
export function flushingWriter(sink: ByteSink, initialSize?: number): { writer: ByteWriter; flush(): Promise<void> } {
  const writer = new ByteWriter(initialSize);
  return {
    writer,
    async flush() {
      if (writer.index === 0) return;
      const chunk = new Uint8Array(writer.buffer, 0, writer.index).slice();
      writer.index = 0;
      await sink.write(chunk);
    },
  };
}

/**
 * Stream `table` as Parquet into `sink`.
 * @example await writeParquet(table, sink, { tool: 'gan-augment' });
 */
export async function writeParquet(table: Table, sink: ByteSink, metadata: Record<string, string> = {}, dest = 'the output'): Promise<void> {
  const columns = table.schema.fields.map((f) => columnWriter(f, dest));
  const schema: SchemaElement[] = [{ name: 'schema', num_children: columns.length }, ...columns.flatMap((c) => c.elements)];
  const kvMetadata = parquetKvMetadata(table.schema, Object.entries(metadata));
  const { writer, flush } = flushingWriter(sink);
  const pq = new ParquetWriter({ writer, schema, codec: 'SNAPPY', compressors: PARQUET_COMPRESSORS, kvMetadata, createdBy: 'gan-augment (hyparquet-writer)' });
  for (let start = 0; start < table.numRows; start += PARQUET_ROW_GROUP_ROWS) {
    const end = Math.min(table.numRows, start + PARQUET_ROW_GROUP_ROWS);
    await writeRowGroup(pq, columns, table.slice(start, end));
    await flush();
  }
  await pq.finish();
  await flush();
}

/**
 * `batches` regrouped into tables of exactly `rows` rows (the last one shorter), so small input
 * batches or row groups still make full-size output row groups; holds about one row group.
 */
export async function* rowGroupTables(schema: Schema, batches: AsyncIterable<RecordBatch>, rows: number): AsyncGenerator<Table> {
  let pending: RecordBatch[] = [];
  let pendingRows = 0;
  function* cut(all: boolean): Generator<Table> {
    if (pendingRows === 0) return;
    const table = new Table(schema, pending);
    let start = 0;
    while (table.numRows - start >= rows || (all && start < table.numRows)) {
      const end = Math.min(table.numRows, start + rows);
      yield table.slice(start, end);
      start = end;
    }
    const rest = table.slice(start);
    pending = rest.batches.map((b) => new RecordBatch(schema, b.data));
    pendingRows = rest.numRows;
  }
  for await (const batch of batches) {
    if (batch.numRows === 0) continue;
    pending.push(new RecordBatch(schema, batch.data));
    pendingRows += batch.numRows;
    if (pendingRows >= rows) yield* cut(false);
  }
  yield* cut(true);
}

/**
 * Append `slice` (all its rows) to `pq` as one row group, columns encoded by `columns`.
 *
 * Min/max/null/NaN statistics of the columns whose cells are a typed array (numbers without
 * nulls) are computed here in one tight loop and set on the column chunks hyparquet-writer has
 * just appended (the footer is written only by `finish`): its own statistics loop, generic over
 * every value type, took about a quarter of writing a row group of 20 float columns. Other
 * columns keep hyparquet-writer's statistics. The values are the same either way (tested).
 * @example await writeRowGroup(pq, columns, table.slice(0, 65_536));
 */
export async function writeRowGroup(pq: ParquetWriter, columns: readonly ColumnWriter[], slice: Table): Promise<void> {
  const rows = slice.numRows;
  const cells = columns.map((c, i) => c.values(slice.getChildAt(i)!));
  const own = cells.map((data, i) => columns[i]!.elements.length === 1 && isTypedNumbers(data));
  const columnData = slice.schema.fields.map(
    (f, i): ColumnSource => ({
      name: f.name,
      data: cells[i] as ColumnSource['data'],
      ...(columns[i]!.encoding ? { encoding: columns[i]!.encoding } : {}),
      ...(own[i] ? { statistics: false } : {}),
    }),
  );
  await pq.write({ columnData, rowGroupSize: rows, pageSize: parquetPageSize(columns, cells, rows) });
  const chunks = pq.row_groups.at(-1)?.columns ?? [];
  if (chunks.length !== columns.length) throw new Error(`internal: ${chunks.length} column chunks for ${columns.length} columns`);
  own.forEach((mine, i) => {
    const meta = chunks[i]!.meta_data;
    if (mine && meta) meta.statistics = typedStatistics(cells[i] as TypedNumbers, meta.type === 'FLOAT' || meta.type === 'DOUBLE');
  });
}

type TypedNumbers = Int32Array | Float32Array | Float64Array | BigInt64Array;

function isTypedNumbers(data: unknown): data is TypedNumbers {
  return data instanceof Float64Array || data instanceof Float32Array || data instanceof Int32Array || data instanceof BigInt64Array;
}

/** Parquet statistics as hyparquet-writer computes them: NaN skipped (and counted for floats), min -0 / max +0 for zero. */
function typedStatistics(values: TypedNumbers, float: boolean): ChunkStatistics {
  if (values instanceof BigInt64Array) {
    let min: bigint | undefined;
    let max: bigint | undefined;
    for (const v of values) {
      if (min === undefined || v < min) min = v;
      if (max === undefined || v > max) max = v;
    }
    return { min_value: min, max_value: max, null_count: 0n };
  }
  let min = Infinity;
  let max = -Infinity;
  let nan = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (v !== v) {
      nan++;
      continue;
    }
    if (v < min) min = v;
    if (v > max) max = v;
  }
  const any = nan < values.length;
  const stats: ChunkStatistics = {
    min_value: any ? (min === 0 ? -0 : min) : undefined,
    max_value: any ? (max === 0 ? 0 : max) : undefined,
    null_count: 0n,
  };
  if (float) stats.nan_count = BigInt(nan);
  return stats;
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

/** Boolean cells straight from the bit-packed values (Bool data keeps its offset; Vector.get per row was slow). */
function booleans(vector: Vector): (boolean | null)[] {
  return cells(vector, (d, j) => {
    const bit = d.offset + j;
    return (((d.values as Uint8Array)[bit >> 3]! >> (bit & 7)) & 1) === 1;
  });
}

/**
 * String or binary cells as byte views into the Arrow buffers (no decode and re-encode): Utf8 and
 * Binary by their offsets, the large types by their 64-bit offsets; view types (no offsets buffer)
 * through apache-arrow's getter.
 */
function byteCells(vector: Vector): (Uint8Array | null)[] {
  return cells(vector, (d, j, row) => entryBytes(d, j) ?? toBytes(vector.get(row)));
}

function entryBytes(d: Vector['data'][number], j: number): Uint8Array | undefined {
  const o = d.valueOffsets as ArrayLike<number | bigint> | undefined;
  return o ? (d.values as Uint8Array).subarray(Number(o[j]), Number(o[j + 1])) : undefined;
}

const utf8 = new TextEncoder();
function toBytes(value: unknown): Uint8Array {
  return value instanceof Uint8Array ? value : utf8.encode(String(value));
}

/** Dictionary cells as the bytes of their dictionary entry (one view per entry, shared). */
function dictionaryBytes(vector: Vector): (Uint8Array | null)[] {
  const entries = new Map<unknown, Uint8Array[]>();
  return cells(vector, (d, j) => {
    const dict = d.dictionary!;
    let views = entries.get(dict);
    if (!views) {
      views = [];
      for (const c of dict.data) for (let i = 0; i < c.length; i++) views.push(entryBytes(c, i) ?? toBytes(dict.get(views.length)));
      entries.set(dict, views);
    }
    return views[Number((d.values as ArrayLike<number | bigint>)[j])]!;
  });
}

export function columnWriter(field: Field, dest: string): ColumnWriter {
  const { name, type } = field;
  const leaf = leafWriter(name, type);
  if (leaf) return leaf;
  if (DataType.isList(type) || DataType.isLargeList(type) || DataType.isFixedSizeList(type)) {
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
    return { elements: [{ name, type: 'BOOLEAN', repetition_type: opt }], values: booleans };
  }
  if (isText(type)) {
    return {
      elements: [{ name, type: 'BYTE_ARRAY', repetition_type: opt, converted_type: 'UTF8', logical_type: { type: 'STRING' } }],
      values: byteCells,
    };
  }
  if (DataType.isDictionary(type) && isText(type.dictionary)) {
    return {
      elements: [{ name, type: 'BYTE_ARRAY', repetition_type: opt, converted_type: 'UTF8', logical_type: { type: 'STRING' } }],
      encoding: 'RLE_DICTIONARY',
      values: dictionaryBytes,
    };
  }
  if (DataType.isBinary(type) || DataType.isLargeBinary(type) || DataType.isBinaryView(type)) {
    return { elements: [{ name, type: 'BYTE_ARRAY', repetition_type: opt }], values: byteCells };
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

/** Utf8 and its large and view forms, all written as Parquet STRING. */
function isText(type: DataType): boolean {
  return DataType.isUtf8(type) || DataType.isLargeUtf8(type) || DataType.isUtf8View(type);
}
