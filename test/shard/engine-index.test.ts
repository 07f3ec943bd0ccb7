import { describe, expect, it } from 'vitest';
import { GanAugmentError } from '../../src/errors.js';
import { engineShard } from '../../src/shard/engine-index.js';
import { resolveShardedSampleOptions, type ShardedSampleOptions } from '../../src/options/index.js';
import { shardJob } from '../../src/shard/shard-job.js';

const resolveShardJob = (raw: ShardedSampleOptions, env: Record<string, string>) => shardJob(resolveShardedSampleOptions(raw), env);

describe('engineShard', () => {
  it("reads each engine's task index (Slurm relative to the array's first id, with its size)", () => {
    expect(engineShard('k8s', { JOB_COMPLETION_INDEX: '3' })).toEqual({ engine: 'k8s', shard: 3 });
    expect(engineShard('aws-batch', { AWS_BATCH_JOB_ARRAY_INDEX: '0' })).toEqual({ engine: 'aws-batch', shard: 0 });
    expect(engineShard('slurm', { SLURM_ARRAY_TASK_ID: '7', SLURM_ARRAY_TASK_MIN: '1', SLURM_ARRAY_TASK_COUNT: '16' })).toEqual({ engine: 'slurm', shard: 6, shards: 16 });
    expect(engineShard('auto', { SLURM_ARRAY_TASK_ID: '2' })).toEqual({ engine: 'slurm', shard: 2 });
    expect(engineShard('auto', { JOB_COMPLETION_INDEX: '5', HOME: '/root' })).toEqual({ engine: 'k8s', shard: 5 });
  });

  it('refuses a missing, malformed or ambiguous index and an unknown engine, naming the variable', () => {
    expect(() => engineShard('k8s', {})).toThrow(/--shard-from k8s: JOB_COMPLETION_INDEX is not set/);
    expect(() => engineShard('aws-batch', { AWS_BATCH_JOB_ARRAY_INDEX: 'x1' })).toThrow(/AWS_BATCH_JOB_ARRAY_INDEX must be a non-negative integer, got 'x1'/);
    expect(() => engineShard('auto', {})).toThrow(/none of JOB_COMPLETION_INDEX, AWS_BATCH_JOB_ARRAY_INDEX, SLURM_ARRAY_TASK_ID is set/);
    expect(() => engineShard('auto', { JOB_COMPLETION_INDEX: '1', SLURM_ARRAY_TASK_ID: '1' })).toThrow(/JOB_COMPLETION_INDEX and SLURM_ARRAY_TASK_ID are both set/);
    expect(() => engineShard('yarn', {})).toThrow(GanAugmentError);
  });
});

describe('shardJob with --shard-from', () => {
  const base = { modelDir: 'm', counts: 'yes=10', output: 'out/' };
  it('takes the one shard from the environment, and the shard count from Slurm', () => {
    expect(resolveShardJob({ ...base, shards: 4, shardFrom: 'k8s' }, { JOB_COMPLETION_INDEX: '2' }).list).toEqual([2]);
    const slurm = resolveShardJob({ ...base, shardFrom: 'slurm' }, { SLURM_ARRAY_TASK_ID: '3', SLURM_ARRAY_TASK_COUNT: '8' });
    expect([slurm.job.shards, slurm.list, slurm.explicit]).toEqual([8, [3], true]);
  });
  it('refuses an index beyond --shards, a missing --shards, a disagreeing one, and --shard given too', () => {
    expect(() => resolveShardJob({ ...base, shards: 4, shardFrom: 'k8s' }, { JOB_COMPLETION_INDEX: '4' })).toThrow(/--shard must be from 0 to 3/);
    expect(() => resolveShardJob({ ...base, shardFrom: 'aws-batch' }, { AWS_BATCH_JOB_ARRAY_INDEX: '1' })).toThrow(/--shards is required with --shard-from aws-batch/);
    expect(() => resolveShardJob({ ...base, shards: 4, shardFrom: 'slurm' }, { SLURM_ARRAY_TASK_ID: '1', SLURM_ARRAY_TASK_COUNT: '8' })).toThrow(/--shards 4 disagrees with the slurm array's 8 tasks/);
    expect(() => resolveShardJob({ ...base, shards: 4, shard: 1, shardFrom: 'k8s' }, { JOB_COMPLETION_INDEX: '1' })).toThrow(/--shard and --shard-from/);
  });
});
