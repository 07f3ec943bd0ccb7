/**
 * The shard index (and, where the engine says it, the shard count) from the environment a batch
 * engine gives each task of an array job, so one command line serves every task:
 *
 *   k8s        Indexed Job:      JOB_COMPLETION_INDEX (0-based)
 *   aws-batch  array job:        AWS_BATCH_JOB_ARRAY_INDEX (0-based)
 *   slurm      job array:        SLURM_ARRAY_TASK_ID minus SLURM_ARRAY_TASK_MIN (`--array=1-16` works),
 *                                count SLURM_ARRAY_TASK_COUNT
 *   auto       whichever one of these is set (several at once is refused: the index would be a guess)
 *
 * Kubernetes and AWS Batch do not put the array size in the task's environment, so --shards is
 * required with them; with Slurm it may be left out, and when given it must agree.
 */
import { GanAugmentError } from '../errors.js';

export const SHARD_ENGINES = ['auto', 'k8s', 'aws-batch', 'slurm'] as const;
export type ShardEngine = (typeof SHARD_ENGINES)[number];

export interface EngineShard {
  readonly engine: Exclude<ShardEngine, 'auto'>;
  readonly shard: number;
  /** The array size when the engine gives it (Slurm). */
  readonly shards?: number;
}

type Env = Readonly<Record<string, string | undefined>>;

const INDEX_VARIABLE: Record<EngineShard['engine'], string> = {
  k8s: 'JOB_COMPLETION_INDEX',
  'aws-batch': 'AWS_BATCH_JOB_ARRAY_INDEX',
  slurm: 'SLURM_ARRAY_TASK_ID',
};

/**
 * Read this task's shard from the engine's environment.
 * @example engineShard('k8s', { JOB_COMPLETION_INDEX: '3' }) // { engine: 'k8s', shard: 3 }
 * @example engineShard('auto', process.env)
 */
export function engineShard(from: string, env: Env = process.env): EngineShard {
  if (!(SHARD_ENGINES as readonly string[]).includes(from)) {
    throw new GanAugmentError('usage', `--shard-from must be one of ${SHARD_ENGINES.join(', ')}, got '${from}'.`);
  }
  const engine = from === 'auto' ? detectEngine(env) : (from as EngineShard['engine']);
  const variable = INDEX_VARIABLE[engine];
  let shard = envInt(env, variable, engine);
  if (engine !== 'slurm') return { engine, shard };
  if (env['SLURM_ARRAY_TASK_MIN'] !== undefined) shard -= envInt(env, 'SLURM_ARRAY_TASK_MIN', engine);
  const shards = env['SLURM_ARRAY_TASK_COUNT'] === undefined ? undefined : envInt(env, 'SLURM_ARRAY_TASK_COUNT', engine);
  return shards === undefined ? { engine, shard } : { engine, shard, shards };
}

function detectEngine(env: Env): EngineShard['engine'] {
  const set = (Object.keys(INDEX_VARIABLE) as EngineShard['engine'][]).filter((e) => env[INDEX_VARIABLE[e]] !== undefined);
  if (set.length === 1) return set[0]!;
  const names = Object.values(INDEX_VARIABLE).join(', ');
  if (set.length === 0) {
    throw new GanAugmentError('usage', `--shard-from auto: none of ${names} is set, so this is not a task of an array job.`, { hint: 'Run it as a Kubernetes Indexed Job, an AWS Batch array job or a Slurm array, or give --shard I.' });
  }
  throw new GanAugmentError('usage', `--shard-from auto: ${set.map((e) => INDEX_VARIABLE[e]).join(' and ')} are both set, so the shard index is ambiguous.`, { hint: `Name the engine: --shard-from ${set.join(' or --shard-from ')}.` });
}

function envInt(env: Env, name: string, engine: string): number {
  const text = env[name];
  if (text === undefined) {
    throw new GanAugmentError('usage', `--shard-from ${engine}: ${name} is not set in the environment.`, { hint: `Run it as a task of a ${engine} array job, or give --shard I.` });
  }
  if (!/^\s*\d+\s*$/.test(text)) throw new GanAugmentError('usage', `--shard-from ${engine}: ${name} must be a non-negative integer, got '${text}'.`);
  return Number(text);
}
