/**
 * Every file of the shared ML Parquet corpus read with exact values: every cell of every column,
 * as its README specifies (nulls, timestamps in each unit, dates, exact decimals, list embedding).
 */
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { DataType, type Table, type Vector } from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import { readTable } from '../../../src/io/index.js';
import { decimalUnscaled } from '../../../src/io/arrow/build.js';
import { corpusDir, haveShared } from '../../support/shared-data.js';

const N = 10_000;
const files = haveShared(corpusDir) ? readdirSync(corpusDir).filter((f) => f.endsWith('.parquet')).sort() : [];

function col(table: Table, name: string): Vector {
  const v = table.getChild(name);
  if (!v) throw new Error(`missing column ${name}`);
  return v;
}

/** Raw 64-bit cells (bigint) of an Int64/Timestamp column, null for missing. */
function raw64(v: Vector): (bigint | null)[] {
  const out: (bigint | null)[] = [];
  for (const d of v.data) for (let i = 0; i < d.length; i++) out.push(d.getValid(i) ? (d.values as BigInt64Array)[i]! : null);
  return out;
}

function checkBase(table: Table, file: string): void {
  expect(table.numRows).toBe(N);
  expect(col(table, 'id').type.toString()).toBe('Int64');
  expect(raw64(col(table, 'id'))).toEqual(Array.from({ length: N }, (_, i) => BigInt(i)));
  const f64 = col(table, 'f64');
  const f32 = col(table, 'f32');
  const i32 = col(table, 'i32');
  const flag = col(table, 'flag');
  const label = col(table, 'label');
  const text = col(table, 'text');
  expect(String(f64.type)).toBe('Float64');
  expect(String(f32.type)).toBe('Float32');
  expect(String(i32.type)).toBe('Int32');
  expect(String(flag.type)).toBe('Bool');
  // The categorical file stores label as an Arrow dictionary, DuckDB dictionary-encodes it.
  if (file.includes('categorical') || file.startsWith('duckdb')) expect(DataType.isDictionary(label.type)).toBe(true);
  expect(String(text.type)).toBe('Utf8');
  let bad = 0;
  for (let i = 0; i < N; i++) {
    const ok =
      f64.get(i) === (i % 50 === 0 ? null : i * 0.37) &&
      f32.get(i) === Math.fround((i % 1000) * 0.5) &&
      i32.get(i) === (i % 33 === 0 ? null : i % 1000) &&
      flag.get(i) === (i % 41 === 0 ? null : i % 3 === 0) &&
      label.get(i) === `class_${i % 10}` &&
      text.get(i) === `row-${i}`;
    if (!ok) bad++;
  }
  expect(bad).toBe(0);
}

const SECONDS0 = 1_704_067_200n; // 2024-01-01T00:00:00Z

describe.skipIf(files.length === 0)('parquet corpus (every cell)', () => {
  it('has the 17 files of the README', () => {
    expect(files.length).toBe(17);
  });

  for (const file of files) {
    it(`reads ${file} exactly`, async () => {
      const { table, format } = await readTable(path.join(corpusDir, file));
      expect(format).toBe('parquet');
      if (file.includes('_base_') || file.includes('categorical')) return checkBase(table, file);
      const ids = raw64(col(table, 'id'));
      expect(ids).toEqual(Array.from({ length: N }, (_, i) => BigInt(i)));
      const secs = Array.from({ length: N }, (_, i) => SECONDS0 + BigInt(i));
      if (file === 'duckdb_timestamps_snappy.parquet') {
        expect(String(col(table, 'ts_us').type)).toBe('Timestamp<MICROSECOND>');
        expect(String(col(table, 'ts_ms').type)).toBe('Timestamp<MILLISECOND>');
        expect(String(col(table, 'ts_ns').type)).toBe('Timestamp<NANOSECOND>');
        expect(String(col(table, 'ts_tz').type)).toBe('Timestamp<MICROSECOND, UTC>');
        expect(String(col(table, 'd').type)).toBe('Date32<DAY>');
        expect(raw64(col(table, 'ts_us'))).toEqual(secs.map((s) => s * 1_000_000n));
        expect(raw64(col(table, 'ts_ms'))).toEqual(secs.map((s) => s * 1000n));
        expect(raw64(col(table, 'ts_ns'))).toEqual(secs.map((s) => s * 1_000_000_000n));
        expect(raw64(col(table, 'ts_tz'))).toEqual(secs.map((s) => s * 1_000_000n));
        const d = col(table, 'd');
        const day0 = Date.UTC(2024, 0, 1);
        let bad = 0;
        for (let i = 0; i < N; i++) if (d.get(i) !== day0 + (i % 365) * 86_400_000) bad++;
        expect(bad).toBe(0);
      } else if (file === 'arrowrs_timestamps_snappy.parquet') {
        expect(String(col(table, 'ts_ns').type)).toBe('Timestamp<NANOSECOND>');
        expect(String(col(table, 'ts_us_utc').type)).toBe('Timestamp<MICROSECOND, UTC>');
        expect(String(col(table, 'ts_ms').type)).toBe('Timestamp<MILLISECOND>');
        expect(raw64(col(table, 'ts_ns'))).toEqual(secs.map((s) => s * 1_000_000_000n));
        expect(raw64(col(table, 'ts_us_utc'))).toEqual(secs.map((s) => s * 1_000_000n));
        expect(raw64(col(table, 'ts_ms'))).toEqual(secs.map((s) => s * 1000n));
      } else if (file === 'duckdb_decimal_snappy.parquet') {
        for (const [name, precision, scale] of [['dec9_2', 9, 2], ['dec18_4', 18, 4], ['dec38_6', 38, 6]] as const) {
          const v = col(table, name);
          expect(DataType.isDecimal(v.type)).toBe(true);
          expect([(v.type as { precision: number }).precision, (v.type as { scale: number }).scale]).toEqual([precision, scale]);
          // value = i / 10^scale exactly, i.e. the unscaled integer is i.
          const unscaled: bigint[] = [];
          for (const d of v.data) for (let i = 0; i < d.length; i++) unscaled.push(decimalUnscaled(d.values as Uint32Array, i));
          expect(unscaled).toEqual(Array.from({ length: N }, (_, i) => BigInt(i)));
        }
      } else if (file === 'duckdb_list_float_snappy.parquet') {
        const emb = col(table, 'embedding');
        expect(String(emb.type)).toBe('List<Float32>');
        let bad = 0;
        for (let i = 0; i < N; i++) {
          const got = Array.from(emb.get(i) as Vector);
          const want = Array.from({ length: 8 }, (_, k) => Math.fround(i * k * 0.25));
          if (got.length !== 8 || got.some((x, k) => x !== want[k])) bad++;
        }
        expect(bad).toBe(0);
      } else {
        throw new Error(`no expectation written for ${file}`);
      }
    });
  }
});
