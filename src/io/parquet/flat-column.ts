/**
 * A fast path for the common case of a flat (top-level, non-repeated) Parquet column of numbers or
 * strings: decode its pages straight into Arrow buffers. Hand-written (around hyparquet's page
 * header parser, codecs and delta decoder) because hyparquet assembles every nullable column, even
 * a flat one, into a JavaScript array of boxed values (Dremel assembly), and that array and its
 * conversion to Arrow took ~70% of a read of a DuckDB-written file of doubles (docs/scale.md).
 *
 * The result equals what `toData` makes from hyparquet's values (same Arrow type, values, nulls and
 * dictionary order). Anything outside the fast path (other types or encodings, odd pages, invalid
 * UTF-8) returns undefined so the caller falls back to hyparquet's general reader.
 */
import { isUtf8 } from 'node:buffer';
import { DataType, Dictionary, Int32, Type, Utf8, makeData, vectorFromArray, type Data } from 'apache-arrow';
import type { ColumnMetaData, DataReader, DecodedArray, PageHeader, SchemaTree } from 'hyparquet';
import { compressors } from 'hyparquet-compressors';
import { parquetHeader } from 'hyparquet/src/column.js';
import { decompressPage } from 'hyparquet/src/datapage.js';
import { deltaBinaryUnpack } from 'hyparquet/src/delta.js';
import { readPlain } from 'hyparquet/src/plain.js';
import type { ColumnPlan } from './types.js';
import { snappyDecompress } from './snappy.js';

/** hyparquet-compressors' codecs, with our Snappy decoder (faster on poorly compressible pages: snappy.ts). */
const COMPRESSORS = { ...compressors, SNAPPY: snappyDecompress };

type NumberArray = Float64Array | Float32Array | Int32Array | Int16Array | Int8Array | Uint32Array | Uint16Array | Uint8Array;
type AnyTyped = NumberArray | BigInt64Array | BigUint64Array;

/** How a column is decoded on the fast path, decided once per file from the footer. */
export type FlatColumnKind = 'number' | 'utf8' | 'dictionary';

const lenient = new TextDecoder('utf-8');

/**
 * Whether `plan`'s column can take the fast path: a flat REQUIRED/OPTIONAL leaf whose Arrow type is
 * a plain number (from DOUBLE, FLOAT, INT32, INT64 without a date/time/decimal annotation) or a
 * STRING-annotated byte array (Utf8 or Dictionary<Utf8>).
 */
export function flatColumnKind(plan: ColumnPlan, node: SchemaTree): FlatColumnKind | undefined {
  const e = node.element;
  if (plan.kind !== 'plain' || node.children.length > 0 || e.repetition_type === 'REPEATED') return undefined;
  const type = plan.field.type;
  const ct = e.converted_type;
  const lt = e.logical_type;
  if (DataType.isFloat(type) && type.precision !== 0) {
    if (e.type === 'DOUBLE' && type.ArrayType === Float64Array && ct === undefined && lt === undefined) return 'number';
    if (e.type === 'FLOAT' && type.ArrayType === Float32Array && ct === undefined && lt === undefined) return 'number';
    return undefined;
  }
  if (type.typeId === Type.Int) {
    const plainInt = lt === undefined || lt.type === 'INTEGER';
    const intAnnotation = ct === undefined || /^U?INT_(8|16|32|64)$/.test(ct);
    if ((e.type === 'INT32' || e.type === 'INT64') && plainInt && intAnnotation) return 'number';
    return undefined;
  }
  const isString = e.type === 'BYTE_ARRAY' && (ct === 'UTF8' || lt?.type === 'STRING') && ct !== 'JSON' && ct !== 'ENUM';
  if (!isString) return undefined;
  if (DataType.isUtf8(type)) return 'utf8';
  if (DataType.isDictionary(type) && DataType.isUtf8(type.dictionary)) return 'dictionary';
  return undefined;
}

/**
 * Decode one column chunk (`bytes` holds exactly its pages) of a row group of `numRows` rows.
 * @example const data = decodeFlatColumn(bytes, meta, node, plan.field.type, 'number', 122880);
 */
export function decodeFlatColumn(
  bytes: Uint8Array,
  meta: ColumnMetaData,
  node: SchemaTree,
  type: DataType,
  kind: FlatColumnKind,
  numRows: number,
): Data | undefined {
  const optional = node.element.repetition_type !== 'REQUIRED';
  const width = physicalWidth(meta.type);
  if (kind === 'number' && width === 0) return undefined;
  const sink = kind === 'number' ? new NumberSink(type, numRows, meta.type) : kind === 'utf8' ? new Utf8Sink(numRows) : new DictionarySink(numRows);
  const reader: DataReader = { view: new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength), offset: 0 };
  let dictionary: DecodedArray | undefined;
  let rows = 0;
  try {
    while (rows < numRows && reader.offset < bytes.byteLength) {
      const header: PageHeader = parquetHeader(reader);
      const size = header.compressed_page_size;
      if (reader.offset + size > bytes.byteLength) return undefined;
      const body = bytes.subarray(reader.offset, reader.offset + size);
      reader.offset += size;
      if (header.type === 'DICTIONARY_PAGE') {
        const dh = header.dictionary_page_header;
        if (!dh || dictionary) return undefined;
        const page = decompressPage(body, header.uncompressed_page_size, meta.codec, COMPRESSORS);
        dictionary = readPlain({ view: new DataView(page.buffer, page.byteOffset, page.byteLength), offset: 0 }, meta.type, dh.num_values, node.element.type_length);
        continue;
      }
      let count: number;
      let encoding: string;
      let present: Uint8Array | undefined;
      let nulls = 0;
      let values: Uint8Array;
      if (header.type === 'DATA_PAGE' && header.data_page_header) {
        const dp = header.data_page_header;
        count = dp.num_values;
        encoding = dp.encoding;
        const page = decompressPage(body, header.uncompressed_page_size, meta.codec, COMPRESSORS);
        let at = 0;
        if (optional) {
          if (dp.definition_level_encoding !== 'RLE') return undefined;
          const length = page[0]! | (page[1]! << 8) | (page[2]! << 16) | (page[3]! << 24);
          present = new Uint8Array(count);
          nulls = readHybrid(page, 4, 4 + length, 1, present, count);
          at = 4 + length;
        }
        values = page.subarray(at);
      } else if (header.type === 'DATA_PAGE_V2' && header.data_page_header_v2) {
        const dp = header.data_page_header_v2;
        count = dp.num_rows;
        encoding = dp.encoding;
        if (dp.num_values !== dp.num_rows || dp.repetition_levels_byte_length !== 0) return undefined;
        const levelBytes = dp.definition_levels_byte_length;
        if (optional) {
          present = new Uint8Array(count);
          nulls = readHybrid(body, 0, levelBytes, 1, present, count);
        }
        const rest = body.subarray(levelBytes);
        const uncompressed = header.uncompressed_page_size - levelBytes;
        values = dp.is_compressed !== false && uncompressed ? decompressPage(rest, uncompressed, meta.codec, COMPRESSORS) : rest;
      } else {
        return undefined;
      }
      if (rows + count > numRows) return undefined;
      if (nulls === 0) present = undefined;
      const nValues = count - nulls;
      let ok: boolean;
      if (encoding === 'PLAIN_DICTIONARY' || encoding === 'RLE_DICTIONARY') {
        if (!dictionary) return undefined;
        const indices = new Int32Array(nValues);
        const bitWidth = values[0] ?? 0;
        if (nValues > 0 && bitWidth > 0) readHybrid(values, 1, values.length, bitWidth, indices, nValues);
        ok = sink.dictionaryPage(rows, count, present, indices, dictionary);
      } else if (encoding === 'PLAIN') {
        ok = sink.plainPage(rows, count, present, values, nValues);
      } else if (encoding === 'BYTE_STREAM_SPLIT' && kind === 'number') {
        if (values.length < nValues * width) return undefined;
        ok = sink.plainPage(rows, count, present, unsplit(values, nValues, width), nValues);
      } else if (encoding === 'DELTA_BINARY_PACKED' && kind === 'number' && (meta.type === 'INT32' || meta.type === 'INT64')) {
        const ints = meta.type === 'INT32' ? new Int32Array(nValues) : new BigInt64Array(nValues);
        deltaBinaryUnpack({ view: new DataView(values.buffer, values.byteOffset, values.byteLength), offset: 0 }, nValues, ints);
        ok = sink.plainPage(rows, count, present, new Uint8Array(ints.buffer), nValues);
      } else {
        return undefined;
      }
      if (!ok) return undefined;
      rows += count;
    }
  } catch {
    return undefined; // let hyparquet's general reader decode it (and report real corruption)
  }
  if (rows !== numRows) return undefined;
  return sink.finish(type);
}

/** BYTE_STREAM_SPLIT: byte b of value i sits at b * n + i; put the bytes of each value back together. */
function unsplit(bytes: Uint8Array, n: number, width: number): Uint8Array {
  const out = new Uint8Array(n * width);
  for (let b = 0; b < width; b++) {
    const plane = b * n;
    for (let i = 0; i < n; i++) out[i * width + b] = bytes[plane + i]!;
  }
  return out;
}

function physicalWidth(type: string): number {
  return type === 'DOUBLE' || type === 'INT64' ? 8 : type === 'FLOAT' || type === 'INT32' ? 4 : 0;
}

/**
 * Parquet's RLE / bit-packed hybrid encoding (levels and dictionary indices), decoded into a typed
 * array: `n` values from bytes[pos, end). Returns how many are 0 (for levels: the nulls). Widths
 * above 24 bits are left to hyparquet (throws).
 */
function readHybrid(bytes: Uint8Array, pos: number, end: number, width: number, out: Uint8Array | Int32Array, n: number): number {
  if (width > 24) throw new Error('bit width above 24');
  end = Math.min(end, bytes.length);
  const mask = (1 << width) - 1;
  const byteWidth = (width + 7) >> 3;
  let seen = 0;
  let zeros = 0;
  while (seen < n) {
    if (pos >= end) throw new Error('levels end early');
    let header = 0;
    let shift = 0;
    for (;;) {
      if (pos >= end) throw new Error('levels end early');
      const b = bytes[pos++]!;
      header |= (b & 0x7f) << shift;
      if (b < 0x80) break;
      shift += 7;
      if (shift > 28) throw new Error('bad varint');
    }
    if (header & 1) {
      const total = (header >>> 1) * 8;
      const take = Math.min(total, n - seen);
      let buf = 0;
      let bits = 0;
      for (let i = 0; i < take; i++) {
        while (bits < width) {
          if (pos >= end) throw new Error('bit-packed run ends early');
          buf |= bytes[pos++]! << bits;
          bits += 8;
        }
        const v = buf & mask;
        out[seen++] = v;
        if (v === 0) zeros++;
        buf >>>= width;
        bits -= width;
      }
      // Skip the padding of the last group of 8 (whole bytes past what was consumed).
      pos += (total * width) / 8 - (take * width + bits) / 8;
    } else {
      const count = header >>> 1;
      if (pos + byteWidth > end) throw new Error('run ends early');
      let value = 0;
      for (let i = 0; i < byteWidth; i++) value |= bytes[pos++]! << (8 * i);
      const stop = Math.min(n, seen + count);
      out.fill(value, seen, stop);
      if (value === 0) zeros += stop - seen;
      seen = stop;
    }
  }
  return zeros;
}

/** Receives the pages of one column chunk in order and builds its Arrow data; false when a page is outside the fast path. */
interface Sink {
  /** Rows [start, start+count): `present[i]` 0 for a null (absent when none is), `nValues` PLAIN-encoded values in `bytes`. */
  plainPage(start: number, count: number, present: Uint8Array | undefined, bytes: Uint8Array, nValues: number): boolean;
  /** The same with dictionary indices. */
  dictionaryPage(start: number, count: number, present: Uint8Array | undefined, indices: Int32Array, dictionary: DecodedArray): boolean;
  finish(type: DataType): Data | undefined;
}

/** Validity as apache-arrow expects it (and as validityOf in arrow-build.ts sizes it), made on the first null. */
class Validity {
  bitmap: Uint8Array | undefined;
  nulls = 0;
  constructor(private readonly length: number) {}
  /** Mark row `i` null. */
  setNull(i: number): void {
    if (!this.bitmap) this.bitmap = new Uint8Array(((this.length + 63) >> 6) << 3).fill(0xff);
    this.bitmap[i >> 3]! &= ~(1 << (i & 7));
    this.nulls++;
  }
  /** Clear the padding bits past `length` (validityOf leaves them 0). */
  finish(): Uint8Array | undefined {
    const b = this.bitmap;
    if (!b) return undefined;
    for (let i = this.length; i < b.length * 8; i++) b[i >> 3]! &= ~(1 << (i & 7));
    return b;
  }
}

class NumberSink implements Sink {
  private readonly out: AnyTyped;
  private readonly validity: Validity;
  private readonly width: number;
  /** The typed array of the file's physical type. */
  private readonly Physical: new (buffer: ArrayBufferLike, byteOffset?: number, length?: number) => AnyTyped;
  private readonly compatible: boolean;
  constructor(type: DataType, length: number, physical: string) {
    const Ctor = (type as DataType & { ArrayType: new (n: number) => AnyTyped }).ArrayType;
    this.out = new Ctor(length);
    this.validity = new Validity(length);
    this.width = physicalWidth(physical);
    this.Physical = physical === 'DOUBLE' ? Float64Array : physical === 'FLOAT' ? Float32Array : physical === 'INT32' ? Int32Array : BigInt64Array;
    const bigOut = this.out instanceof BigInt64Array || this.out instanceof BigUint64Array;
    this.compatible = bigOut === (physical === 'INT64');
  }
  plainPage(start: number, count: number, present: Uint8Array | undefined, bytes: Uint8Array, nValues: number): boolean {
    const w = this.width;
    if (!this.compatible || bytes.length < nValues * w) return false;
    const out = this.out;
    if (!present && out.constructor === this.Physical) {
      new Uint8Array(out.buffer, out.byteOffset + start * w, count * w).set(bytes.subarray(0, count * w));
      return true;
    }
    const src = bytes.byteOffset % w === 0 ? new this.Physical(bytes.buffer, bytes.byteOffset, nValues) : new this.Physical(bytes.slice(0, nValues * w).buffer);
    return this.scatter(start, count, present, src, undefined);
  }
  dictionaryPage(start: number, count: number, present: Uint8Array | undefined, indices: Int32Array, dictionary: DecodedArray): boolean {
    if (!this.compatible || !(dictionary instanceof this.Physical)) return false;
    return this.scatter(start, count, present, indices, dictionary);
  }
  private scatter(start: number, count: number, present: Uint8Array | undefined, src: ArrayLike<number | bigint>, dict: ArrayLike<number | bigint> | undefined): boolean {
    const out = this.out as unknown as (number | bigint)[];
    let k = 0;
    if (dict) {
      const n = dict.length;
      for (let i = 0; i < count; i++) {
        if (present && present[i] === 0) {
          this.validity.setNull(start + i);
          continue;
        }
        const p = src[k++] as number;
        if (p >= n) return false;
        out[start + i] = dict[p]!;
      }
      return true;
    }
    for (let i = 0; i < count; i++) {
      if (present && present[i] === 0) this.validity.setNull(start + i);
      else out[start + i] = src[k++]!;
    }
    return true;
  }
  finish(type: DataType): Data {
    const nullBitmap = this.validity.finish();
    return makeData({ type, length: this.out.length, nullCount: this.validity.nulls, nullBitmap, data: this.out } as never);
  }
}

/** Utf8: raw bytes appended as they are (checked to be valid UTF-8 at the end, as a decode/encode round trip would keep them). */
class Utf8Sink implements Sink {
  private data = new Uint8Array(1 << 16);
  private size = 0;
  private readonly offsets: Int32Array;
  private readonly validity: Validity;
  private bom = false;
  constructor(private readonly length: number) {
    this.offsets = new Int32Array(length + 1);
    this.validity = new Validity(length);
  }
  private append(bytes: Uint8Array, from: number, to: number): void {
    const n = to - from;
    if (this.size + n > this.data.length) {
      const grown = new Uint8Array(Math.max(this.data.length * 2, this.size + n));
      grown.set(this.data.subarray(0, this.size));
      this.data = grown;
    }
    if (n >= 3 && bytes[from] === 0xef && bytes[from + 1] === 0xbb && bytes[from + 2] === 0xbf) this.bom = true;
    if (n < 16) for (let j = from; j < to; j++) this.data[this.size++] = bytes[j]!;
    else {
      this.data.set(bytes.subarray(from, to), this.size);
      this.size += n;
    }
  }
  plainPage(start: number, count: number, present: Uint8Array | undefined, bytes: Uint8Array, nValues: number): boolean {
    let pos = 0;
    let k = 0;
    for (let i = 0; i < count; i++) {
      if (present && present[i] === 0) this.validity.setNull(start + i);
      else {
        if (pos + 4 > bytes.length) return false;
        const n = (bytes[pos]! | (bytes[pos + 1]! << 8) | (bytes[pos + 2]! << 16) | (bytes[pos + 3]! << 24)) >>> 0;
        pos += 4;
        if (pos + n > bytes.length) return false;
        this.append(bytes, pos, pos + n);
        pos += n;
        k++;
      }
      this.offsets[start + i + 1] = this.size;
    }
    return k === nValues;
  }
  dictionaryPage(start: number, count: number, present: Uint8Array | undefined, indices: Int32Array, dictionary: DecodedArray): boolean {
    const dict = dictionary as unknown[];
    let k = 0;
    for (let i = 0; i < count; i++) {
      if (present && present[i] === 0) this.validity.setNull(start + i);
      else {
        const v = dict[indices[k++]!];
        if (!(v instanceof Uint8Array)) return false;
        this.append(v, 0, v.length);
      }
      this.offsets[start + i + 1] = this.size;
    }
    return true;
  }
  finish(type: DataType): Data | undefined {
    if (this.size > 2 ** 31 - 1) return undefined;
    const data = this.data.subarray(0, this.size);
    // Invalid UTF-8 or a leading BOM would change in hyparquet's text decoding: leave those to it.
    if (this.bom || !isUtf8(data)) return undefined;
    const nullBitmap = this.validity.finish();
    return makeData({ type: type as Utf8, length: this.length, nullCount: this.validity.nulls, nullBitmap, valueOffsets: this.offsets, data });
  }
}

/** Dictionary<Utf8, Int32>: levels in first-seen order, as buildDictionaryData makes them. */
class DictionarySink implements Sink {
  private readonly indices: Int32Array;
  private readonly validity: Validity;
  private readonly codes = new Map<string, number>();
  private readonly levels: string[] = [];
  private remap: Int32Array | undefined;
  private remapOf: DecodedArray | undefined;
  constructor(private readonly length: number) {
    this.indices = new Int32Array(length);
    this.validity = new Validity(length);
  }
  plainPage(): boolean {
    return false; // a chunk that fell back to PLAIN pages: hyparquet's path
  }
  dictionaryPage(start: number, count: number, present: Uint8Array | undefined, indices: Int32Array, dictionary: DecodedArray): boolean {
    if (this.remapOf !== dictionary) {
      this.remap = new Int32Array(dictionary.length).fill(-1);
      this.remapOf = dictionary;
    }
    const remap = this.remap!;
    const src = indices;
    let k = 0;
    for (let i = 0; i < count; i++) {
      if (present && present[i] === 0) {
        this.validity.setNull(start + i);
        continue;
      }
      const p = src[k++]!;
      if (p >= remap.length) return false;
      let code = remap[p]!;
      if (code < 0) {
        const bytes = (dictionary as unknown[])[p];
        if (!(bytes instanceof Uint8Array)) return false;
        const s = lenient.decode(bytes);
        let seen = this.codes.get(s);
        if (seen === undefined) {
          seen = this.levels.length;
          this.codes.set(s, seen);
          this.levels.push(s);
        }
        code = remap[p] = seen;
      }
      this.indices[start + i] = code;
    }
    return true;
  }
  finish(type: DataType): Data {
    const t = type as Dictionary;
    const dictType = new Dictionary(new Utf8(), new Int32(), t.id, t.isOrdered);
    const dictionary = vectorFromArray(this.levels, new Utf8());
    const nullBitmap = this.validity.finish();
    return makeData({ type: dictType, length: this.length, nullCount: this.validity.nulls, nullBitmap, data: this.indices, dictionary });
  }
}
