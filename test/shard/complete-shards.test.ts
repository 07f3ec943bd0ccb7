/**
 * `sample --complete`: every part present and complete, stale temporary parts of a killed attempt
 * (a real CLI process killed with SIGKILL mid-shard) removed, `_SUCCESS` written; and the
 * engine-index form of `--shard` end to end in the CLI.
 */
import { spawn } from 'node:child_process';
import { readFile, readdir, rm, truncate, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GanAugmentError } from '../../src/errors.js';
import { FOLDER_MARKER } from '../../src/io/owned-folder.js';
import { completeShards } from '../../src/shard/complete-shards.js';
import { sampleShards } from '../../src/shard/sample-shards.js';
import { shardFileName } from '../../src/shard/shard-plan.js';
import { cli, repoRoot } from '../support/cli-errors.js';
import { fitShardModel } from '../support/shard-model.js';

let dir: string;
let modelDir: string;
const job = { counts: 'fraud=900,ok=300', shards: 4, blockRows: 100, seed: 3, quiet: true };

beforeAll(async () => {
  ({ dir, modelDir } = await fitShardModel('gan-augment-complete-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Start the CLI on a large shard, wait for its temporary part, and SIGKILL it: what a preempted pod leaves. */
async function killedAttempt(out: string, shard: number): Promise<string> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(repoRoot, 'src/cli/worker-entry.ts'), 'sample', '--model-dir', modelDir, '--count', 'fraud=5000000', '--output', out, '--shards', '4', '--shard', String(shard), '--block-rows', '1000', '--quiet'], { cwd: repoRoot, stdio: 'ignore' });
  const exited = new Promise((resolve) => child.on('exit', resolve));
  for (let i = 0; i < 600; i++) {
    const temp = (await readdir(out).catch(() => [])).find((n) => n.endsWith('.tmp'));
    if (temp) {
      child.kill('SIGKILL');
      await exited;
      return temp;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  child.kill('SIGKILL');
  throw new Error('the attempt never started its temporary part');
}

describe('completeShards', () => {
  it('refuses missing parts, keeps the killed attempt\'s temporary part until the retry, then writes _SUCCESS', async () => {
    const out = path.join(dir, 'killed');
    await sampleShards({ ...job, modelDir, shard: '0,1,3', output: out });
    const temp = await killedAttempt(out, 2);
    expect(temp).toMatch(/^\.part-00002-of-00004\.parquet\.\d+\.[0-9a-f]{8}\.tmp$/);
    const missing = await completeShards({ ...job, modelDir, output: out }).catch((e: unknown) => e);
    expect(missing).toBeInstanceOf(GanAugmentError);
    expect((missing as Error).message).toMatch(/1 of 4 parts are missing .*part-00002-of-00004\.parquet/);
    // Until every part is complete, the temporary part may belong to a live attempt: it stays.
    expect(await readdir(out)).toContain(temp);
    await sampleShards({ ...job, modelDir, shard: 2, output: out });
    const done = await completeShards({ ...job, modelDir, output: out });
    // The retry (whose own write removes dead processes' temporaries beside its part) or the completion removed it.
    expect(await readdir(out)).not.toContain(temp);
    expect(done.rows).toBe(1200);
    expect((await readdir(out)).filter((n) => n !== FOLDER_MARKER).sort()).toEqual(['_SUCCESS', ...[0, 1, 2, 3].map((s) => shardFileName(s, 4, '.parquet'))]);
    const marker = JSON.parse(await readFile(done.success, 'utf8')) as { shards: number; rows: number; parts: { file: string; rows: number }[] };
    expect([marker.shards, marker.rows, marker.parts.map((p) => p.rows)]).toEqual([4, 1200, [300, 300, 300, 300]]);
    // Idempotent: a retried completion writes the same marker.
    const before = await readFile(done.success);
    await completeShards({ ...job, modelDir, output: out });
    expect((await readFile(done.success)).equals(before)).toBe(true);
  }, 120_000);

  it('refuses a truncated part, a part of another seed and parts of another shard count', async () => {
    const out = path.join(dir, 'bad');
    await sampleShards({ ...job, modelDir, output: out, workers: 1 });
    const part1 = path.join(out, shardFileName(1, 4, '.parquet'));
    await sampleShards({ ...job, modelDir, output: path.join(dir, 'seed4'), shard: 1, seed: 4, workers: 1 });
    await writeFile(part1, await readFile(path.join(dir, 'seed4', shardFileName(1, 4, '.parquet'))));
    await expect(completeShards({ ...job, modelDir, output: out })).rejects.toThrow(/part-00001-of-00004\.parquet' was written by another job \(its seed is 4, this job's 3\)/);
    await truncate(part1, 100);
    await expect(completeShards({ ...job, modelDir, output: out })).rejects.toThrow(/part-00001-of-00004\.parquet' is not a readable parquet file .*Rerun shard 1/s);
    await sampleShards({ ...job, modelDir, output: out, shard: 1 });
    await writeFile(path.join(out, shardFileName(0, 2, '.parquet')), 'x');
    await expect(completeShards({ ...job, modelDir, output: out })).rejects.toThrow(/parts of another job shape: part-00000-of-00002\.parquet/);
  }, 120_000);

  it('on the command line: --shard-from k8s in the environment writes that shard, --complete finishes the job', async () => {
    const out = path.join(dir, 'cli');
    const args = ['sample', '--model-dir', modelDir, '--count', job.counts, '--shards', '2', '--block-rows', '100', '--output', out, '--quiet'];
    for (const index of ['1', '0']) {
      process.env['JOB_COMPLETION_INDEX'] = index;
      try {
        expect((await cli([...args, '--shard-from', 'k8s'])).code).toBe(0);
      } finally {
        delete process.env['JOB_COMPLETION_INDEX'];
      }
    }
    expect((await cli([...args, '--complete'])).code).toBe(0);
    expect((await readdir(out)).filter((n) => n !== FOLDER_MARKER).sort()).toEqual(['_SUCCESS', shardFileName(0, 2, '.parquet'), shardFileName(1, 2, '.parquet')]);
  }, 120_000);
});
