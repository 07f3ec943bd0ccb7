/**
 * I/O benchmark: write and read back a 1M-row x 22-column table (int32, int64, float64 with nulls,
 * bool, utf8, dictionary utf8, timestamp) in every format, reporting wall time and peak RSS.
 * Run: `npx tsx bench/io.ts [rows]` (default 1,000,000).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Field, RecordBatch, Schema, Struct, Table, makeData } from 'apache-arrow';
import { Bool, Dictionary, Float64, Int32, Int64, TimestampMicrosecond, Utf8 } from 'apache-arrow';
import { buildData } from '../src/io/arrow/build.js';
import { type OutputFormat, readTable, writeTable } from '../src/io/index.js';

const rows = Number(process.argv[2] ?? 1_000_000);
let peak = 0;
const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);

function makeTable(n: number): Table {
  const specs: [string, () => unknown[] | ArrayLike<unknown>, import('apache-arrow').DataType][] = [];
  for (let k = 0; k < 10; k++) specs.push([`f${k}`, () => Array.from({ length: n }, (_, i) => (i % 97 === k ? null : Math.sin(i * (k + 1)) * 1000)), new Float64()]);
  for (let k = 0; k < 4; k++) specs.push([`i${k}`, () => Int32Array.from({ length: n }, (_, i) => (i * (k + 3)) % 100_000), new Int32()]);
  specs.push(['id', () => BigInt64Array.from({ length: n }, (_, i) => 2n ** 60n + BigInt(i)), new Int64()]);
  specs.push(['flag', () => Array.from({ length: n }, (_, i) => (i % 13 === 0 ? null : i % 2 === 0)), new Bool()]);
  for (let k = 0; k < 3; k++) specs.push([`cat${k}`, () => Array.from({ length: n }, (_, i) => `level_${(i * (k + 1)) % 12}`), new Dictionary(new Utf8(), new Int32())]);
  specs.push(['text', () => Array.from({ length: n }, (_, i) => `row-${i}`), new Utf8()]);
  specs.push(['ts', () => BigInt64Array.from({ length: n }, (_, i) => 1_704_067_200_000_000n + BigInt(i) * 1000n), new TimestampMicrosecond('UTC')]);
  specs.push(['label', () => Array.from({ length: n }, (_, i) => `class_${i % 3}`), new Utf8()]);
  const children = specs.map(([, values, type]) => buildData(type, values()));
  const schema = new Schema(specs.map(([name], k) => new Field(name, children[k]!.type, true)));
  return new Table(schema, [new RecordBatch(schema, makeData({ type: new Struct(schema.fields), length: n, children }))]);
}

const dir = mkdtempSync(path.join(os.tmpdir(), 'bench-io-'));
try {
  const table = makeTable(rows);
  console.log(`table: ${rows} rows x ${table.numCols} cols; rss ${(process.memoryUsage().rss / 2 ** 20).toFixed(0)} MB`);
  const formats: [OutputFormat, string][] = [['parquet', 'parquet'], ['arrow', 'arrow'], ['arrow-stream', 'arrows'], ['csv', 'csv']];
  for (const [format, ext] of formats) {
    const file = path.join(dir, `t.${ext}`);
    peak = 0;
    let t = performance.now();
    const { bytes } = await writeTable(table, file);
    const writeMs = performance.now() - t;
    const writePeak = peak;
    peak = 0;
    t = performance.now();
    const back = await readTable(file);
    const readMs = performance.now() - t;
    if (back.table.numRows !== rows) throw new Error(`${format}: read ${back.table.numRows} rows`);
    console.log(
      `${format.padEnd(12)} write ${(writeMs / 1000).toFixed(2)} s (peak rss ${(writePeak / 2 ** 20).toFixed(0)} MB, ${(bytes / 2 ** 20).toFixed(1)} MB file)` +
        `  read ${(readMs / 1000).toFixed(2)} s (peak rss ${(peak / 2 ** 20).toFixed(0)} MB)`,
    );
  }
} finally {
  clearInterval(timer);
  rmSync(dir, { recursive: true, force: true });
}
