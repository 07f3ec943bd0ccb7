/**
 * The streaming augment of a CSV holds one chunk of rows, not the file: a child process whose
 * JavaScript heap is capped well below the CSV's size augments it. Every CSV field is a JavaScript
 * string until its batch is built, so holding the file (as the in-memory reader does) could not fit
 * the cap. Mirrors bounded-memory.test.ts (the same data, as CSV).
 */
import { execFile } from 'node:child_process';
import { mkdtemp, open, rm, stat } from 'node:fs/promises';
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
  dir = await mkdtemp(path.join(tmpdir(), 'gan-augment-csv-memory-'));
  input = path.join(dir, 'wide.csv');
  const db = await DuckDBInstance.create(':memory:');
  const con = await db.connect();
  // ~1 KB of hex text per row: ~265 MB of CSV.
  const note = Array.from({ length: 32 }, (_, k) => `md5(i::varchar || '-${k}')`).join(' || ');
  await con.run(
    `COPY (SELECT random() AS f0, random() + (CASE WHEN i % 100 = 0 THEN 2 ELSE 0 END) AS f1, ${note} AS note,
       CASE WHEN i % 100 = 0 THEN 'fraud' ELSE 'ok' END AS label FROM range(${ROWS}) t(i))
     TO '${input}' (FORMAT csv, HEADER)`,
  );
  con.closeSync();
}, 60_000);
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('bounded memory, CSV input', () => {
  it(`augments a CSV file over 2.5 times the size of a ${HEAP_MB} MB heap cap`, async () => {
    const { size } = await stat(input);
    expect(size / 2 ** 20).toBeGreaterThan(2.5 * HEAP_MB);
    const output = path.join(dir, 'out.parquet');
    const started = Date.now();
    const { stdout } = await promisify(execFile)(
      process.execPath,
      [`--max-old-space-size=${HEAP_MB}`, '--import', 'tsx', path.join(root, 'test/stream/helpers/augment-child.ts'), input, output, 'random', '2000', 'fraud=5000'],
      { cwd: root, maxBuffer: 1 << 20 },
    );
    const report = JSON.parse(stdout.trim().split('\n').pop()!) as { classes: { class: string; after: number }[]; maxRssMb: number };
    console.warn(`csv bounded-memory child: input ${(size / 2 ** 20).toFixed(0)} MB, heap cap ${HEAP_MB} MB, peak RSS ${report.maxRssMb.toFixed(0)} MB, ${((Date.now() - started) / 1000).toFixed(1)} s`);
    expect(report.classes).toEqual([
      { class: 'fraud', before: ROWS / 100, added: 5000 - ROWS / 100, after: 5000 },
      { class: 'ok', before: ROWS - ROWS / 100, added: 0, after: ROWS - ROWS / 100 },
    ]);
    const out = await openBatchSource(output);
    expect(out.numRows).toBe(ROWS + 5000 - ROWS / 100);
    // Spot-check: the output starts with the input's first row, unchanged.
    const first = (await out.batches()[Symbol.asyncIterator]().next()).value!;
    const handle = await open(input, 'r');
    const head = Buffer.alloc(4096);
    await handle.read(head, 0, head.length, 0);
    await handle.close();
    const [f0, f1, note, label] = head.toString('utf8').split('\n')[1]!.split(',');
    expect(first.get(0)!.toJSON()).toEqual({ f0: Number(f0), f1: Number(f1), note, label, is_synthetic: false });
  }, 240_000);
});
