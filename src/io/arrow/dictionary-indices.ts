/**
 * Dictionary columns with 64-bit indices (pyarrow's `dictionary_encode(index_type=int64)`, some
 * Spark exports): apache-arrow 21 cannot read their values (its getter mixes the bigint index with
 * numbers and throws a TypeError), so they are re-indexed as Int32 when read. Dictionaries never
 * approach 2^31 entries in a table that fits a JavaScript process, so nothing is lost. Every other
 * index width (int8..int32, uint8..uint32) is kept as it is.
 */
import { Data, DataType, Dictionary, Field, Int32, RecordBatch, Schema, Struct, Table, makeData } from 'apache-arrow';

function hasWideIndices(type: DataType): type is Dictionary {
  // The typings allow 8 | 16 | 32 only; IPC files can say 64.
  return DataType.isDictionary(type) && (type.indices.bitWidth as number) === 64;
}

/** `schema` with 64-bit dictionary indices (top-level columns) as Int32; the same object when there are none. */
export function narrowIndicesSchema(schema: Schema): Schema {
  if (!schema.fields.some((f) => hasWideIndices(f.type))) return schema;
  const fields = schema.fields.map((f) => {
    if (!hasWideIndices(f.type)) return f;
    const type = new Dictionary(f.type.dictionary, new Int32(), f.type.id, f.type.isOrdered);
    return new Field(f.name, type, f.nullable, f.metadata);
  });
  return new Schema(fields, schema.metadata);
}

/** `batch` under `schema` (from `narrowIndicesSchema`), its 64-bit indices copied into Int32 ones. */
export function narrowIndicesBatch(batch: RecordBatch, schema: Schema): RecordBatch {
  if (!batch.schema.fields.some((f) => hasWideIndices(f.type))) return batch;
  const children = batch.data.children.map((child, i) => {
    const type = schema.fields[i]!.type;
    if (!hasWideIndices(child.type)) return child;
    const wide = child.values as unknown as BigInt64Array | BigUint64Array;
    const indices = new Int32Array(child.length);
    for (let r = 0; r < child.length; r++) indices[r] = Number(wide[r]);
    return makeData({ type: type as Dictionary, offset: child.offset, length: child.length, nullCount: child.nullCount, nullBitmap: child.nullBitmap, data: indices, dictionary: child.dictionary! }) as Data;
  });
  return new RecordBatch(schema, makeData({ type: new Struct(schema.fields), length: batch.numRows, nullCount: batch.data.nullCount, children }));
}

/** `table` with 64-bit dictionary indices as Int32 (itself when there are none). */
export function narrowIndices(table: Table): Table {
  const schema = narrowIndicesSchema(table.schema);
  if (schema === table.schema) return table;
  return new Table(schema, table.batches.map((b) => narrowIndicesBatch(b, schema)));
}
