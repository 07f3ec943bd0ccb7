/**
 * Copy chosen rows out of record batches into one compact batch. apache-arrow (JS) has no `take`
 * kernel, so this goes through its type-generic builders (value in, value out), which covers every
 * type the readers produce. Used only for the bounded set of training rows, never for a whole file.
 */
import { RecordBatch, Schema, Struct, makeBuilder, makeData, type Data } from 'apache-arrow';

/** One chosen row: which batch it comes from and where in it. */
export interface RowRef {
  readonly batch: number;
  readonly row: number;
}

/**
 * The rows `refs` (in that order) of `batches`, as one batch with `schema`.
 * @example const b = takeBatchRows(schema, [batchA, batchB], [{ batch: 1, row: 3 }, { batch: 0, row: 0 }]);
 */
export function takeBatchRows(schema: Schema, batches: readonly RecordBatch[], refs: readonly RowRef[]): RecordBatch {
  const children: Data[] = schema.fields.map((field, i) => {
    const builder = makeBuilder({ type: field.type, nullValues: [null, undefined] });
    const columns = batches.map((b) => b.getChildAt(i)!);
    for (const ref of refs) builder.append(columns[ref.batch]!.get(ref.row));
    return builder.finish().flush();
  });
  return new RecordBatch(schema, makeData({ type: new Struct(schema.fields), length: refs.length, children }));
}
