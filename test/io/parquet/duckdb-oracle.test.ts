/**
 * DuckDB as an independent oracle for our Parquet writer: it reads what writeTable wrote with
 * identical values (int64 beyond 2^53 exact, NaN, nulls, timestamps to the microsecond, decimals,
 * dates, narrow ints, list<float>) and sees the key-value metadata (parquet_kv_metadata).
 * (The other direction, DuckDB-written files read by us, is the corpus test.)
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { Date_, DateUnit, Decimal, Field, Float32, Int8, List, RecordBatch, Schema, Struct, Table, Uint32, makeData } from 'apache-arrow';
import { afterAll, describe, expect, it } from 'vitest';
import { buildData } from '../../../src/io/arrow/build.js';
import { writeTable } from '../../../src/io/index.js';
import { N, expected, sampleTable } from '../../support/sample-table.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'io-duckdb-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Extra types: int8, uint32, date, decimal(12,3), list<float32>. */
function extraTable(): Table {
  const fields = [
    new Field('tiny', new Int8(), true),
    new Field('u32', new Uint32(), true),
    new Field('day', new Date_(DateUnit.DAY), true),
    new Field('money', new Decimal(3, 12, 128), true),
    new Field('emb', new List(new Field('item', new Float32(), true)), true),
  ];
  const rows = Array.from({ length: N }, (_, i) => i);
  const children = [
    buildData(fields[0]!.type, rows.map((i) => (i % 9 === 0 ? null : (i % 256) - 128))),
    buildData(fields[1]!.type, rows.map((i) => 4_000_000_000 + i)),
    buildData(fields[2]!.type, rows.map((i) => (i % 10 === 0 ? null : 19_723 + i))),
    buildData(fields[3]!.type, rows.map((i) => (i % 12 === 0 ? null : BigInt(i) * 1_000_001n - 5_000n))),
    buildData(fields[4]!.type, rows.map((i) => (i % 14 === 0 ? null : [i * 0.25, -i, 0.5]))),
  ];
  const schema = new Schema(fields);
  return new Table(schema, [new RecordBatch(schema, makeData({ type: new Struct(fields), length: N, children }))]);
}

describe('DuckDB reads our Parquet', () => {
  it('with identical values and visible key-value metadata', async () => {
    const file = path.join(dir, 'ours.parquet');
    const base = sampleTable();
    const extra = extraTable();
    const table = new Table({ ...Object.fromEntries(base.schema.names.map((n) => [n, base.getChild(n)!])), ...Object.fromEntries(extra.schema.names.map((n) => [n, extra.getChild(n)!])) });
    await writeTable(table, file, { metadata: { 'gan-augment': '{"seed":7}', owner: 'io' } });

    const db = await DuckDBInstance.create(':memory:');
    const con = await db.connect();
    try {
      const sql = `select i32, i64, f64, flag, text, cat, epoch_us(ts) as ts, tiny, u32, cast(day as varchar) as day,
        cast(money as varchar) as money, emb from read_parquet('${file}', file_row_number = true) order by file_row_number`;
      const rows = (await con.runAndReadAll(sql)).getRowObjectsJS();
      expect(rows.length).toBe(N);
      for (let i = 0; i < N; i++) {
        const r = rows[i]!;
        const want = {
          i32: expected.i32(i),
          i64: expected.i64(i),
          f64: expected.f64(i),
          flag: expected.flag(i),
          text: expected.text(i),
          cat: expected.cat(i),
          ts: expected.ts(i),
          tiny: i % 9 === 0 ? null : (i % 256) - 128,
          u32: BigInt(4_000_000_000 + i), // DuckDB's UINTEGER arrives as a JS number or bigint
          day: i % 10 === 0 ? null : new Date((19_723 + i) * 86_400_000).toISOString().slice(0, 10),
          money: i % 12 === 0 ? null : decimalText(BigInt(i) * 1_000_001n - 5_000n, 3),
          emb: i % 14 === 0 ? null : [Math.fround(i * 0.25), -i, 0.5],
        };
        const got = { ...r, u32: r.u32 === null ? null : BigInt(r.u32 as number) };
        expect(got, `row ${i}`).toEqual(want);
      }
      const kv = (await con.runAndReadAll(`select key, value from parquet_kv_metadata('${file}')`)).getRowObjectsJS();
      const meta = Object.fromEntries(kv.map((o) => [text(o.key), text(o.value)]));
      expect(meta['gan-augment']).toBe('{"seed":7}');
      expect(meta.owner).toBe('io');
      expect(meta['ARROW:schema']).toBeTruthy();
      const types = (await con.runAndReadAll(`describe select * from read_parquet('${file}')`)).getRowObjectsJS();
      expect(Object.fromEntries(types.map((t) => [t.column_name, t.column_type]))).toMatchObject({
        i64: 'BIGINT',
        ts: 'TIMESTAMP WITH TIME ZONE',
        tiny: 'TINYINT',
        u32: 'UINTEGER',
        money: 'DECIMAL(12,3)',
        emb: 'FLOAT[]',
      });
    } finally {
      con.closeSync();
      db.closeSync();
    }
  });
});

function text(v: unknown): string {
  if (typeof v === 'string') return v;
  if (v instanceof Uint8Array) return Buffer.from(v).toString('utf8');
  return String(v);
}

function decimalText(unscaled: bigint, scale: number): string {
  const neg = unscaled < 0n;
  const digits = (neg ? -unscaled : unscaled).toString().padStart(scale + 1, '0');
  return `${neg ? '-' : ''}${digits.slice(0, -scale)}.${digits.slice(-scale)}`;
}
