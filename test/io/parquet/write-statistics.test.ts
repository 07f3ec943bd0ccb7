import { Field, Float32, Float64, Int32, Int64, Schema, Table, makeData, makeVector, RecordBatch, Struct, Bool } from 'apache-arrow';
import { parquetMetadata } from 'hyparquet';
import { deserializeTCompactProtocol } from 'hyparquet/src/thrift.js';
import { ByteWriter, ParquetWriter } from 'hyparquet-writer';
import { describe, expect, it } from 'vitest';
import { columnWriter, parquetPageSize, writeParquet } from '../../../src/io/parquet/write.js';
import { Dictionary, Utf8 } from 'apache-arrow';

/** Columns whose statistics write-parquet.ts computes itself (typed arrays without nulls), with edge values. */
function table(rows: number): { table: Table; columns: Record<string, Float64Array | Float32Array | Int32Array | BigInt64Array | boolean[]> } {
  const f64 = Float64Array.from({ length: rows }, (_, i) => (i % 7 === 0 ? NaN : i % 5 === 0 ? -0 : Math.sin(i) * 1e3));
  const f32 = Float32Array.from({ length: rows }, (_, i) => (i % 3 === 0 ? 0 : Math.cos(i)));
  const nan = new Float64Array(rows).fill(NaN);
  const zero = Float64Array.from({ length: rows }, (_, i) => (i % 4 === 0 ? 0 : i)); // min exactly 0: written as -0
  const i32 = Int32Array.from({ length: rows }, (_, i) => ((i * 7919) % 2001) - 1000);
  const i64 = BigInt64Array.from({ length: rows }, (_, i) => BigInt(i) * 3_000_000_000n - 9_000_000_000n);
  const flag = Array.from({ length: rows }, (_, i) => i % 2 === 0);
  const fields = [
    new Field('f64', new Float64(), true),
    new Field('f32', new Float32(), true),
    new Field('nan', new Float64(), true),
    new Field('zero', new Float64(), true),
    new Field('i32', new Int32(), true),
    new Field('i64', new Int64(), true),
    new Field('flag', new Bool(), false),
  ];
  const datas = [f64, f32, nan, zero, i32, i64].map((v, k) => makeData({ type: fields[k]!.type as Float64, length: rows, data: v as Float64Array }));
  datas.push(makeVector({ type: new Bool(), data: Uint8Array.from({ length: Math.ceil(rows / 8) }, () => 0x55), length: rows } as never).data[0]! as never);
  const schema = new Schema(fields);
  const struct = makeData({ type: new Struct(fields), length: rows, nullCount: 0, children: datas });
  return { table: new Table(schema, [new RecordBatch(schema, struct)]), columns: { f64, f32, nan, zero, i32, i64, flag } };
}

/** Each column chunk's statistics exactly as written (thrift fields 1-9, NaN count included), by row group. */
function rawStatistics(file: Uint8Array): unknown[][] {
  const view = new DataView(file.buffer, file.byteOffset, file.byteLength);
  const length = view.getUint32(file.byteLength - 8, true);
  const footer = deserializeTCompactProtocol({ view: new DataView(file.buffer, file.byteOffset + file.byteLength - 8 - length, length), offset: 0 });
  const groups = footer.field_4 as { field_1: { field_3: { field_12?: unknown } }[] }[];
  return groups.map((g) => g.field_1.map((c) => c.field_3.field_12));
}

describe('writeParquet statistics', () => {
  it('equal hyparquet-writer\'s own for typed-array columns (NaN, -0, all-NaN, int64), row group by row group', async () => {
    const rows = 70_000; // two row groups
    const { table: t, columns } = table(rows);
    const chunks: Uint8Array[] = [];
    await writeParquet(t, { write: async (c) => void chunks.push(c) });
    const file = new Uint8Array(Buffer.concat(chunks));
    const ours = parquetMetadata(file.buffer as ArrayBuffer);

    // Reference: hyparquet-writer computing every statistic itself, same schema and row groups.
    const writer = new ByteWriter();
    const schema = [{ name: 'schema', num_children: 7 }, ...ours.schema.slice(1)];
    const pq = new ParquetWriter({ writer, schema: schema as never });
    for (const [start, end] of [[0, 65_536], [65_536, rows]] as const) {
      pq.write({
        columnData: Object.entries(columns).map(([name, data]) => ({ name, data: data.slice(start, end) as never })),
        rowGroupSize: end - start,
      });
    }
    pq.finish();
    const reference = rawStatistics(new Uint8Array(writer.getBuffer()));
    const mine = rawStatistics(file);
    expect(mine.length).toBe(2);
    for (let g = 0; g < 2; g++) {
      for (let c = 0; c < 7; c++) {
        expect(mine[g]![c], `row group ${g} column ${c}`).toEqual(reference[g]![c]);
        expect(mine[g]![c], `row group ${g} column ${c}`).toBeDefined();
      }
    }
    // The typed columns really were the ones computed here, with the edge cases present.
    const f64 = ours.row_groups[0]!.columns[0]!.meta_data!.statistics!;
    expect(Object.is(f64.min_value, -0) || (f64.min_value as number) < 0).toBe(true);
    expect(ours.row_groups[0]!.columns[2]!.meta_data!.statistics!.min_value).toBeUndefined();
    expect(Object.is(ours.row_groups[0]!.columns[3]!.meta_data!.statistics!.min_value, -0)).toBe(true);
  });
});

describe('parquetPageSize', () => {
  const f64 = columnWriter(new Field('x', new Float64(), true), 'test');
  const label = columnWriter(new Field('label', new Dictionary(new Utf8(), new Int32()), true), 'test');
  const bytes = (n: number, size: number): Uint8Array[] => Array.from({ length: n }, () => new Uint8Array(size));

  it('asks for one page only when every column of the row group fits in one default page', () => {
    expect(parquetPageSize([f64, label], [new Float64Array(65_536), bytes(65_536, 5)], 65_536)).toBe(0);
    // 8-byte values: 131,072 rows are exactly 1 MiB, where hyparquet-writer starts a new page.
    expect(parquetPageSize([f64], [new Float64Array(131_072)], 131_072)).toBe(1 << 20);
    // Strings of 20 bytes: 65,536 of them exceed 1 MiB if the dictionary is not used.
    expect(parquetPageSize([f64, label], [new Float64Array(65_536), bytes(65_536, 20)], 65_536)).toBe(1 << 20);
    expect(parquetPageSize([label], [[null, ...bytes(3, 4)]], 4)).toBe(0);
  });
});
