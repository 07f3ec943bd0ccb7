/** The table every round-trip test writes: one column per type the io layer promises to keep. */
import {
  Bool,
  Dictionary,
  Field,
  Float64,
  Int32,
  Int64,
  Schema,
  Table,
  TimestampMicrosecond,
  Utf8,
  makeData,
  RecordBatch,
  Struct,
  type Vector,
} from 'apache-arrow';
import { buildData } from '../../src/io/arrow/build.js';

export const N = 300;
const BIG = 2n ** 60n;

export const expected = {
  i32: (i: number) => (i % 11 === 0 ? null : i - 150),
  i64: (i: number) => (i % 13 === 0 ? null : BIG + BigInt(i) * 7n - 3n), // > 2^53: exact only as int64
  f64: (i: number) => (i % 17 === 0 ? null : i % 19 === 0 ? NaN : i % 5 === 0 ? i : i * 0.1 - 3.3),
  flag: (i: number) => (i % 7 === 0 ? null : i % 2 === 0),
  text: (i: number) => (i % 23 === 0 ? null : i % 29 === 0 ? '' : i % 3 === 0 ? `quote "${i}", comma` : `row-${i}\u00e9`),
  cat: (i: number) => (i % 31 === 0 ? null : `class_${i % 4}`),
  // 2024-01-01T00:00:00Z + i * 1.000001 s, in microseconds since the epoch.
  ts: (i: number) => (i % 37 === 0 ? null : 1_704_067_200_000_000n + BigInt(i) * 1_000_001n),
};

/** int32, int64 > 2^53, float64 with NaN and nulls, bool with nulls, utf8, dictionary utf8, timestamp. */
export function sampleTable(): Table {
  const rows = Array.from({ length: N }, (_, i) => i);
  const fields = [
    new Field('i32', new Int32(), true),
    new Field('i64', new Int64(), true),
    new Field('f64', new Float64(), true),
    new Field('flag', new Bool(), true),
    new Field('text', new Utf8(), true),
    new Field('cat', new Dictionary(new Utf8(), new Int32()), true),
    new Field('ts', new TimestampMicrosecond('UTC'), true),
  ];
  const children = fields.map((f) => buildData(f.type, rows.map((i) => expected[f.name as keyof typeof expected](i) as unknown)));
  const schema = new Schema(children.map((d, k) => new Field(fields[k]!.name, d.type, true)));
  return new Table(schema, [new RecordBatch(schema, makeData({ type: new Struct(schema.fields), length: N, children }))]);
}

/** The cells of `v` as comparable JS values: bigints for 64-bit integers and timestamps. */
export function cellsOf(v: Vector): unknown[] {
  const out: unknown[] = [];
  const is64 = String(v.type) === 'Int64' || String(v.type).startsWith('Timestamp');
  for (const d of v.data) {
    for (let i = 0; i < d.length; i++) {
      if (!d.getValid(i)) out.push(null);
      else if (is64) out.push(BigInt((d.values as BigInt64Array)[i]!));
      else out.push(v.get(out.length));
    }
  }
  return out;
}
