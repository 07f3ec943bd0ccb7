/**
 * A queue worker: takes job units from a BullMQ queue in Redis and runs each through its kind's
 * handler (job-unit.ts). BullMQ holds a lock on each active job that the worker renews; a worker
 * killed outright (SIGKILL, a preempted node) stops renewing, and after `lockMs` any other
 * worker's stalled-job check moves the job back to the queue, where it runs again. Handlers are
 * retry-safe: a shard rewritten is byte-identical and lands by atomic rename.
 */
import { UnrecoverableError, Worker, type Job } from 'bullmq';
import type { JsonValue } from '../contracts.js';
import { GanAugmentError } from '../errors.js';
import { DEFAULT_QUEUE, redisConnection } from './connection.js';
import { isJobUnit, jobHandler } from './job-unit.js';
import { registerEvaluateJobs } from './evaluate-jobs.js';
import { registerSampleJobs } from './sample-jobs.js';

export interface QueueWorkerOptions {
  /** Redis URL, e.g. redis://127.0.0.1:6379. */
  readonly redis: string;
  /** Queue name (default 'gan-augment'); submitter and workers must agree. */
  readonly queue?: string;
  /** Jobs run at once in this process (default 1: sampling keeps a core busy). */
  readonly concurrency?: number;
  /** How long a job's lock lasts without renewal before another worker takes the job over (default 30 s). */
  readonly lockMs?: number;
  /** Called when a job starts and ends (for logs). */
  readonly onJob?: (event: { id: string; kind: string; state: 'active' | 'completed' | 'failed'; attempt: number; error?: string }) => void;
  /** Connection errors (ioredis keeps retrying; without a listener Node would treat them as fatal). */
  readonly onError?: (err: Error) => void;
}

export interface QueueWorker {
  /** Finish the running jobs, take no more, disconnect. */
  close(): Promise<void>;
}

/** Usage, schema and model errors fail the same way on every attempt: not retried. */
const FINAL_CODES = new Set(['usage', 'schema', 'model', 'input']);

/**
 * Start a worker; it runs until `close()`.
 * @example const worker = startQueueWorker({ redis: 'redis://127.0.0.1:6379' }); process.on('SIGTERM', () => void worker.close());
 */
export function startQueueWorker(options: QueueWorkerOptions): QueueWorker {
  registerSampleJobs();
  registerEvaluateJobs();
  const concurrency = options.concurrency ?? 1;
  if (!Number.isSafeInteger(concurrency) || concurrency < 1) throw new GanAugmentError('usage', `--concurrency must be a positive integer, got ${concurrency}.`);
  const lockDuration = options.lockMs ?? 30_000;
  if (!Number.isSafeInteger(lockDuration) || lockDuration < 500) throw new GanAugmentError('usage', `--lock-ms must be an integer of at least 500, got ${lockDuration}.`);
  const report = (job: Job, state: 'active' | 'completed' | 'failed', error?: string): void => {
    const kind = isJobUnit(job.data) ? job.data.kind : '?';
    options.onJob?.({ id: job.id ?? '?', kind, state, attempt: job.attemptsMade + (state === 'active' ? 1 : 0), ...(error ? { error } : {}) });
  };
  const worker = new Worker(
    options.queue ?? DEFAULT_QUEUE,
    async (job: Job): Promise<JsonValue> => {
      report(job, 'active');
      if (!isJobUnit(job.data)) throw new UnrecoverableError(`job ${job.id} is not a gan-augment job unit ({ kind, data })`);
      let last = 0;
      const progress = (done: number): void => {
        const now = performance.now();
        if (now - last < 500) return;
        last = now;
        void job.updateProgress(done).catch(() => undefined);
      };
      try {
        return await jobHandler(job.data.kind)(job.data.data, { progress });
      } catch (err) {
        if (err instanceof GanAugmentError && FINAL_CODES.has(err.code)) throw new UnrecoverableError(err.message);
        throw err;
      }
    },
    // The stalled check runs at half the lock, so a dead worker's job is back within ~1.5 locks.
    // Two takeovers before a job fails: a live worker on a starved machine can miss a lock renewal
    // too, and a shard written twice is harmless (same bytes, atomic rename).
    { connection: redisConnection(options.redis), concurrency, lockDuration, stalledInterval: Math.max(250, Math.floor(lockDuration / 2)), maxStalledCount: 2 },
  );
  worker.on('completed', (job) => report(job, 'completed'));
  worker.on('failed', (job, err) => {
    if (job) report(job, 'failed', err.message);
  });
  worker.on('error', (err) => options.onError?.(err));
  return { close: () => worker.close() };
}
