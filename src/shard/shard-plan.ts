/**
 * How a sampling job splits across shards, so that any engine can run the shards anywhere and the
 * union is always the same rows. The definition:
 *
 * 1. Each class's count is cut into blocks of `blockRows` rows (the last block of a class may be
 *    shorter), classes in the model's class order: blocks B0, B1, ... B(n-1).
 * 2. Block k of class c is generated with its own seed, `Rng(seed).fork('block-<c>-<k>')`, so its
 *    rows depend only on the run seed, the class and k — not on the shard count.
 * 3. Shard s of S takes a contiguous run of blocks: floor(n / S) blocks each, and the first
 *    n mod S shards one more.
 *
 * Hence the union over shards is the same set of rows for every shard count (1, 4, 16...), and a
 * shard's file is identical whichever machine or worker writes it.
 */
import { GanAugmentError } from '../errors.js';
import { Rng } from '../random.js';

import { DEFAULT_BLOCK_ROWS } from '../options/table.js';

export { DEFAULT_BLOCK_ROWS };

export interface SampleBlock {
  /** Class index in the model's class order. */
  readonly classIndex: number;
  readonly className: string;
  /** Block number within its class. */
  readonly index: number;
  readonly rows: number;
}

/**
 * Every block of the job, in order.
 * @example planBlocks(['no', 'yes'], { yes: 150 }, 100) // [{ className: 'yes', index: 0, rows: 100 }, { ..., index: 1, rows: 50 }]
 */
export function planBlocks(classes: readonly string[], counts: Readonly<Record<string, number>>, blockRows = DEFAULT_BLOCK_ROWS): SampleBlock[] {
  if (!Number.isSafeInteger(blockRows) || blockRows <= 0) throw new GanAugmentError('usage', `blockRows must be a positive integer, got ${blockRows}.`);
  const blocks: SampleBlock[] = [];
  classes.forEach((className, classIndex) => {
    const total = counts[className] ?? 0;
    for (let index = 0, start = 0; start < total; index++, start += blockRows) {
      blocks.push({ classIndex, className, index, rows: Math.min(blockRows, total - start) });
    }
  });
  return blocks;
}

/**
 * The blocks of shard `shard` (0-based) of `shards`.
 * @example shardBlocks(blocks, 16, 3)
 */
export function shardBlocks<T>(blocks: readonly T[], shards: number, shard: number): T[] {
  checkShard(shards, shard);
  const base = Math.floor(blocks.length / shards);
  const extra = blocks.length % shards;
  const start = shard * base + Math.min(shard, extra);
  return blocks.slice(start, start + base + (shard < extra ? 1 : 0));
}

/** The random stream of one block: a function of the run seed, the class and the block number only. */
export function blockRng(seed: number, block: SampleBlock): Rng {
  return new Rng(seed).fork(`block-${block.className}-${block.index}`);
}

/** The file name of a shard: part-00003-of-00016.parquet. */
export function shardFileName(shard: number, shards: number, extension: string): string {
  return `part-${String(shard).padStart(5, '0')}-of-${String(shards).padStart(5, '0')}${extension}`;
}

/** Validate a shard index against a shard count (errors name the flags). */
export function checkShard(shards: number, shard: number): void {
  if (!Number.isSafeInteger(shards) || shards < 1) {
    throw new GanAugmentError('usage', `--shards must be a positive integer, got ${shards}.`);
  }
  if (!Number.isSafeInteger(shard) || shard < 0 || shard >= shards) {
    throw new GanAugmentError('usage', `--shard must be from 0 to ${shards - 1} (0-based) for --shards ${shards}, got ${shard}.`);
  }
}

/**
 * The shard indices named by `--shard`: one index ("3") or a comma-separated list ("1,3"), each
 * validated against `shards`; duplicates are refused, the order is kept (it is the order written).
 * @example parseShardList('1,3', 4) // [1, 3]
 */
export function parseShardList(value: number | string | readonly number[], shards: number): number[] {
  const parts = typeof value === 'number' ? [value] : typeof value === 'string' ? value.split(',') : [...value];
  const list = parts.map((p) => {
    const n = typeof p === 'string' && /^\s*\d+\s*$/.test(p) ? Number(p) : p;
    if (typeof n !== 'number' || !Number.isSafeInteger(n) || n < 0) {
      throw new GanAugmentError('usage', `--shard must be a non-negative integer or a comma-separated list of them (e.g. 3 or 1,3), got '${String(value)}'.`);
    }
    checkShard(shards, n);
    return n;
  });
  if (list.length === 0) throw new GanAugmentError('usage', `--shard names no shard ('${String(value)}').`);
  const seen = new Set<number>();
  for (const s of list) {
    if (seen.has(s)) throw new GanAugmentError('usage', `--shard names shard ${s} twice ('${String(value)}'): each shard is written once.`);
    seen.add(s);
  }
  return list;
}
