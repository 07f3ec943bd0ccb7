/**
 * Sharded sampling through the queue: one 'sample-shard' job per shard, then one
 * 'sample-complete' job (the completion step, run by a worker, which sees the output folder
 * by definition). Paths are made absolute on the submitting side, so workers must see the model
 * and the output folder at the same paths (shared storage, as for any shard engine).
 */
import path from 'node:path';
import { claimFolder } from '../io/owned-folder.js';
import { completeShards } from '../shard/complete-shards.js';
import { sampleShards, type ShardFile } from '../shard/sample-shards.js';
import { resolveShardedSampleOptions, type ShardedSampleOptions } from '../options/index.js';
import { shardJob } from '../shard/shard-job.js';
import { registerJobHandler, type JobHandler, type JobUnit } from './job-unit.js';
import { submitJobs, type SubmitOptions } from './submit.js';

export const SAMPLE_SHARD_JOB = 'sample-shard';
export const SAMPLE_COMPLETE_JOB = 'sample-complete';

const sampleShardJob: JobHandler = async (data, context) => {
  // Plain JSON from the queue; the option table checks every field as it does for the CLI.
  const options = data as unknown as ShardedSampleOptions;
  // One shard per job: this process is one of the fleet's workers, not a `--workers` parent.
  const result = await sampleShards({ ...options, workers: 1, quiet: false, progress: (e) => void (e.unit === 'rows' && context.progress(e.done)) });
  const file = result.files[0]!;
  return { shard: file.shard, path: file.path, rows: file.rows, bytes: file.bytes };
};

const sampleCompleteJob: JobHandler = async (data) => {
  const done = await completeShards(data as unknown as ShardedSampleOptions);
  return { rows: done.rows, removed: [...done.removed], success: done.success };
};

/** Make this process able to run sampling jobs (idempotent). */
export function registerSampleJobs(): void {
  registerJobHandler(SAMPLE_SHARD_JOB, sampleShardJob);
  registerJobHandler(SAMPLE_COMPLETE_JOB, sampleCompleteJob);
}

/**
 * The job units of every shard (or the shards named by `shard`) of a sampling job, checked first.
 * @example sampleJobUnits({ modelDir: 'models/fraud', counts: 'fraud=1000000', shards: 16, output: 'synthetic/' })
 */
export function sampleJobUnits(raw: ShardedSampleOptions): { shards: JobUnit[]; complete: JobUnit } {
  const { job, list } = shardJob(resolveShardedSampleOptions(raw));
  const common: Record<string, string | number> = {
    modelDir: path.resolve(job.modelDir),
    counts: Object.entries(job.counts).map(([k, v]) => `${k}=${v}`).join(','),
    output: path.resolve(job.dir),
    format: job.format,
    seed: job.seed >>> 0,
    provenanceColumn: job.provenanceColumn,
    backend: job.backend,
    shards: job.shards,
    blockRows: job.blockRows,
  };
  return {
    shards: list.map((shard) => ({ kind: SAMPLE_SHARD_JOB, data: { ...common, shard } })),
    complete: { kind: SAMPLE_COMPLETE_JOB, data: common },
  };
}

export interface QueuedSampleResult {
  readonly files: readonly ShardFile[];
  readonly rows: number;
  readonly shards: number;
  /** Temporary parts of killed attempts removed by the completion step. */
  readonly removed: readonly string[];
  readonly success: string;
}

/**
 * Write every shard through the queue's workers, then complete the job (`_SUCCESS`).
 * @example await sampleThroughQueue({ modelDir: '/data/models/fraud', counts: 'fraud=1000000', shards: 16, output: '/data/synthetic' }, { redis: 'redis://redis:6379' });
 */
export async function sampleThroughQueue(raw: ShardedSampleOptions, queue: SubmitOptions): Promise<QueuedSampleResult> {
  const { shard: _one, shardFrom: _from, ...all } = raw;
  const units = sampleJobUnits(all);
  // Claimed here, once: workers starting their first shards at the same moment would race to claim a new folder.
  await claimFolder(String((units.complete.data as { output: string }).output), 'shards', '--output');
  const files = (await submitJobs(units.shards, queue)) as unknown as ShardFile[];
  const [completed] = (await submitJobs([units.complete], { ...queue, onProgress: undefined })) as { removed: string[]; success: string }[];
  return { files, rows: files.reduce((n, f) => n + f.rows, 0), shards: units.shards.length, removed: completed!.removed, success: completed!.success };
}
