/**
 * Scale benchmark (docs/scale.md, docs/benchmarks.md "Scale"): generate an N-row x 20-column
 * Parquet file with a 0.5% minority (DuckDB, under --dir), then measure, each in a fresh process,
 *  - DuckDB copying the same file (COPY (SELECT * FROM read_parquet(...)) TO ...), the yardstick;
 *  - `gan-augment augment` (streaming) to one Parquet file, and with --output-layout dataset; for
 *    the one-file run also its copy pass alone (from the run summary's output.seconds);
 *  - sampling throughput of `gan-augment sample --shards 4` with --workers 1 and 2.
 * Wall time and peak RSS (from /usr/bin/time, else the child's own report) per run.
 *
 * Usage: npm run bench:scale -- [--rows 10000000] [--dir /tmp/gan-augment-scale] [--model random] [--sample-rows 1000000]
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readFile, rm, stat } from 'node:fs/promises';
import { cpus, loadavg } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { DuckDBInstance } from '@duckdb/node-api';

const { values } = parseArgs({
  options: {
    rows: { type: 'string', default: '10000000' },
    dir: { type: 'string', default: '/tmp/gan-augment-scale' },
    model: { type: 'string', default: 'random' },
    'sample-rows': { type: 'string', default: '1000000' },
    'skip-generate': { type: 'boolean', default: false },
  },
});
const rows = Number(values.rows);
const dir = values.dir!;
const model = values.model!;
const sampleRows = Number(values['sample-rows']);
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const cli = ['--import', 'tsx', path.join(root, 'src/shard/worker-entry.ts')];
const input = path.join(dir, `input-${rows}.parquet`);
const minorityEvery = 200; // 0.5%

interface Measured {
  seconds: number;
  peakRssMb: number | null;
}

/** Run node with `args` under /usr/bin/time (peak RSS) when available. */
async function timed(args: string[]): Promise<Measured> {
  const started = performance.now();
  const useTime = existsSync('/usr/bin/time');
  const [cmd, argv] = useTime ? ['/usr/bin/time', ['-f', 'PEAK_RSS_KB=%M', process.execPath, ...args]] : [process.execPath, args];
  const { stderr } = await new Promise<{ stderr: string }>((resolve, reject) =>
    execFile(cmd as string, argv as string[], { cwd: root, maxBuffer: 64 << 20 }, (err, _stdout, stderr) => (err ? reject(new Error(`${err.message}\n${stderr}`)) : resolve({ stderr }))),
  );
  const seconds = (performance.now() - started) / 1000;
  const kb = /PEAK_RSS_KB=(\d+)/.exec(stderr)?.[1];
  return { seconds, peakRssMb: kb ? Number(kb) / 1024 : null };
}

async function duck(sql: string): Promise<number> {
  const db = await DuckDBInstance.create(':memory:');
  const con = await db.connect();
  const started = performance.now();
  await con.run(sql);
  const seconds = (performance.now() - started) / 1000;
  con.closeSync();
  return seconds;
}

const fmt = (m: Measured): string => `${m.seconds.toFixed(1)} s, peak RSS ${m.peakRssMb === null ? 'n/a' : `${m.peakRssMb.toFixed(0)} MB`}`;

await mkdir(dir, { recursive: true });
console.log(`machine: ${cpus().length} cores, ${cpus()[0]?.model ?? 'unknown CPU'}, node ${process.version}, load average ${loadavg().map((l) => l.toFixed(1)).join(' ')}`);
if (!values['skip-generate'] || !existsSync(input)) {
  const floats = Array.from({ length: 19 }, (_, i) => `random() + (CASE WHEN i % ${minorityEvery} = 0 THEN 1.5 ELSE 0 END) AS f${i}`).join(', ');
  const seconds = await duck(
    `SELECT setseed(0.25); COPY (SELECT ${floats}, CASE WHEN i % ${minorityEvery} = 0 THEN 'fraud' ELSE 'ok' END AS label FROM range(${rows}) t(i)) TO '${input}' (FORMAT parquet)`,
  );
  console.log(`generated ${input}: ${rows} rows x 20 columns, ${((await stat(input)).size / 2 ** 20).toFixed(0)} MB, in ${seconds.toFixed(1)} s (DuckDB)`);
}
const minority = Math.ceil(rows / minorityEvery);

// The yardstick: DuckDB copying the file (default threads; this machine has few cores).
const duckOut = path.join(dir, 'duckdb-copy.parquet');
const duckSeconds = await duck(`COPY (SELECT * FROM read_parquet('${input}')) TO '${duckOut}' (FORMAT parquet)`);
console.log(`duckdb copy: ${duckSeconds.toFixed(1)} s`);

// augment, one file: doubles the minority (a copy pass dominated by the original rows).
const fileOut = path.join(dir, 'augmented.parquet');
const strategy = `fraud=${2 * minority}`;
const base = ['augment', '--input', input, '--label', 'label', '--model', model, '--strategy', strategy, '--quiet'];
const singleSummary = path.join(dir, 'augmented.summary.json');
const single = await timed([...cli, ...base, '--output', fileOut, '--summary', singleSummary]);
console.log(`augment --model ${model} --strategy ${strategy} (one file): ${fmt(single)}; ${(single.seconds / duckSeconds).toFixed(2)}x DuckDB's copy`);
// The copy pass alone (original rows then synthetic ones into the output), timed by the run itself.
const written = (JSON.parse(await readFile(singleSummary, 'utf8')) as { output: { seconds?: number; copy?: string; copyReason?: string } }).output;
if (written.seconds !== undefined) {
  const how = written.copy === 'row-groups' ? 'input row groups copied byte for byte' : `rows re-encoded${written.copyReason ? `: ${written.copyReason}` : ''}`;
  console.log(`  copy pass (${how}): ${written.seconds.toFixed(1)} s; ${(written.seconds / duckSeconds).toFixed(2)}x DuckDB's copy (${duckSeconds.toFixed(1)} s)`);
}

const datasetOut = path.join(dir, 'augmented-dataset');
await rm(datasetOut, { recursive: true, force: true });
const dataset = await timed([...cli, ...base, '--output', datasetOut, '--output-layout', 'dataset']);
console.log(`augment --output-layout dataset: ${fmt(dataset)}`);

// Sampling throughput: a model fitted on a small file, then 4 shards with 1 and 2 workers.
const small = path.join(dir, 'fit-sample.parquet');
await duck(`COPY (SELECT * FROM read_parquet('${input}') LIMIT 50000) TO '${small}' (FORMAT parquet)`);
const modelDir = path.join(dir, `model-${model}`);
await rm(modelDir, { recursive: true, force: true });
await timed([...cli, 'fit', '--input', small, '--label', 'label', '--model', model, '--model-dir', modelDir, '--quiet']);
for (const workers of [1, 2]) {
  const out = path.join(dir, `shards-w${workers}`);
  await rm(out, { recursive: true, force: true });
  const m = await timed([...cli, 'sample', '--model-dir', modelDir, '--count', `fraud=${sampleRows}`, '--shards', '4', '--workers', String(workers), '--output', out, '--quiet']);
  console.log(`sample ${sampleRows} rows, 4 shards, --workers ${workers}: ${fmt(m)}, ${(sampleRows / m.seconds).toFixed(0)} rows/s`);
}
