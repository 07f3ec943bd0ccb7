/**
 * One growing dictionary per dictionary-encoded string column, for writing batches whose
 * dictionaries differ (one per input row group, plus the synthetic rows') as Arrow IPC. The IPC file
 * format forbids replacing a dictionary but allows deltas, and apache-arrow's writer emits deltas
 * when a batch's dictionary extends the previous one's chunks: so each batch's indices are remapped
 * into a dictionary that only ever gains chunks. Hand-written: apache-arrow's `unifyDictionaries`
 * needs every batch up front, which a stream does not have.
 */
import { DataType, RecordBatch, Struct, Utf8, Vector, makeData, vectorFromArray, type Data, type Dictionary, type Schema } from 'apache-arrow';

interface Growing {
  readonly index: Map<string, number>;
  readonly chunks: Data<Utf8>[];
  vector: Vector<Utf8> | undefined;
}

/**
 * Remaps batches of `schema` onto growing dictionaries.
 * @example const unify = new DictionaryDeltas(schema); writer.write(unify.apply(batch));
 */
export class DictionaryDeltas {
  private readonly columns: Map<number, Growing>;

  constructor(private readonly schema: Schema) {
    this.columns = new Map();
    schema.fields.forEach((f, i) => {
      if (DataType.isDictionary(f.type) && DataType.isUtf8(f.type.dictionary)) this.columns.set(i, { index: new Map(), chunks: [], vector: undefined });
    });
  }

  /** `batch` with its dictionary columns pointing into the growing dictionaries. */
  apply(batch: RecordBatch): RecordBatch {
    if (this.columns.size === 0) return batch;
    const children = batch.data.children.map((child, i) => {
      const growing = this.columns.get(i);
      return growing ? this.remap(child as Data<Dictionary>, growing) : child;
    });
    return new RecordBatch(this.schema, makeData({ type: new Struct(this.schema.fields), length: batch.numRows, nullCount: 0, children }));
  }

  private remap(data: Data<Dictionary>, growing: Growing): Data {
    const local = data.dictionary;
    const map = new Int32Array(local?.length ?? 0);
    const added: string[] = [];
    for (let k = 0; k < map.length; k++) {
      const value = local!.get(k) as string | null;
      const key = value ?? '';
      let g = growing.index.get(key);
      if (g === undefined) {
        g = growing.index.size;
        growing.index.set(key, g);
        added.push(key);
      }
      map[k] = g;
    }
    if (added.length > 0 || growing.vector === undefined) {
      growing.chunks.push(vectorFromArray(added, new Utf8()).data[0]!);
      growing.vector = new Vector(growing.chunks.slice());
    }
    const source = data.values as ArrayLike<number>;
    const Ctor = (data.values as Int32Array).constructor as new (n: number) => Int32Array;
    const values = new Ctor(data.length);
    let bitmap: Uint8Array | undefined;
    let nulls = 0;
    if (data.nullCount > 0) bitmap = new Uint8Array((data.length + 7) >> 3);
    for (let j = 0; j < data.length; j++) {
      if (bitmap && !data.getValid(j)) {
        nulls++;
        continue;
      }
      if (bitmap) bitmap[j >> 3]! |= 1 << (j & 7);
      values[j] = map[Number(source[j])]!;
    }
    return makeData({ type: data.type, length: data.length, nullCount: nulls, data: values, dictionary: growing.vector, ...(bitmap ? { nullBitmap: bitmap } : {}) } as Parameters<typeof makeData>[0]);
  }
}
