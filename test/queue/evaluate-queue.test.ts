/**
 * `evaluate --redis`: the run's job units through a BullMQ queue in a real redis-server, run by
 * two `gan-augment worker` child processes; the report equals a run in this process (wall-time
 * fields aside, test/support/wall-times.ts), from the API and from the command line, and a
 * worker refuses an input whose bytes changed after the run was submitted.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerBuiltins } from '../../plugins/index.js';
import { evaluate, evaluateWith } from '../../src/evaluate/index.js';
import type { EvaluationReport } from '../../src/evaluate/report-types.js';
import { GanAugmentError } from '../../src/errors.js';
import { resolveEvaluateOptions, type EvaluateOptions } from '../../src/options/index.js';
import { queueExecutor } from '../../src/queue/evaluate-jobs.js';
import { Rng } from '../../src/random.js';
import { reportToJson } from '../../src/report/json.js';
import { cli, repoRoot, tempDir } from '../support/cli-errors.js';
import { hasRedis, startRedis, type RedisServer } from '../support/redis-server.js';
import { withoutWallTimes } from '../support/wall-times.js';

let folder: ReturnType<typeof tempDir>;
let csv: string;
let redis: RedisServer | undefined;
const workers: ChildProcess[] = [];
const QUEUE = 'evaluate-q';

function startWorker(): void {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(repoRoot, 'src/cli/worker-entry.ts'), 'worker', '--redis', redis!.url, '--queue', QUEUE, '--lock-ms', '4000'], { cwd: repoRoot, stdio: ['ignore', 'ignore', 'pipe'] });
  child.stderr!.resume();
  workers.push(child);
}

function toyCsv(seed: number): string {
  const rng = new Rng(seed);
  const lines = ['x1,x2,colour,label'];
  for (let i = 0; i < 90; i++) {
    const minority = i % 6 === 0;
    lines.push(`${(rng.normal() + (minority ? 1.5 : 0)).toFixed(4)},${rng.normal().toFixed(4)},${rng.next() < 0.5 ? 'red' : 'blue'},${minority ? 'yes' : 'no'}`);
  }
  return `${lines.join('\n')}\n`;
}

beforeAll(async () => {
  registerBuiltins();
  redis = await startRedis();
  if (!redis) return;
  folder = tempDir('evaluate-queue');
  csv = folder.put('toy.csv', toyCsv(3));
  startWorker();
  startWorker();
}, 60_000);

afterAll(async () => {
  for (const w of workers) if (w.exitCode === null && w.signalCode === null) w.kill('SIGTERM');
  await Promise.all(workers.map((w) => (w.exitCode === null && w.signalCode === null ? new Promise((r) => w.once('exit', r)) : undefined)));
  await redis?.stop();
  folder?.cleanup();
}, 60_000);

const run: Omit<EvaluateOptions, 'input'> = { label: 'label', methods: 'none,threshold,random,smote', classifiers: 'logistic,forest', folds: 3, repeats: 1, seed: 9, backend: 'cpu' };
const comparable = (r: EvaluationReport): string => reportToJson(withoutWallTimes(r));

describe.skipIf(!hasRedis)('evaluate through BullMQ workers', () => {
  it('gives the report of a run in this process, from the API and from the command line', async () => {
    const local = await evaluate({ ...run, input: csv, workers: 1 });
    const resolved = resolveEvaluateOptions({ ...run, input: csv });
    const queued = await evaluateWith(resolved, await queueExecutor(resolved, { redis: redis!.url, queue: QUEUE }));
    expect(queued.runs).toHaveLength(3 * 4 * 2);
    expect(comparable(queued)).toBe(comparable(local));

    const json = path.join(folder.dir, 'report.json');
    const cliRun = await cli(['evaluate', '--input', csv, '--label', 'label', '--methods', 'none,threshold,random,smote', '--classifiers', 'logistic,forest', '--folds', '3', '--repeats', '1', '--seed', '9', '--backend', 'cpu', '--redis', redis!.url, '--queue', QUEUE, '--json', json, '--quiet']);
    expect(cliRun.code, cliRun.stderr).toBe(0);
    const fromCli = JSON.parse(await readFile(json, 'utf8')) as EvaluationReport;
    expect(JSON.stringify(withoutWallTimes(fromCli))).toBe(JSON.stringify(withoutWallTimes(JSON.parse(reportToJson(local)) as EvaluationReport)));
  }, 300_000);

  it('refuses an input changed after the run was submitted, naming it, without retrying', async () => {
    const changed = folder.put('changed.csv', toyCsv(5));
    const resolved = resolveEvaluateOptions({ ...run, input: changed });
    const executor = await queueExecutor(resolved, { redis: redis!.url, queue: QUEUE, attempts: 3 });
    await writeFile(changed, toyCsv(6));
    const err = await evaluateWith(resolved, executor).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(GanAugmentError);
    expect((err as Error).message).toContain(`evaluate job: --input '${changed}' on this worker is not the file the run was submitted with`);
  }, 120_000);
});
