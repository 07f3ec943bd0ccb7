/**
 * The bounded-memory tests' shared half: a wide input (~1 KB of hex text per row, so the rows live
 * on the JavaScript heap once read) written by DuckDB as Parquet or CSV, and a child process that
 * augments it under a heap cap and must get the class counts right.
 */
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { DuckDBInstance } from '@duckdb/node-api';
import { expect } from 'vitest';

export const HEAP_MB = 100;
export const ROWS = 250_000;
const root = path.resolve(import.meta.dirname, '..', '..');

/** Write the wide table to `file`: Parquet uncompressed in row groups of 5000 rows, or CSV with a header. */
export async function writeWideInput(file: string, format: 'parquet' | 'csv'): Promise<void> {
  const db = await DuckDBInstance.create(':memory:');
  const con = await db.connect();
  const note = Array.from({ length: 32 }, (_, k) => `md5(i::varchar || '-${k}')`).join(' || ');
  const options = format === 'parquet' ? 'FORMAT parquet, COMPRESSION uncompressed, ROW_GROUP_SIZE 5000' : 'FORMAT csv, HEADER';
  await con.run(
    `COPY (SELECT random() AS f0, random() + (CASE WHEN i % 100 = 0 THEN 2 ELSE 0 END) AS f1, ${note} AS note,
       CASE WHEN i % 100 = 0 THEN 'fraud' ELSE 'ok' END AS label FROM range(${ROWS}) t(i))
     TO '${file}' (${options})`,
  );
  con.closeSync();
}

/** Augment `input` to `output` (random, fraud up to 5000) in a child with a HEAP_MB heap; checks the counts. */
export async function augmentUnderHeapCap(input: string, output: string): Promise<{ maxRssMb: number; seconds: number }> {
  const started = Date.now();
  const { stdout } = await promisify(execFile)(
    process.execPath,
    [`--max-old-space-size=${HEAP_MB}`, '--import', 'tsx', path.join(root, 'test/support/augment-child.ts'), input, output, 'random', '2000', 'fraud=5000'],
    { cwd: root, maxBuffer: 1 << 20 },
  );
  const report = JSON.parse(stdout.trim().split('\n').pop()!) as { classes: { class: string; after: number }[]; maxRssMb: number };
  expect(report.classes).toEqual([
    { class: 'fraud', before: ROWS / 100, added: 5000 - ROWS / 100, after: 5000 },
    { class: 'ok', before: ROWS - ROWS / 100, added: 0, after: ROWS - ROWS / 100 },
  ]);
  return { maxRssMb: report.maxRssMb, seconds: (Date.now() - started) / 1000 };
}
