import { cp, readFile, readdir, rm } from 'node:fs/promises';
import { FOLDER_MARKER } from '../../src/io/owned-folder.js';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GanAugmentError } from '../../src/errors.js';
import { readTable } from '../../src/io/index.js';
import { parseShardList, planBlocks, shardBlocks, shardFileName } from '../../src/shard/shard-plan.js';
import { startShardWorkers } from '../../src/shard/run-workers.js';
import { sampleShards } from '../../src/shard/sample-shards.js';
import { fitShardModel } from '../support/shard-model.js';

let dir: string;
let modelDir: string;
const counts = 'fraud=1234,ok=321';
const blockRows = 100;

beforeAll(async () => {
  ({ dir, modelDir } = await fitShardModel('gan-augment-shard-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** The folder's files without gan-augment's own marker (src/io/owned-folder.ts). */
async function shardFolder(out: string): Promise<string[]> {
  return (await readdir(out)).filter((f) => f !== FOLDER_MARKER);
}

async function shardRows(out: string, shards: number): Promise<string[][]> {
  const names = (await shardFolder(out)).sort();
  expect(names).toEqual(Array.from({ length: shards }, (_, s) => shardFileName(s, shards, '.parquet')));
  return Promise.all(
    names.map(async (n) => {
      const t = (await readTable(path.join(out, n))).table;
      return Array.from({ length: t.numRows }, (_, i) => JSON.stringify(t.get(i)!.toJSON()));
    }),
  );
}

describe('shard plan', () => {
  it('cuts each class into blocks and gives shards floor(n/S) blocks, the first n mod S one more', () => {
    const blocks = planBlocks(['fraud', 'ok'], { fraud: 250, ok: 100 }, 100);
    expect(blocks.map((b) => `${b.className}#${b.index}:${b.rows}`)).toEqual(['fraud#0:100', 'fraud#1:100', 'fraud#2:50', 'ok#0:100']);
    expect([0, 1, 2].map((s) => shardBlocks(blocks, 3, s).length)).toEqual([2, 1, 1]);
    expect([0, 1, 2, 3, 4].map((s) => shardBlocks(blocks, 5, s).length)).toEqual([1, 1, 1, 1, 0]);
    expect([0, 1, 2].flatMap((s) => shardBlocks(blocks, 3, s))).toEqual(blocks);
    expect(() => shardBlocks(blocks, 4, 4)).toThrow(/--shard must be from 0 to 3/);
  });

  it('reads --shard as one index or a comma-separated list, refusing repeats and indices out of range', () => {
    expect(parseShardList('3', 4)).toEqual([3]);
    expect(parseShardList(' 3, 1 ', 4)).toEqual([3, 1]);
    expect(parseShardList([0, 2], 4)).toEqual([0, 2]);
    expect(() => parseShardList('1,1', 4)).toThrow(/names shard 1 twice/);
    expect(() => parseShardList('1,4', 4)).toThrow(/--shard must be from 0 to 3/);
    expect(() => parseShardList('1,x', 4)).toThrow(/comma-separated list/);
  });
});

describe('sharded sampling', () => {
  it('gives the same rows for 1, 4 and 16 shards, in block order', async () => {
    const union: string[][] = [];
    for (const shards of [1, 4, 16]) {
      const out = path.join(dir, `s${shards}`);
      const result = await sampleShards({ modelDir, counts, shards, workers: 1, blockRows, output: out, seed: 9, quiet: true });
      expect(result.rows).toBe(1234 + 321);
      const perShard = await shardRows(out, shards);
      expect(perShard.map((r) => r.length)).toEqual(result.files.map((f) => f.rows));
      union.push(perShard.flat());
    }
    // The definition: the rows of every shard, in shard order, are the blocks in order.
    expect(union[1]).toEqual(union[0]);
    expect(union[2]).toEqual(union[0]);
    expect(new Set(union[0]).size).toBeGreaterThan(1000);
    const labels = union[0]!.map((r) => (JSON.parse(r) as { label: string; is_synthetic: boolean }).label);
    expect(labels.filter((l) => l === 'fraud').length).toBe(1234);
    expect(union[0]!.every((r) => (JSON.parse(r) as { is_synthetic: boolean }).is_synthetic)).toBe(true);
  });

  it('writes one shard on its own exactly as in the full run, and another seed gives other rows', async () => {
    const out = path.join(dir, 'one');
    await sampleShards({ modelDir, counts, shards: 16, shard: 3, blockRows, output: out, seed: 9, quiet: true });
    expect(await shardFolder(out)).toEqual(['part-00003-of-00016.parquet']);
    const alone = await readFile(path.join(out, 'part-00003-of-00016.parquet'));
    expect(alone.equals(await readFile(path.join(dir, 's16', 'part-00003-of-00016.parquet')))).toBe(true);
    const other = path.join(dir, 'other-seed');
    await sampleShards({ modelDir, counts, shards: 1, blockRows, output: other, seed: 10, quiet: true });
    expect((await shardRows(other, 1))[0]).not.toEqual((await shardRows(path.join(dir, 's1'), 1))[0]);
  });

  it('--workers 2 (child processes of the CLI) writes byte-identical files to a serial run', async () => {
    const parallel = path.join(dir, 'parallel');
    const serial = path.join(dir, 'serial');
    await sampleShards({ modelDir, counts, shards: 3, workers: 2, blockRows, output: parallel, seed: 9, quiet: true });
    await sampleShards({ modelDir, counts, shards: 3, workers: 1, blockRows, output: serial, seed: 9, quiet: true });
    for (let s = 0; s < 3; s++) {
      const name = shardFileName(s, 3, '.parquet');
      expect((await readFile(path.join(parallel, name))).equals(await readFile(path.join(serial, name)))).toBe(true);
    }
  }, 120_000);

  it('writes a list of shards (--shard 3,1) in one process exactly as the full run does', async () => {
    const out = path.join(dir, 'list');
    const result = await sampleShards({ modelDir, counts, shards: 16, shard: '3,1', blockRows, output: out, seed: 9, quiet: true });
    expect(result.files.map((f) => f.shard)).toEqual([1, 3]);
    for (const s of [1, 3]) {
      const name = shardFileName(s, 16, '.parquet');
      expect((await readFile(path.join(out, name))).equals(await readFile(path.join(dir, 's16', name)))).toBe(true);
    }
  });

  it('one worker process writes every shard it takes from the queue, byte-identical to the serial run', async () => {
    const out = path.join(dir, 'queue');
    const queue = [5, 2, 11];
    const taken: number[] = [];
    let rows = 0;
    const workers = startShardWorkers(
      1,
      ['sample', '--model-dir', modelDir, '--count', counts, '--output', out, '--seed', '9', '--shards', '16', '--block-rows', String(blockRows), '--workers', '1', '--quiet'],
      { next: () => queue.shift(), onShard: (_w, s) => taken.push(s), onRows: (_w, n) => (rows = n) },
    );
    await workers.done;
    expect(taken).toEqual([5, 2, 11]);
    expect(rows).toBeGreaterThan(0);
    expect((await shardFolder(out)).sort()).toEqual([2, 5, 11].map((s) => shardFileName(s, 16, '.parquet')));
    for (const s of [2, 5, 11]) {
      const name = shardFileName(s, 16, '.parquet');
      expect((await readFile(path.join(out, name))).equals(await readFile(path.join(dir, 's16', name)))).toBe(true);
    }
  }, 120_000);

  it('reports a failing worker process with its error, and leaves no temporary file', async () => {
    const out = path.join(dir, 'queue-bad');
    const workers = startShardWorkers(
      1,
      ['sample', '--model-dir', modelDir, '--count', 'nope=3', '--output', out, '--shards', '2', '--workers', '1', '--quiet'],
      { next: () => 0, onShard: () => undefined, onRows: () => undefined },
    );
    const err = await workers.done.catch((e: unknown) => e);
    expect(err).toBeInstanceOf(GanAugmentError);
    expect((err as Error).message).toMatch(/Worker process 1 failed before writing a shard: .*class 'nope' is not one the model was fitted on/s);
    expect(await shardFolder(out).catch(() => [])).toEqual([]);
  }, 120_000);

  it('stops a worker process at its next block on request, removing its temporary file', async () => {
    const out = path.join(dir, 'queue-stop');
    let shards = 0;
    const workers = startShardWorkers(
      1,
      ['sample', '--model-dir', modelDir, '--count', 'fraud=400000', '--output', out, '--shards', '2', '--block-rows', '1000', '--workers', '1', '--quiet'],
      { next: () => (shards++ === 0 ? 0 : undefined), onShard: () => undefined, onRows: () => workers.stop() },
    );
    await workers.done;
    expect(workers.failure()).toBeUndefined();
    expect(await shardFolder(out).catch(() => [])).toEqual([]);
  }, 120_000);

  it('writes a shard byte-identically alone in a fresh process, after other shards in this one, and from a model at another path', async () => {
    // Enough pages that the compressor's state between pages would show (hysnappy's kept match table did).
    const big = { modelDir, counts: 'fraud=30000,ok=8000', shards: 8, blockRows: 1000, seed: 5, quiet: true };
    const name = shardFileName(5, 8, '.parquet');
    const alone = path.join(dir, 'det-alone');
    const fresh = startShardWorkers(1, ['sample', '--model-dir', modelDir, '--count', big.counts, '--output', alone, '--seed', '5', '--shards', '8', '--block-rows', '1000', '--workers', '1', '--quiet'], {
      next: (() => { let given = false; return () => (given ? undefined : ((given = true), 5)); })(),
      onShard: () => undefined,
      onRows: () => undefined,
    });
    await fresh.done;
    const after = path.join(dir, 'det-after');
    await sampleShards({ ...big, shard: '1,3,5,7', output: after });
    const moved = path.join(dir, 'model-moved');
    await cp(modelDir, moved, { recursive: true });
    const elsewhere = path.join(dir, 'det-moved');
    await sampleShards({ ...big, modelDir: moved, shard: 5, output: elsewhere });
    const bytes = await readFile(path.join(alone, name));
    expect(bytes.equals(await readFile(path.join(after, name)))).toBe(true);
    expect(bytes.equals(await readFile(path.join(elsewhere, name)))).toBe(true);
    const summary = JSON.parse((await readTable(path.join(alone, name))).metadata.get('gan_augment')!) as { modelDir: unknown; options: { modelSha256: string } };
    expect(summary.modelDir).toBeNull();
    expect(summary.options.modelSha256).toMatch(/^[0-9a-f]{64}$/);
    expect(bytes.includes(Buffer.from(dir))).toBe(false);
  }, 120_000);

  it('refuses a shard index outside the shard count and an unknown class', async () => {
    const err = await sampleShards({ modelDir, counts, shards: 4, shard: 4, output: path.join(dir, 'bad'), quiet: true }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(GanAugmentError);
    expect((err as Error).message).toMatch(/--shard must be from 0 to 3/);
    const err2 = await sampleShards({ modelDir, counts: 'nope=3', shards: 2, shard: 0, output: path.join(dir, 'bad'), quiet: true }).catch((e: unknown) => e);
    expect((err2 as Error).message).toMatch(/class 'nope' is not one the model was fitted on/);
  });
});
