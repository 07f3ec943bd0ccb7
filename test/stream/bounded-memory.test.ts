/**
 * The streaming augment's memory does not grow with the input: a child process whose JavaScript
 * heap is capped well below the input's size augments it. The input's bulk is a wide string
 * column, whose values live on the JavaScript heap once read (typed-array columns would not press
 * on --max-old-space-size), so holding the input in memory could not fit the cap.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openBatchSource } from '../../src/stream/batch-source.js';

const HEAP_MB = 100;
const ROWS = 250_000;
const root = path.resolve(import.meta.dirname, '..', '..');
let dir: string;
let input: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'gan-augment-memory-'));
  input = path.join(dir, 'wide.parquet');
  const db = await DuckDBInstance.create(':memory:');
  const con = await db.connect();
  // ~1 KB of hex text per row, uncompressed: ~260 MB on disk, in row groups of 5000 rows.
  const note = Array.from({ length: 32 }, (_, k) => `md5(i::varchar || '-${k}')`).join(' || ');
  await con.run(
    `COPY (SELECT random() AS f0, random() + (CASE WHEN i % 100 = 0 THEN 2 ELSE 0 END) AS f1, ${note} AS note,
       CASE WHEN i % 100 = 0 THEN 'fraud' ELSE 'ok' END AS label FROM range(${ROWS}) t(i))
     TO '${input}' (FORMAT parquet, COMPRESSION uncompressed, ROW_GROUP_SIZE 5000)`,
  );
  con.closeSync();
}, 60_000);
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('bounded memory', () => {
  it(`augments a Parquet file several times larger than a ${HEAP_MB} MB heap cap`, async () => {
    const { size } = await stat(input);
    expect(size / 2 ** 20).toBeGreaterThan(2.4 * HEAP_MB);
    const output = path.join(dir, 'out.parquet');
    const { stdout } = await promisify(execFile)(
      process.execPath,
      [`--max-old-space-size=${HEAP_MB}`, '--import', 'tsx', path.join(root, 'test/stream/helpers/augment-child.ts'), input, output, 'random', '2000', 'fraud=5000'],
      { cwd: root, maxBuffer: 1 << 20 },
    );
    const report = JSON.parse(stdout.trim().split('\n').pop()!) as { classes: { class: string; after: number }[]; maxRssMb: number };
    console.warn(`bounded-memory child: input ${(size / 2 ** 20).toFixed(0)} MB, heap cap ${HEAP_MB} MB, peak RSS ${report.maxRssMb.toFixed(0)} MB`);
    expect(report.classes).toEqual([
      { class: 'fraud', before: ROWS / 100, added: 5000 - ROWS / 100, after: 5000 },
      { class: 'ok', before: ROWS - ROWS / 100, added: 0, after: ROWS - ROWS / 100 },
    ]);
    const out = await openBatchSource(output);
    expect(out.numRows).toBe(ROWS + 5000 - ROWS / 100);
    // Spot-check: the first row group is the input's first rows, unchanged.
    const first = (await out.batches()[Symbol.asyncIterator]().next()).value!;
    const inputFirst = (await (await openBatchSource(input)).batches()[Symbol.asyncIterator]().next()).value!;
    expect(first.get(0)!.toJSON()).toEqual({ ...inputFirst.get(0)!.toJSON(), is_synthetic: false });
  }, 180_000);
});
