/**
 * Generated imbalanced data for the streaming tests: `cols` float columns, a 3-level string
 * column and a string label ('fraud' for about `minority` of the rows, else 'ok'), written batch
 * by batch (never whole in memory) as Parquet with small row groups.
 */
import { Float64, RecordBatch, Schema, Field, Struct, Utf8, makeData, vectorFromArray, type Data } from 'apache-arrow';
import { writeBatchesAtomically } from '../../src/io/write-batches.js';
import { Rng } from '../../src/random.js';

export interface GeneratedSpec {
  readonly rows: number;
  readonly cols: number;
  readonly minority: number;
  readonly seed: number;
  readonly batchRows?: number;
}

export function generatedSchema(cols: number): Schema {
  return new Schema([
    ...Array.from({ length: cols }, (_, i) => new Field(`f${i}`, new Float64(), true)),
    new Field('city', new Utf8(), true),
    new Field('label', new Utf8(), true),
  ]);
}

/** The rows as record batches, generated lazily. */
export async function* generatedBatches(spec: GeneratedSpec): AsyncGenerator<RecordBatch> {
  const schema = generatedSchema(spec.cols);
  const rng = new Rng(spec.seed);
  const step = spec.batchRows ?? 10_000;
  const cities = ['oslo', 'rome', 'paris'];
  for (let start = 0; start < spec.rows; start += step) {
    const n = Math.min(step, spec.rows - start);
    const labels = Array.from({ length: n }, () => (rng.next() < spec.minority ? 'fraud' : 'ok'));
    const children: Data[] = [];
    for (let c = 0; c < spec.cols; c++) {
      const values = new Float64Array(n);
      for (let i = 0; i < n; i++) values[i] = rng.normal() + (labels[i] === 'fraud' ? 2 : 0);
      children.push(makeData({ type: new Float64(), length: n, nullCount: 0, data: values }));
    }
    children.push(vectorFromArray(Array.from({ length: n }, () => cities[rng.int(3)]!), new Utf8()).data[0]!);
    children.push(vectorFromArray(labels, new Utf8()).data[0]!);
    yield new RecordBatch(schema, makeData({ type: new Struct(schema.fields), length: n, nullCount: 0, children }));
  }
}

/** Write the generated rows to `file` as Parquet with `rowGroupRows`-row groups. */
export async function writeGeneratedParquet(file: string, spec: GeneratedSpec, rowGroupRows = 10_000): Promise<number> {
  const written = await writeBatchesAtomically(file, 'parquet', generatedSchema(spec.cols), generatedBatches(spec), { rowGroupRows });
  return written.bytes;
}
