/**
 * Sampling through a BullMQ queue in a real redis-server, with `gan-augment worker` processes as
 * children: one is killed with SIGKILL while it writes a shard, the other takes the stalled job
 * over; the output is complete (`_SUCCESS`, the killed attempt's temporary part removed) and every
 * part is byte-identical to a single-process run.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFile, readdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GanAugmentError } from '../../src/errors.js';
import { FOLDER_MARKER } from '../../src/io/owned-folder.js';
import { sampleThroughQueue } from '../../src/queue/sample-jobs.js';
import { submitJobs } from '../../src/queue/submit.js';
import { sampleShards } from '../../src/shard/sample-shards.js';
import { shardFileName } from '../../src/shard/shard-plan.js';
import { cli, repoRoot } from '../support/cli-errors.js';
import { fitShardModel } from '../support/shard-model.js';
import { hasRedis, startRedis, type RedisServer } from '../support/redis-server.js';

let dir: string;
let modelDir: string;
let redis: RedisServer | undefined;
const workers: ChildProcess[] = [];

function startWorker(queue: string): ChildProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(repoRoot, 'src/cli/worker-entry.ts'), 'worker', '--redis', redis!.url, '--queue', queue, '--lock-ms', '4000'], { cwd: repoRoot, stdio: ['ignore', 'ignore', 'pipe'] });
  child.stderr!.resume();
  workers.push(child);
  return child;
}

beforeAll(async () => {
  redis = await startRedis();
  if (!redis) return;
  ({ dir, modelDir } = await fitShardModel('gan-augment-queue-'));
}, 60_000);

afterAll(async () => {
  for (const w of workers) if (w.exitCode === null && w.signalCode === null) w.kill('SIGTERM');
  await Promise.all(workers.map((w) => (w.exitCode === null && w.signalCode === null ? new Promise((r) => w.once('exit', r)) : undefined)));
  await redis?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
}, 60_000);

describe.skipIf(!hasRedis)('sampling through BullMQ workers', () => {
  it('survives a worker SIGKILLed mid-shard: complete output, bytes equal to one process', async () => {
    const pids = [startWorker('q1'), startWorker('q1')].map((w) => w.pid!);
    const job = { modelDir, counts: 'fraud=400000,ok=100000', shards: 5, blockRows: 10_000, seed: 11 };
    const out = path.join(dir, 'queued');
    let killed: string | undefined;
    // Kill the worker whose temporary part appears first (its pid is in the temporary file's name).
    const watcher = (async () => {
      for (let i = 0; i < 2400 && killed === undefined; i++) {
        const temp = (await readdir(out).catch(() => [])).find((n) => n.endsWith('.tmp'));
        const pid = temp ? Number(temp.split('.').at(-3)) : NaN;
        if (temp && pids.includes(pid)) {
          process.kill(pid, 'SIGKILL');
          killed = temp;
        } else await new Promise((r) => setTimeout(r, 50));
      }
    })();
    const result = await sampleThroughQueue({ ...job, output: out }, { redis: redis!.url, queue: 'q1' });
    await watcher;
    expect(killed).toBeDefined();
    // Gone: removed by the retry's own write (a dead process's temporary) or by the completion step.
    expect(await readdir(out)).not.toContain(killed);
    for (const name of result.removed) expect(name).toMatch(/^\.part-0000\d-of-00005\.parquet\.\d+\.[0-9a-f]{8}\.tmp$/);
    expect(result.rows).toBe(500_000);
    expect(result.files.map((f) => f.shard)).toEqual([0, 1, 2, 3, 4]);
    const names = [0, 1, 2, 3, 4].map((s) => shardFileName(s, 5, '.parquet'));
    expect((await readdir(out)).filter((n) => n !== FOLDER_MARKER).sort()).toEqual(['_SUCCESS', ...names]);
    const local = path.join(dir, 'local');
    await sampleShards({ ...job, output: local, workers: 1, quiet: true });
    for (const name of names) expect((await readFile(path.join(out, name))).equals(await readFile(path.join(local, name)))).toBe(true);
  }, 300_000);

  it('fails a job of an unknown kind at once, with the worker\'s reason, without retrying it', async () => {
    const err = await submitJobs([{ kind: 'fit-model', data: null }], { redis: redis!.url, queue: 'q1', attempts: 3 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(GanAugmentError);
    expect((err as Error).message).toMatch(/No job handler for kind 'fit-model' in this worker \(known: sample-shard, sample-complete, evaluate-unit\)/);
  }, 60_000);

  it('on the command line: sample --redis submits, a worker writes, and SIGTERM stops the worker with exit 0', async () => {
    const out = path.join(dir, 'cli');
    const run = await cli(['sample', '--model-dir', modelDir, '--count', 'fraud=3000', '--shards', '3', '--block-rows', '1000', '--output', out, '--redis', redis!.url, '--queue', 'q1']);
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(/3000 rows in 3 of 3 shards \(queue workers\)/);
    expect((await readdir(out)).filter((n) => n !== FOLDER_MARKER).sort()).toEqual(['_SUCCESS', ...[0, 1, 2].map((s) => shardFileName(s, 3, '.parquet'))]);
    const alive = workers.filter((w) => w.exitCode === null && w.signalCode === null);
    expect(alive.length).toBeGreaterThan(0);
    const codes = await Promise.all(alive.map((w) => new Promise<number | null>((r) => { w.once('exit', (code) => r(code)); w.kill('SIGTERM'); })));
    expect(codes.every((c) => c === 0)).toBe(true);
  }, 120_000);
});
