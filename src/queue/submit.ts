/**
 * Submit job units to a BullMQ queue and wait for every result, in the order given. Each unit
 * gets `attempts` tries with exponential backoff; a job whose worker dies is taken over by another
 * worker (worker.ts). Job ids are this submission's id plus the unit's position, so two
 * submissions never share a job.
 */
import { randomUUID } from 'node:crypto';
import { Queue, QueueEvents, type Job } from 'bullmq';
import type { JsonValue } from '../contracts.js';
import { GanAugmentError } from '../errors.js';
import { DEFAULT_QUEUE, checkRedisReachable, redisConnection } from './connection.js';
import type { JobUnit } from './job-unit.js';

export interface SubmitOptions {
  /** Redis URL, e.g. redis://127.0.0.1:6379. */
  readonly redis: string;
  readonly queue?: string;
  /** Tries per job, counting the first (default 3). */
  readonly attempts?: number | string;
  /** Progress of unit `index` (what its handler reported). */
  readonly onProgress?: (index: number, done: number) => void;
}

/**
 * @example const [result] = await submitJobs([{ kind: 'sample-shard', data }], { redis: 'redis://127.0.0.1:6379' });
 */
export async function submitJobs(units: readonly JobUnit[], options: SubmitOptions): Promise<JsonValue[]> {
  const attempts = Number(options.attempts ?? 3);
  if (!Number.isSafeInteger(attempts) || attempts < 1) throw new GanAugmentError('usage', `--attempts must be a positive integer, got '${String(options.attempts)}'.`);
  const name = options.queue ?? DEFAULT_QUEUE;
  await checkRedisReachable(options.redis);
  const connection = redisConnection(options.redis);
  const events = new QueueEvents(name, { connection });
  const queue = new Queue(name, { connection });
  events.on('error', () => undefined);
  queue.on('error', () => undefined);
  try {
    await events.waitUntilReady();
    const run = randomUUID();
    const ids = units.map((_, i) => `${run}-${i}`);
    const index = new Map(ids.map((id, i) => [id, i]));
    if (options.onProgress) {
      const onProgress = options.onProgress;
      events.on('progress', ({ jobId, data }) => {
        const i = index.get(jobId);
        if (i !== undefined && typeof data === 'number') onProgress(i, data);
      });
    }
    const jobs: Job[] = await queue.addBulk(
      units.map((unit, i) => ({
        name: unit.kind,
        data: unit,
        opts: { jobId: ids[i], attempts, backoff: { type: 'exponential', delay: 1000 }, removeOnComplete: { age: 3600 }, removeOnFail: { age: 24 * 3600 } },
      })),
    );
    try {
      return await Promise.all(jobs.map((job) => job.waitUntilFinished(events) as Promise<JsonValue>));
    } catch (err) {
      // One unit failed for good: the rest of this submission is moot, so drop what has not started.
      await Promise.all(jobs.map((job) => job.remove().catch(() => undefined)));
      throw new GanAugmentError('data', `A queued ${units[0]?.kind ?? ''} job failed after its retries: ${(err as Error).message}`, { cause: err });
    }
  } finally {
    await Promise.all([queue.close(), events.close()]).catch(() => undefined);
  }
}
