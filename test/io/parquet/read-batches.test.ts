/**
 * The streaming Parquet reader (fast flat-column path, hyparquet fallback, worker threads) gives
 * exactly what the in-memory reader gives: same Arrow types, values and nulls, batch by batch, with
 * 0, 1 and 2 read workers, on DuckDB-written files with several row groups, nulls, plain and
 * dictionary strings, narrow/unsigned/64-bit ints, floats, dates, decimals, lists, v1 and v2 pages.
 */
import { mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import type { RecordBatch, Schema, Table } from 'apache-arrow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeSharedReadPools } from '../../../src/io/parquet/read-pool.js';
import { openParquetBatches } from '../../../src/io/parquet/read-batches.js';
import { readParquet } from '../../../src/io/parquet/read.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'read-batches-'));
const ROWS = 20_000;

/** Every column kind the fast path takes, and some it leaves to hyparquet. */
const COLUMNS = [
  `CASE WHEN i % 7 = 0 THEN NULL ELSE random() END AS f_null`,
  `random() * 1000 - 500 AS f_full`,
  `(CASE WHEN i % 11 = 0 THEN NULL ELSE random() END)::FLOAT AS f32`,
  `(i % 1000 - 500)::INTEGER AS i32`,
  `CASE WHEN i % 5 = 0 THEN NULL ELSE (i * 7919)::BIGINT * 1000003 END AS i64`,
  `(i % 200 - 100)::TINYINT AS i8`,
  `(4000000000 + i)::UINTEGER AS u32`,
  `CASE WHEN i % 3 = 0 THEN NULL ELSE ['ok', 'fraud', 'maybe'][1 + i % 3] END AS label`,
  `CASE WHEN i % 13 = 0 THEN NULL ELSE 'id-' || (i * 31 % 99991)::VARCHAR || 'é' END AS text_plain`,
  `['oslo', 'rome', '東京'][1 + (i // 7) % 3] AS city`,
  `DATE '2024-01-01' + (i % 400)::INTEGER AS day`,
  `(i / 8.0)::DECIMAL(12, 3) AS money`,
  `CASE WHEN i % 17 = 0 THEN NULL ELSE [i * 0.5, -i] END AS pair`,
];

async function writeWithDuckDB(file: string, options: string): Promise<void> {
  const db = await DuckDBInstance.create(':memory:');
  const con = await db.connect();
  try {
    await con.run(`SELECT setseed(0.5); COPY (SELECT ${COLUMNS.join(', ')} FROM range(${ROWS}) t(i)) TO '${file}' (FORMAT parquet, ${options})`);
  } finally {
    con.closeSync();
  }
}

const FILES: [string, string][] = [
  ['v1-snappy.parquet', 'ROW_GROUP_SIZE 4096, COMPRESSION snappy'],
  ['v2-zstd.parquet', 'ROW_GROUP_SIZE 6144, COMPRESSION zstd, PARQUET_VERSION v2'],
  ['v1-plain.parquet', 'ROW_GROUP_SIZE 8192, COMPRESSION uncompressed, DICTIONARY_SIZE_LIMIT 1'],
];

beforeAll(async () => {
  for (const [name, options] of FILES) await writeWithDuckDB(path.join(dir, name), options);
}, 60_000);
afterAll(async () => {
  await closeSharedReadPools();
  rmSync(dir, { recursive: true, force: true });
});

/** Every cell, typed, as comparable JSON (bigints and bytes spelled out). */
function cells(batch: RecordBatch | Table): unknown[][] {
  const out: unknown[][] = [];
  for (let c = 0; c < batch.numCols; c++) {
    const column = batch.getChildAt(c)!;
    out.push(Array.from({ length: batch.numRows }, (_, r) => {
      const v: unknown = column.get(r);
      if (typeof v === 'bigint') return `${v}n`;
      if (v instanceof Uint32Array) return Array.from(v);
      if (v !== null && typeof v === 'object' && 'toArray' in v) return JSON.stringify((v as { toArray(): unknown[] }).toArray());
      return Number.isNaN(v) ? 'NaN' : v;
    }));
  }
  return out;
}

const types = (batch: { schema: Schema }): string[] => batch.schema.fields.map((f) => `${f.name}:${String(f.type)}:${f.nullable}`);

describe('streaming Parquet reader', () => {
  for (const [name] of FILES) {
    it(`reads ${name} exactly as readParquet does, with 0, 1 and 2 workers`, async () => {
      const file = path.join(dir, name);
      const { table } = await readParquet(readFileSync(file), file);
      expect(table.batches.length).toBeGreaterThan(2);
      for (const readWorkers of [0, 1, 2]) {
        const pq = await openParquetBatches(file, { readWorkers });
        expect(types(pq)).toEqual(types(table));
        let b = 0;
        for await (const batch of pq.batches()) {
          const ref = table.batches[b++]!;
          expect(batch.numRows).toBe(ref.numRows);
          expect(types(batch)).toEqual(types(ref));
          batch.data.children.forEach((d, c) => {
            expect(String(d.type)).toBe(String(ref.data.children[c]!.type));
            expect(d.nullCount, `${name} column ${c} nulls`).toBe(ref.data.children[c]!.nullCount);
          });
          expect(cells(batch)).toEqual(cells(ref));
        }
        expect(b).toBe(table.batches.length);
      }
    }, 60_000);
  }

  it('reports a row group that fails in a worker as an input error naming the file', async () => {
    const file = path.join(dir, 'changed.parquet');
    const good = readFileSync(path.join(dir, 'v1-snappy.parquet'));
    writeFileSync(file, good);
    const pq = await openParquetBatches(file, { readWorkers: 2 });
    // The file changes after it was opened: the workers see a file that is no Parquet any more.
    writeFileSync(file, Buffer.alloc(good.length, 7));
    utimesSync(file, new Date(), new Date(Date.now() + 5000));
    await expect(async () => {
      for await (const batch of pq.batches()) expect(batch.numRows).toBeGreaterThan(0);
    }).rejects.toThrow(/changed\.parquet/);
  }, 60_000);
});
