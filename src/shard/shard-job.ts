/**
 * Which shards this process writes, from options resolved once at the door: `--shard`, the
 * `--shard-from` engine's environment (engine-index.ts), or all of them; plus the job's output
 * folder and format.
 */
import { GanAugmentError } from '../errors.js';
import type { OutputFormat, ResolvedShardedSampleOptions } from '../options/index.js';
import { engineShard } from './engine-index.js';
import { checkShard, parseShardList } from './shard-plan.js';

export interface ShardJob extends ResolvedShardedSampleOptions {
  readonly dir: string;
  readonly format: OutputFormat;
}

export interface ShardSelection {
  readonly job: ShardJob;
  /** The shards this process writes, in order. */
  readonly list: readonly number[];
  /** Whether the shards were named (`--shard`, `--shard-from`) rather than all of them. */
  readonly explicit: boolean;
}

export const SHARD_EXTENSIONS: Record<OutputFormat, string> = { parquet: '.parquet', arrow: '.arrow', 'arrow-stream': '.arrows', csv: '.csv' };

/**
 * The job and this process's shards.
 * @example shardJob(resolveShardedSampleOptions({ modelDir: 'm', counts: 'yes=10', shards: 4, shardFrom: 'k8s', output: 'out/' })).list // [JOB_COMPLETION_INDEX]
 */
export function shardJob(options: ResolvedShardedSampleOptions, env: Readonly<Record<string, string | undefined>> = process.env): ShardSelection {
  if (options.output === undefined || options.output === '-') {
    throw new GanAugmentError('usage', '--output must be a folder for sharded sampling: shard files are written into it.', { hint: 'For example --output synthetic/.' });
  }
  const named = options.shard !== undefined && options.shard !== '';
  let shards = options.shards;
  let list: number[];
  if (options.shardFrom !== undefined) {
    if (named) throw new GanAugmentError('usage', '--shard and --shard-from name the shard twice: give one of them.');
    const task = engineShard(options.shardFrom, env);
    if (task.shards !== undefined) {
      // --shards left at its default of 1 takes the array's size.
      if (shards !== 1 && shards !== task.shards) {
        throw new GanAugmentError('usage', `--shards ${shards} disagrees with the ${task.engine} array's ${task.shards} tasks.`, { hint: 'Leave --shards out, or make the array as large as --shards.' });
      }
      shards = task.shards;
    } else if (shards === 1 && task.shard > 0) {
      throw new GanAugmentError('usage', `--shards is required with --shard-from ${task.engine}: its environment holds the task's index, not the array's size.`, { hint: 'Give --shards equal to the array size (completions / array size).' });
    }
    checkShard(shards, task.shard);
    list = [task.shard];
  } else {
    list = named ? parseShardList(options.shard!, shards) : Array.from({ length: shards }, (_, k) => k);
  }
  const job: ShardJob = { ...options, shards, dir: options.output, format: options.format ?? 'parquet' };
  return { job, list, explicit: named || options.shardFrom !== undefined };
}
