/**
 * Encoded `Dataset` + `TablePlan` -> an Arrow table with exactly the input's columns, order and
 * types: integers rounded (int64 as bigint), timestamps in their unit and time zone, dictionary
 * columns as dictionaries, booleans as booleans, the label in its own type, and ignored columns
 * null.
 */
import {
  DataType,
  Field,
  RecordBatch,
  Schema,
  Struct,
  Table,
  Vector,
  makeBuilder,
  makeData,
  type Data,
  type Dictionary,
  type Float64,
} from 'apache-arrow';
import type { Dataset, Feature, ImageFeature } from '../contracts.js';
import { GanAugmentError } from '../errors.js';
import { decodeImageColumn } from '../image/column.js';
import { toByte } from '../image/png.js';
import { canonicalNumber, fromLevel, fromNumber, isPlainNumber, toLevel } from './arrow-values.js';
import { schemaFromPlan, type TablePlan } from './plan.js';

export interface DecodeOptions {
  /**
   * Dictionaries to reuse for dictionary-encoded columns, by column name: when synthetic rows are
   * appended to the input, sharing the input's dictionary keeps one dictionary per column.
   */
  readonly dictionaries?: ReadonlyMap<string, Vector>;
}

/**
 * Decode `dataset` (for example a synthesizer's samples) into a table shaped like the plan's input.
 * @example const synthetic = decodeDataset(await synth.sample(counts, rng), plan);
 */
export function decodeDataset(dataset: Dataset, plan: TablePlan, options: DecodeOptions = {}): Table {
  const schema = schemaFromPlan(plan);
  const byName = featuresByName(dataset, plan);
  const n = dataset.rowCount;
  const datas: Data[] = [];
  const fields: Field[] = [];
  schema.fields.forEach((field, index) => {
    const column = plan.columns[index]!;
    const type = field.type;
    if (column.role === 'image') {
      const feature = byName.get(column.name)!;
      const data = decodeImageColumn(feature as ImageFeature, column.image!).data[0]!;
      if (String(data.type) !== String(type)) {
        throw new GanAugmentError('model', `Cannot decode image column '${column.name}': got ${String(data.type)}, expected ${String(type)}.`);
      }
      datas.push(data);
      fields.push(field);
      return;
    }
    let data: Data;
    if (column.role === 'label' || column.role === 'categorical') {
      const feature = column.role === 'categorical' ? byName.get(column.name)! : undefined;
      const codes = feature?.kind === 'categorical' ? feature.codes : dataset.labels;
      const levels = feature?.kind === 'categorical' ? feature.levels : plan.classes;
      if (DataType.isDictionary(type)) {
        data = dictionaryData(codes, levels, type, options.dictionaries?.get(field.name));
      } else {
        const values = levels.map((l) => fromLevel(l, type));
        data = build(Array.from(codes, (c) => (c < 0 ? null : values[c])), type);
      }
    } else if (column.role === 'numeric') {
      const feature = byName.get(column.name)!;
      const values = feature.kind === 'numeric' ? feature.values : new Float64Array(n).fill(NaN);
      if (column.offset !== undefined) data = build(offsetIntegers(values, BigInt(column.offset), type), type);
      else data = isPlainNumber(type) ? plainNumbers(values, type) : build(Array.from(values, (v) => fromNumber(v, type)), type);
    } else {
      data = build(new Array(n).fill(null), type);
    }
    datas.push(data);
    fields.push(data.nullCount > 0 && !field.nullable ? new Field(field.name, type, true, field.metadata) : field);
  });
  return tableFromColumns(fields, datas, n, schema.metadata);
}

/**
 * The dataset as it will read back once written: integer columns rounded and clamped, floats
 * stored as float32/float16 where the column is, timestamps snapped to their unit. The copy
 * guard compares these values, since two rows that differ only before rounding are the same row
 * in the output file.
 */
export function canonicalizeDataset(dataset: Dataset, plan: TablePlan): Dataset {
  const schema = schemaFromPlan(plan);
  const typeOf = new Map(schema.fields.map((f) => [f.name, f.type]));
  const imageOf = new Map(plan.columns.filter((c) => c.image).map((c) => [c.name, c.image!]));
  const offsetOf = new Set(plan.columns.filter((c) => c.offset !== undefined).map((c) => c.name));
  const features = dataset.features.map((f): Feature => {
    if (f.kind === 'image') {
      // Pixels as written: bytes for uint8 lists and PNGs, clamped floats for float lists.
      const bytes = imageOf.get(f.name)?.encoding !== 'float-list';
      const pixels = new Float32Array(f.pixels.length);
      for (let i = 0; i < pixels.length; i++) {
        const v = f.pixels[i]!;
        pixels[i] = bytes ? toByte(v) / 255 : v > 0 ? (v < 1 ? v : 1) : 0;
      }
      return { ...f, pixels };
    }
    if (f.kind !== 'numeric') return f;
    const type = typeOf.get(f.name)!;
    const values = new Float64Array(f.values.length);
    // Distances from an offset (plan.ts) are whole numbers; the type's range applies after the offset.
    const round = offsetOf.has(f.name) ? Math.round : (x: number) => canonicalNumber(x, type);
    for (let i = 0; i < values.length; i++) values[i] = round(f.values[i]!);
    return { ...f, values };
  });
  return { ...dataset, features };
}

/** One table (one record batch) from columns, keeping order and duplicate-free names as given. */
export function tableFromColumns(fields: Field[], datas: Data[], length: number, metadata?: Map<string, string>): Table {
  const schema = new Schema(fields, metadata);
  const struct = makeData({ type: new Struct(fields), length, nullCount: 0, children: datas });
  return new Table(schema, [new RecordBatch(schema, struct)]);
}

/** Fast path for float32/64 and <=32-bit integer columns: one typed array, NaN as null. */
function plainNumbers(values: Float64Array, type: DataType): Data {
  const ArrayType = type.ArrayType as new (n: number) => Float32Array | Float64Array | Int8Array | Int16Array | Int32Array | Uint8Array | Uint16Array | Uint32Array;
  const n = values.length;
  const out = new ArrayType(n);
  const nullBitmap = new Uint8Array(Math.ceil(n / 8));
  let nullCount = 0;
  for (let i = 0; i < n; i++) {
    const v = values[i]!;
    if (Number.isNaN(v)) {
      nullCount++;
      continue;
    }
    out[i] = canonicalNumber(v, type);
    nullBitmap[i >> 3]! |= 1 << (i & 7);
  }
  return makeData({ type: type as Float64, length: n, nullCount, nullBitmap: nullCount > 0 ? nullBitmap : new Uint8Array(0), data: out as Float64Array });
}

/** Encoded distances from `offset` (plan.ts) back to exact 64-bit integers, clamped to the type. */
function offsetIntegers(values: Float64Array, offset: bigint, type: DataType): (bigint | null)[] {
  const signed = DataType.isInt(type) && type.isSigned;
  const min = signed ? -(2n ** 63n) : 0n;
  const max = signed ? 2n ** 63n - 1n : 2n ** 64n - 1n;
  return Array.from(values, (v) => {
    if (Number.isNaN(v)) return null;
    const x = offset + BigInt(Math.round(Math.min(Math.max(v, -1.8e19), 1.8e19)));
    return x < min ? min : x > max ? max : x;
  });
}

function build(cells: unknown[], type: DataType): Data {
  const builder = makeBuilder({ type, nullValues: [null, undefined] });
  for (const cell of cells) builder.append(cell);
  const vector = builder.finish().toVector();
  return vector.data[0]!;
}

/**
 * A dictionary column straight from codes: indices into `shared` (the input's dictionary, so
 * appended rows share it) when it holds every level used, else into a new dictionary of `levels`.
 */
function dictionaryData(codes: Int32Array, levels: readonly string[], type: Dictionary, shared: Vector | undefined): Data {
  const n = codes.length;
  let dictionary: Vector | undefined;
  let position: Int32Array | undefined;
  if (shared) {
    const at = new Map<string, number>();
    for (let i = 0; i < shared.length; i++) {
      const level = toLevel(shared.get(i), type.dictionary);
      if (level !== null && !at.has(level)) at.set(level, i);
    }
    const used = new Set(codes);
    if (levels.every((l, i) => !used.has(i) || at.has(l))) {
      dictionary = shared;
      position = Int32Array.from(levels, (l) => at.get(l) ?? 0);
    }
  }
  if (!dictionary || !position) {
    dictionary = new Vector([build(levels.map((l) => fromLevel(l, type.dictionary)), type.dictionary)]);
    position = Int32Array.from(levels, (_, i) => i);
  }
  const ArrayType = type.indices.ArrayType as new (n: number) => Int8Array | Int16Array | Int32Array | Uint8Array | Uint16Array | Uint32Array;
  const indices = new ArrayType(n);
  const nullBitmap = new Uint8Array(Math.ceil(n / 8));
  let nullCount = 0;
  for (let i = 0; i < n; i++) {
    const c = codes[i]!;
    if (c < 0) {
      nullCount++;
      continue;
    }
    indices[i] = position[c]!;
    nullBitmap[i >> 3]! |= 1 << (i & 7);
  }
  return makeData({ type, length: n, nullCount, nullBitmap, data: indices, dictionary });
}

function featuresByName(dataset: Dataset, plan: TablePlan): Map<string, Feature> {
  const byName = new Map(dataset.features.map((f) => [f.name, f]));
  for (const column of plan.columns) {
    if (column.role !== 'numeric' && column.role !== 'categorical' && column.role !== 'image') continue;
    const feature = byName.get(column.name);
    const expected = column.role;
    if (!feature || feature.kind !== expected) {
      throw new GanAugmentError('model', `Cannot decode samples: column '${column.name}' should be a ${expected} feature but the synthesizer returned ${feature ? `a ${feature.kind} one` : 'none'}.`, {
        hint: 'The model does not match this table plan; fit it again.',
      });
    }
  }
  if (dataset.classes.join('\u0000') !== plan.classes.join('\u0000')) {
    throw new GanAugmentError('model', 'Cannot decode samples: the synthesizer\'s classes differ from the table plan\'s.', {
      hint: 'The model does not match this table plan; fit it again.',
    });
  }
  return byName;
}

/** Each dictionary column's dictionary, when all its chunks share one (so synthetic rows reuse it). */
export function inputDictionaries(table: Table, plan: TablePlan): Map<string, Vector> {
  const out = new Map<string, Vector>();
  plan.columns.forEach((c, i) => {
    const column = table.getChildAt(i);
    if (!column || !DataType.isDictionary(column.type)) return;
    const first = column.data[0]?.dictionary;
    if (first && column.data.every((d) => d.dictionary === first)) out.set(c.name, first);
  });
  return out;
}
