/**
 * Copy chosen rows out of record batches into one compact batch. apache-arrow (JS) has no `take`
 * kernel, so this is hand-written: fixed-width numeric columns are gathered straight from their
 * typed arrays (the common case, and 10x faster than builders), Utf8 columns by byte ranges, and
 * Dictionary<Utf8> columns by index into one merged dictionary (levels in first-taken order, as
 * the builder would make it), FixedSizeList columns (image pixels) by gathering `listSize` child
 * cells per row; every other type goes through apache-arrow's type-generic builders
 * (value in, value out). Used only for the bounded set of
 * training rows, never for a whole file.
 */
import { DataType, Dictionary, FixedSizeList, RecordBatch, Schema, Struct, Utf8, makeBuilder, makeData, vectorFromArray, type Data } from 'apache-arrow';

/** One chosen row: which batch it comes from and where in it. */
export interface RowRef {
  readonly batch: number;
  readonly row: number;
}

type Typed = Float64Array | Float32Array | Int32Array | Int16Array | Int8Array | Uint32Array | Uint16Array | Uint8Array | BigInt64Array | BigUint64Array;

/**
 * The rows `refs` (in that order) of `batches`, as one batch with `schema`.
 * @example const b = takeBatchRows(schema, [batchA, batchB], [{ batch: 1, row: 3 }, { batch: 0, row: 0 }]);
 */
export function takeBatchRows(schema: Schema, batches: readonly RecordBatch[], refs: readonly RowRef[]): RecordBatch {
  const children: Data[] = schema.fields.map((field, i) => {
    const sources = batches.map((b) => b.data.children[i]!);
    if (isFixedWidthNumber(field.type) && sources.length > 0 && sources.every((d) => ArrayBuffer.isView(d.values))) return gatherNumbers(field.type, sources, refs);
    if (DataType.isUtf8(field.type) && sources.every((d) => d.valueOffsets instanceof Int32Array && d.values instanceof Uint8Array)) return gatherUtf8(field.type, sources, refs);
    if (isUtf8Dictionary(field.type) && sources.every((d) => d.values instanceof Int32Array && d.dictionary !== undefined && isUtf8Dictionary(d.type))) {
      return gatherDictionary(field.type, sources, refs);
    }
    if (DataType.isFixedSizeList(field.type)) return gatherFixedSizeList(field.type, sources, refs);
    const builder = makeBuilder({ type: field.type, nullValues: [null, undefined] });
    const columns = batches.map((b) => b.getChildAt(i)!);
    for (const ref of refs) builder.append(columns[ref.batch]!.get(ref.row));
    return builder.finish().flush();
  });
  return new RecordBatch(schema, makeData({ type: new Struct(schema.fields), length: refs.length, children }));
}

/**
 * The rows `rows` (in that order) of one batch: the per-batch case of `takeBatchRows`, where fixed-width
 * number columns are gathered by a plain index loop (no row objects; most of the collected cells).
 * @example const b = takeRowsOfBatch(batch, Int32Array.of(0, 5, 9));
 */
export function takeRowsOfBatch(batch: RecordBatch, rows: Int32Array): RecordBatch {
  const schema = batch.schema;
  let refs: RowRef[] | undefined;
  const children: Data[] = schema.fields.map((field, i) => {
    const source = batch.data.children[i]!;
    if (isFixedWidthNumber(field.type) && ArrayBuffer.isView(source.values) && source.nullCount === 0) return gatherNumbersOf(field.type, source, rows);
    refs ??= Array.from(rows, (row) => ({ batch: 0, row }));
    return takeBatchRows(new Schema([field]), [new RecordBatch(new Schema([field]), makeData({ type: new Struct([field]), length: batch.numRows, children: [source] }))], refs).data.children[0]!;
  });
  return new RecordBatch(schema, makeData({ type: new Struct(schema.fields), length: rows.length, children }));
}

/** Numbers of one null-free source at `rows`. */
function gatherNumbersOf(type: DataType, source: Data, rows: Int32Array): Data {
  const src = source.values as Float64Array;
  const values = new (src.constructor as new (n: number) => Float64Array)(rows.length);
  for (let k = 0; k < rows.length; k++) values[k] = src[rows[k]!]!;
  return makeData({ type, length: rows.length, nullCount: 0, data: values } as Parameters<typeof makeData>[0]);
}

function isFixedWidthNumber(type: DataType): boolean {
  return (DataType.isFloat(type) && type.precision !== 0) || DataType.isInt(type);
}

/** Gather numeric cells from the sources' value buffers (already offset by apache-arrow), with a validity bitmap when any is null. */
function gatherNumbers(type: DataType, sources: readonly Data[], refs: readonly RowRef[]): Data {
  const first = sources[0]!.values as Typed;
  const Ctor = first.constructor as new (n: number) => Typed;
  const values = new Ctor(refs.length);
  const anyNull = sources.some((d) => d.nullCount > 0);
  const bitmap = anyNull ? new Uint8Array((refs.length + 7) >> 3) : undefined;
  let nulls = 0;
  for (let k = 0; k < refs.length; k++) {
    const ref = refs[k]!;
    const d = sources[ref.batch]!;
    (values as Float64Array)[k] = (d.values as Float64Array)[ref.row]!;
    if (bitmap) {
      if (d.getValid(ref.row)) bitmap[k >> 3]! |= 1 << (k & 7);
      else nulls++;
    }
  }
  return makeData({ type, length: refs.length, nullCount: nulls, data: values, ...(bitmap ? { nullBitmap: bitmap } : {}) } as Parameters<typeof makeData>[0]);
}

function isUtf8Dictionary(type: DataType): type is Dictionary<Utf8> {
  return DataType.isDictionary(type) && DataType.isUtf8(type.dictionary) && type.indices.bitWidth === 32 && type.indices.isSigned;
}

/** Validity of the taken rows: a bitmap when any source has nulls, and the null count. */
function takeValidity(sources: readonly Data[], refs: readonly RowRef[]): { bitmap: Uint8Array | undefined; nulls: number } {
  if (!sources.some((d) => d.nullCount > 0)) return { bitmap: undefined, nulls: 0 };
  const bitmap = new Uint8Array((refs.length + 7) >> 3);
  let nulls = 0;
  for (let k = 0; k < refs.length; k++) {
    const ref = refs[k]!;
    if (sources[ref.batch]!.getValid(ref.row)) bitmap[k >> 3]! |= 1 << (k & 7);
    else nulls++;
  }
  return { bitmap, nulls };
}

/** Utf8 cells copied as byte ranges (offsets already re-based by apache-arrow for sliced data). */
function gatherUtf8(type: Utf8, sources: readonly Data[], refs: readonly RowRef[]): Data {
  const { bitmap, nulls } = takeValidity(sources, refs);
  const valueOffsets = new Int32Array(refs.length + 1);
  let total = 0;
  for (let k = 0; k < refs.length; k++) {
    const { batch, row } = refs[k]!;
    const o = sources[batch]!.valueOffsets;
    total += o[row + 1]! - o[row]!;
    valueOffsets[k + 1] = total;
  }
  const data = new Uint8Array(total);
  for (let k = 0; k < refs.length; k++) {
    const { batch, row } = refs[k]!;
    const d = sources[batch]!;
    const o = d.valueOffsets;
    data.set((d.values as Uint8Array).subarray(o[row]!, o[row + 1]!), valueOffsets[k]!);
  }
  return makeData({ type, length: refs.length, nullCount: nulls, valueOffsets, data, ...(bitmap ? { nullBitmap: bitmap } : {}) });
}

/** Dictionary<Utf8, Int32> cells re-coded into one dictionary whose levels come in first-taken order. */
function gatherDictionary(type: Dictionary<Utf8>, sources: readonly Data[], refs: readonly RowRef[]): Data {
  const { bitmap, nulls } = takeValidity(sources, refs);
  const remaps = sources.map((d) => new Int32Array(d.dictionary!.length).fill(-1));
  const codes = new Map<string, number>();
  const levels: string[] = [];
  const indices = new Int32Array(refs.length);
  for (let k = 0; k < refs.length; k++) {
    const { batch, row } = refs[k]!;
    const d = sources[batch]!;
    if (nulls > 0 && !d.getValid(row)) continue;
    const p = (d.values as Int32Array)[row]!;
    const remap = remaps[batch]!;
    let code = remap[p]!;
    if (code < 0) {
      const level = String(d.dictionary!.get(p));
      let seen = codes.get(level);
      if (seen === undefined) {
        seen = levels.length;
        codes.set(level, seen);
        levels.push(level);
      }
      code = remap[p] = seen;
    }
    indices[k] = code;
  }
  const dictionary = vectorFromArray(levels, new Utf8());
  return makeData({ type, length: refs.length, nullCount: nulls, data: indices, dictionary, ...(bitmap ? { nullBitmap: bitmap } : {}) });
}

/**
 * FixedSizeList cells: row r's items are child cells r*size .. r*size+size-1 (apache-arrow slices
 * the child with the parent). A null-free numeric child (image pixels) is copied `size` values at a
 * time; any other child is gathered cell by cell through `takeBatchRows`. apache-arrow's
 * FixedSizeListBuilder cannot take its own row values (it indexes them like arrays and reads
 * `undefined`, so every pixel came out missing), so the builder path is not an option here.
 */
function gatherFixedSizeList(type: FixedSizeList, sources: readonly Data[], refs: readonly RowRef[]): Data {
  const { bitmap, nulls } = takeValidity(sources, refs);
  const size = type.listSize;
  const childField = type.children[0]!;
  const children = sources.map((d) => d.children[0]!);
  let child: Data;
  if (isFixedWidthNumber(childField.type) && children.length > 0 && children.every((c) => ArrayBuffer.isView(c.values) && c.nullCount === 0)) {
    const first = children[0]!.values as Typed;
    const values = new (first.constructor as new (n: number) => Float64Array)(refs.length * size);
    for (let k = 0; k < refs.length; k++) {
      const { batch, row } = refs[k]!;
      values.set((children[batch]!.values as Float64Array).subarray(row * size, (row + 1) * size), k * size);
    }
    child = makeData({ type: childField.type, length: values.length, nullCount: 0, data: values } as Parameters<typeof makeData>[0]);
  } else {
    const childRefs = new Array<RowRef>(refs.length * size);
    for (let k = 0; k < refs.length; k++) {
      const { batch, row } = refs[k]!;
      for (let j = 0; j < size; j++) childRefs[k * size + j] = { batch, row: row * size + j };
    }
    const childSchema = new Schema([childField]);
    const childBatches = children.map((c) => new RecordBatch(childSchema, makeData({ type: new Struct([childField]), length: c.length, children: [c] })));
    child = takeBatchRows(childSchema, childBatches, childRefs).data.children[0]!;
  }
  return makeData({ type, length: refs.length, nullCount: nulls, child, ...(bitmap ? { nullBitmap: bitmap } : {}) });
}
