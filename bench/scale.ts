/**
 * Scale benchmark (docs/scale.md, docs/benchmarks.md "Scale"): generate an N-row x 20-column
 * Parquet file with a 0.5% minority (DuckDB, under --dir), then measure, each in a fresh process,
 *  - DuckDB copying the same file (COPY (SELECT * FROM read_parquet(...)) TO ...), the yardstick;
 *  - `gan-augment augment` (streaming) to one Parquet file, and with --output-layout dataset; for
 *    the one-file run also its copy pass alone (from the run summary's output.seconds);
 *  - sampling throughput of `gan-augment sample --shards 4` with --workers 1 and 2: rows/s, CPU
 *    seconds and the load average before each run, with the compiled CLI (dist/, as `npx
 *    gan-augment` runs) when it is built and not older than any source file, else through tsx.
 *  - with --queue-workers 1,2: the same sampling submitted with `sample --redis` to a BullMQ queue in
 *    a redis-server started here, served by that many `gan-augment worker` processes started (and
 *    ready) before the clock starts, as a standing fleet would be; wall time of the submitting command.
 * Wall time and peak RSS (from /usr/bin/time, else the child's own report) per run.
 *
 * Usage: npm run bench:scale -- [--rows 10000000] [--dir /tmp/gan-augment-scale] [--model random]
 *   [--sample-rows 1000000[,4000000...]] [--workers 1,2] [--repeat 1] [--cli auto|compiled|tsx]
 *   [--sample-only]   (sampling alone: no DuckDB copy, no augment runs; e.g. with --rows 50000)
 *   [--queue-workers 1,2]   (also through BullMQ workers; needs redis-server)
 *   [--evaluate-workers 1,2] [--evaluate-input ../shared/datasets/german_credit.csv] [--evaluate-only]
 *   [--evaluate-args='--methods none,smote']  (more evaluate flags, split on spaces)
 *     (`evaluate --workers W` on a real dataset, default methods and classifiers, interleaved per
 *     --repeat: wall time, CPU seconds, the ratio to the first count, and whether the JSON reports
 *     are identical once their wall-time fields are zeroed; --evaluate-only runs this alone)
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readFile, readdir, rm, stat } from 'node:fs/promises';
import { cpus, loadavg } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { DuckDBInstance } from '@duckdb/node-api';
import type { EvaluationReport } from '../src/evaluate/report-types.js';
import { withoutWallTimes } from '../test/support/wall-times.js';

const { values } = parseArgs({
  options: {
    rows: { type: 'string', default: '10000000' },
    dir: { type: 'string', default: '/tmp/gan-augment-scale' },
    model: { type: 'string', default: 'random' },
    'sample-rows': { type: 'string', default: '1000000' },
    workers: { type: 'string', default: '1,2' },
    repeat: { type: 'string', default: '1' },
    'cli': { type: 'string', default: 'auto' },
    'sample-only': { type: 'boolean', default: false },
    'skip-generate': { type: 'boolean', default: false },
    'queue-workers': { type: 'string', default: '' },
    'evaluate-workers': { type: 'string', default: '' },
    'evaluate-input': { type: 'string', default: path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../shared/datasets/german_credit.csv') },
    'evaluate-only': { type: 'boolean', default: false },
    'evaluate-args': { type: 'string', default: '' },
  },
});
const rows = Number(values.rows);
const dir = values.dir!;
const model = values.model!;
const sampleRowsList = values['sample-rows']!.split(',').map(Number);
const workerCounts = values.workers!.split(',').map(Number);
const queueWorkerCounts = values['queue-workers'] ? values['queue-workers'].split(',').map(Number) : [];
const repeat = Number(values.repeat);
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
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
if (values['evaluate-only']) {
  const only = await chooseCli(values.cli!);
  console.log(`gan-augment CLI: ${only.label}`);
  await benchEvaluate(only.args);
  process.exit(0);
}
console.log(`machine: ${cpus().length} cores, ${cpus()[0]?.model ?? 'unknown CPU'}, node ${process.version}, load average ${loadavg().map((l) => l.toFixed(1)).join(' ')}`);
if (!values['skip-generate'] || !existsSync(input)) {
  const floats = Array.from({ length: 19 }, (_, i) => `random() + (CASE WHEN i % ${minorityEvery} = 0 THEN 1.5 ELSE 0 END) AS f${i}`).join(', ');
  const seconds = await duck(
    `SELECT setseed(0.25); COPY (SELECT ${floats}, CASE WHEN i % ${minorityEvery} = 0 THEN 'fraud' ELSE 'ok' END AS label FROM range(${rows}) t(i)) TO '${input}' (FORMAT parquet)`,
  );
  console.log(`generated ${input}: ${rows} rows x 20 columns, ${((await stat(input)).size / 2 ** 20).toFixed(0)} MB, in ${seconds.toFixed(1)} s (DuckDB)`);
}
const minority = Math.ceil(rows / minorityEvery);
// The compiled CLI when dist/ is fresh, as `npx gan-augment` runs it (start-up is far shorter than under tsx).
const ourCli = await chooseCli(values.cli!);
console.log(`gan-augment CLI: ${ourCli.label}`);
const cli = ourCli.args;

if (!values['sample-only']) {
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
}

// Sampling throughput: a model fitted on a small file, then 4 shards with each worker count.
const small = path.join(dir, 'fit-sample.parquet');
await duck(`COPY (SELECT * FROM read_parquet('${input}') LIMIT 50000) TO '${small}' (FORMAT parquet)`);
const modelDir = path.join(dir, `model-${model}`);
await rm(modelDir, { recursive: true, force: true });
await timed([...cli, 'fit', '--input', small, '--label', 'label', '--model', model, '--model-dir', modelDir, '--quiet']);
for (const sampleRows of sampleRowsList) {
  const byWorkers = new Map<number, number[]>();
  // Interleaved (1, 2, 1, 2...) so a change in the machine's load hits every worker count alike.
  for (let r = 0; r < repeat; r++) {
    for (const workers of workerCounts) {
      const out = path.join(dir, `shards-w${workers}`);
      await rm(out, { recursive: true, force: true });
      const load = loadavg()[0]!.toFixed(1);
      const m = await timedCpu([...cli, 'sample', '--model-dir', modelDir, '--count', `fraud=${sampleRows}`, '--shards', '4', '--workers', String(workers), '--output', out, '--quiet']);
      const files = (await readdir(out)).filter((f) => f.endsWith('.parquet')).length;
      const rate = sampleRows / m.seconds;
      byWorkers.set(workers, [...(byWorkers.get(workers) ?? []), rate]);
      console.log(
        `sample ${sampleRows} rows, 4 shards, --workers ${workers}: ${fmt(m)}, ${rate.toFixed(0)} rows/s; CPU ${m.cpuSeconds?.toFixed(1) ?? 'n/a'} s` +
          `${m.cpuSeconds ? ` (${(sampleRows / m.cpuSeconds).toFixed(0)} rows per CPU-second, ${(m.cpuSeconds / m.seconds).toFixed(2)} cores busy on average)` : ''}` +
          `; load average ${load} before the run; ${files} files`,
      );
    }
    for (const count of queueWorkerCounts) {
      const out = path.join(dir, `shards-q${count}`);
      await rm(out, { recursive: true, force: true });
      const load = loadavg()[0]!.toFixed(1);
      const seconds = await queuedSample(count, ['sample', '--model-dir', modelDir, '--count', `fraud=${sampleRows}`, '--shards', '4', '--output', out, '--quiet']);
      const rate = sampleRows / seconds;
      byWorkers.set(-count, [...(byWorkers.get(-count) ?? []), rate]);
      console.log(`sample ${sampleRows} rows, 4 shards, ${count} BullMQ worker(s): ${seconds.toFixed(1)} s, ${rate.toFixed(0)} rows/s; load average ${load} before the run`);
    }
  }
  const best = [...byWorkers].map(([w, rates]) => `${w > 0 ? `--workers ${w}` : `${-w} queue worker(s)`} ${Math.max(...rates).toFixed(0)} rows/s`).join(', ');
  const base = Math.max(...(byWorkers.get(workerCounts[0]!) ?? [NaN]));
  const ratios = [...byWorkers].slice(1).map(([w, rates]) => `${w > 0 ? `${w} workers` : `${-w} queue worker(s)`} ${(Math.max(...rates) / base).toFixed(2)}x`).join(', ');
  console.log(`sample ${sampleRows} rows, best of ${repeat}: ${best}${ratios ? `; ${ratios} of --workers ${workerCounts[0]}` : ''}`);
}

if (values['evaluate-workers']) await benchEvaluate(cli);

/**
 * `evaluate --workers W` for each count of --evaluate-workers, interleaved over --repeat runs; the
 * reports must be identical apart from their wall-time fields (test/support/wall-times.ts).
 */
async function benchEvaluate(cliArgs: readonly string[]): Promise<void> {
  const counts = (values['evaluate-workers'] || '1,2').split(',').map(Number);
  const data = values['evaluate-input']!;
  const extra = values['evaluate-args']!.split(' ').filter((a) => a !== '');
  const seconds = new Map<number, number[]>();
  const reports = new Map<number, string>();
  for (let r = 0; r < repeat; r++) {
    for (const workers of counts) {
      const json = path.join(dir, `evaluate-w${workers}.json`);
      const load = loadavg()[0]!.toFixed(1);
      const m = await timedCpu([...cliArgs, 'evaluate', '--input', data, '--label', 'label', '--workers', String(workers), '--json', json, '--quiet', ...extra]);
      seconds.set(workers, [...(seconds.get(workers) ?? []), m.seconds]);
      reports.set(workers, JSON.stringify(withoutWallTimes(JSON.parse(await readFile(json, 'utf8')) as EvaluationReport)));
      console.log(`evaluate ${path.basename(data)} --workers ${workers}: ${fmt(m)}; CPU ${m.cpuSeconds?.toFixed(1) ?? 'n/a'} s; load average ${load} before the run`);
    }
  }
  const base = Math.min(...seconds.get(counts[0]!)!);
  for (const workers of counts.slice(1)) {
    const best = Math.min(...seconds.get(workers)!);
    const same = reports.get(workers) === reports.get(counts[0]!);
    console.log(`evaluate --workers ${workers}: best ${best.toFixed(1)} s = ${(best / base).toFixed(2)}x the wall time of --workers ${counts[0]} (best ${base.toFixed(1)} s); report ${same ? 'identical' : 'DIFFERENT'} apart from wall times`);
  }
}

/**
 * Start redis-server and `count` queue workers, wait until each is listening, then time the
 * submitting command (`args` plus --redis); the workers and Redis are stopped after.
 */
async function queuedSample(count: number, args: string[]): Promise<number> {
  const port = 20000 + Math.floor(Math.random() * 20000);
  const redis = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: ['ignore', 'pipe', 'inherit'] });
  const children: ChildProcess[] = [redis];
  const ready = (child: ChildProcess, stream: 'stdout' | 'stderr', text: string): Promise<void> =>
    new Promise((resolve, reject) => {
      let seen = '';
      child[stream]!.on('data', (chunk: Buffer) => {
        seen += chunk.toString();
        if (seen.includes(text)) resolve();
      });
      child.once('exit', (code) => reject(new Error(`exited with ${code}: ${seen}`)));
    });
  try {
    await ready(redis, 'stdout', 'Ready to accept connections');
    const url = `redis://127.0.0.1:${port}`;
    const workers = Array.from({ length: count }, () => spawn(process.execPath, [...cli, 'worker', '--redis', url], { cwd: root, stdio: ['ignore', 'ignore', 'pipe'] }));
    children.push(...workers);
    await Promise.all(workers.map((w) => ready(w, 'stderr', 'waiting for jobs')));
    return (await timed([...cli, ...args, '--redis', url])).seconds;
  } finally {
    for (const child of children.reverse()) {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await exited;
      }
    }
  }
}

/** Like `timed`, plus the CPU seconds (user + system) of the process and the workers it waited for. */
async function timedCpu(args: string[]): Promise<Measured & { cpuSeconds: number | null }> {
  if (!existsSync('/usr/bin/time')) return { ...(await timed(args)), cpuSeconds: null };
  const started = performance.now();
  const { stderr } = await new Promise<{ stderr: string }>((resolve, reject) =>
    execFile('/usr/bin/time', ['-f', 'PEAK_RSS_KB=%M CPU=%U+%S', process.execPath, ...args], { cwd: root, maxBuffer: 64 << 20 }, (err, _stdout, stderr) =>
      err ? reject(new Error(`${err.message}\n${stderr}`)) : resolve({ stderr }),
    ),
  );
  const seconds = (performance.now() - started) / 1000;
  const kb = /PEAK_RSS_KB=(\d+)/.exec(stderr)?.[1];
  const cpu = /CPU=([\d.]+)\+([\d.]+)/.exec(stderr);
  return { seconds, peakRssMb: kb ? Number(kb) / 1024 : null, cpuSeconds: cpu ? Number(cpu[1]) + Number(cpu[2]) : null };
}

/**
 * node arguments for the CLI every run uses: dist/src/cli/worker-entry.js when `mode` is
 * 'compiled', or 'auto' and dist/ is fresh (every .ts under src/ and plugins/ has a compiled .js
 * at least as new); else src/cli/worker-entry.ts through tsx.
 */
async function chooseCli(mode: string): Promise<{ args: string[]; label: string }> {
  const compiled = path.join(root, 'dist/src/cli/worker-entry.js');
  const tsx = { args: ['--import', 'tsx', path.join(root, 'src/cli/worker-entry.ts')], label: 'src/ through tsx' };
  if (mode === 'tsx') return tsx;
  const stale = existsSync(compiled) ? await staleSource() : 'dist/ is not built';
  if (mode === 'compiled' || stale === undefined) {
    return { args: [compiled], label: `dist/ (compiled)${stale ? `, although ${stale}` : ''}` };
  }
  return { ...tsx, label: `${tsx.label} (${stale}; run \`npm run build\` to measure the compiled CLI)` };
}

/** The first source file newer than its compiled form (or without one), if any. */
async function staleSource(): Promise<string | undefined> {
  for (const top of ['src', 'plugins']) {
    const files = (await readdir(path.join(root, top), { recursive: true })).filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'));
    for (const f of files) {
      const source = path.join(root, top, f);
      const built = path.join(root, 'dist', top, f.replace(/\.ts$/, '.js'));
      if (!existsSync(built)) return `dist/ lacks ${top}/${f}`;
      if ((await stat(source)).mtimeMs > (await stat(built)).mtimeMs) return `${top}/${f} is newer than dist/`;
    }
  }
  return undefined;
}
