/**
 * Read-pass benchmark (docs/scale.md "Read pass"): time the first streaming pass of `augment` on a
 * Parquet file or folder: open + iterate every batch, and `collectTraining` (class counts plus the
 * seeded reservoir), reporting rows/s.
 *
 * Usage: npx tsx bench/read-pass.ts FILE_OR_DIR [--generate ROWS] [--label label] [--per-class 100000] [--workers N] [--only batches|collect]
 * --generate ROWS writes FILE with DuckDB first when it is missing (bench/scale.ts's shape: 19
 * doubles and a string label, 0.5% minority).
 */
import { existsSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { DuckDBInstance } from '@duckdb/node-api';
import { parseArgs } from 'node:util';
import { Rng } from '../src/random.js';
import { openBatchSource } from '../src/io/batch-source.js';
import { READ_WORKERS_ENV } from '../src/io/parquet/read-pool.js';
import { collectTraining } from '../src/stream/collect-training.js';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    label: { type: 'string', default: 'label' },
    'per-class': { type: 'string', default: '100000' },
    workers: { type: 'string' },
    only: { type: 'string' },
    generate: { type: 'string' },
  },
});
const input = positionals[0];
if (!input) throw new Error('usage: tsx bench/read-pass.ts FILE_OR_DIR');
if (values.workers !== undefined) process.env[READ_WORKERS_ENV] = values.workers;
if (values.generate !== undefined && !existsSync(input)) {
  const rows = Number(values.generate);
  const floats = Array.from({ length: 19 }, (_, i) => `random() + (CASE WHEN i % 200 = 0 THEN 1.5 ELSE 0 END) AS f${i}`).join(', ');
  const con = await (await DuckDBInstance.create(':memory:')).connect();
  await con.run(`SELECT setseed(0.25); COPY (SELECT ${floats}, CASE WHEN i % 200 = 0 THEN 'fraud' ELSE 'ok' END AS label FROM range(${rows}) t(i)) TO '${input}' (FORMAT parquet)`);
  con.closeSync();
  console.log(`generated ${input} (${rows} rows) with DuckDB`);
}
console.log(`machine: ${cpus().length} cores, load average ${loadavg().map((l) => l.toFixed(2)).join(' ')}, node ${process.version}`);

if (values.only !== 'collect') {
  const started = performance.now();
  const source = await openBatchSource(input);
  let rows = 0;
  for await (const b of source.batches()) rows += b.numRows;
  const s = (performance.now() - started) / 1000;
  console.log(`batches(): ${rows} rows in ${s.toFixed(2)} s = ${Math.round(rows / s).toLocaleString('en')} rows/s`);
}
if (values.only !== 'batches') {
  const started = performance.now();
  const elu = performance.eventLoopUtilization();
  const cpu = process.cpuUsage();
  const source = await openBatchSource(input);
  const c = await collectTraining(source, values.label!, { perClass: Number(values['per-class']), rng: new Rng(7).fork('reservoir') });
  const s = (performance.now() - started) / 1000;
  const busy = performance.eventLoopUtilization(elu).utilization;
  const used = process.cpuUsage(cpu);
  console.log(`  main thread busy ${(busy * 100).toFixed(0)}% of the pass; process CPU ${((used.user + used.system) / 1e6).toFixed(2)} s (all threads)`);
  console.log(
    `collectTraining: ${c.totalRows} rows in ${s.toFixed(2)} s = ${Math.round(c.totalRows / s).toLocaleString('en')} rows/s; kept ${c.table.numRows} rows; counts ${JSON.stringify([...c.classCounts])}; peak-ish RSS ${(process.memoryUsage().rss / 2 ** 20).toFixed(0)} MB`,
  );
}
