/**
 * The channel between `sample --workers N` and the worker processes it starts (run-workers.ts),
 * over Node's IPC channel, opened only when the parent sets SHARD_IPC_ENV. Shards are handed out
 * one at a time from one queue, to this process and to each worker as it asks for the next one,
 * so a worker that started late (start-up takes seconds under a loaded machine or tsx) or runs
 * slower simply writes fewer shards: no static split waits on its slowest member.
 *
 * Worker -> parent: 'next' (give me a shard; the previous one is complete), 'rows' (rows written
 * so far, for progress and rows/s). Parent -> worker: 'shard' (write this one), 'end' (no more;
 * the worker closes the channel and exits), 'stop' (another worker failed: stop
 * at the next block, which removes the temporary file as on any error).
 */
import type { Serializable } from 'node:child_process';

/** Set to '1' in a worker's environment by the parent. */
export const SHARD_IPC_ENV = 'GAN_AUGMENT_SHARD_IPC';

export type WorkerMessage = { type: 'next' } | { type: 'rows'; done: number };
export type ParentMessage = { type: 'shard'; shard: number } | { type: 'end' } | { type: 'stop' };

export interface WorkerChannel {
  /** Ask the parent for the next shard; undefined when there is none left (or on stop). */
  next(): Promise<number | undefined>;
  /** Report rows written so far by this worker over all its shards (throttled; `final` always sends). */
  report(done: number, final?: boolean): void;
  /** Whether the parent asked this worker to stop. */
  stopped(): boolean;
}

/**
 * The channel to the parent when this process is a worker of `sample --workers`, else undefined.
 * @example const channel = workerChannel(); for (let s = await channel.next(); s !== undefined; s = await channel.next()) ...
 */
export function workerChannel(): WorkerChannel | undefined {
  const send = process.send?.bind(process);
  if (process.env[SHARD_IPC_ENV] !== '1' || !send) return undefined;
  const post = (m: WorkerMessage): void => void send(m as unknown as Serializable);
  let stop = false;
  let waiting: ((shard: number | undefined) => void) | undefined;
  // The channel keeps this process alive only while it waits for an answer: after an error (or
  // its last shard) the process must exit on its own.
  const answer = (shard: number | undefined): void => {
    const resolve = waiting;
    waiting = undefined;
    process.channel?.unref();
    resolve?.(shard);
  };
  process.on('message', (m: unknown) => {
    if (!isParentMessage(m)) return;
    if (m.type === 'stop') stop = true;
    // No more shards: close the channel (the parent waits for that), so this process can exit.
    if (m.type === 'end' && process.connected) process.disconnect();
    answer(m.type === 'shard' ? m.shard : undefined);
  });
  process.on('disconnect', () => answer(undefined));
  process.channel?.unref();
  let last = 0;
  return {
    next() {
      if (stop || !process.connected) return Promise.resolve(undefined);
      return new Promise((resolve) => {
        waiting = resolve;
        process.channel?.ref();
        post({ type: 'next' });
      });
    },
    report(done, final = false) {
      const now = performance.now();
      if (!final && now - last < 200) return;
      last = now;
      if (process.connected) post({ type: 'rows', done });
    },
    stopped: () => stop,
  };
}

export function isWorkerMessage(m: unknown): m is WorkerMessage {
  const type = typeof m === 'object' && m !== null ? (m as { type?: unknown }).type : undefined;
  return type === 'next' || type === 'rows';
}

function isParentMessage(m: unknown): m is ParentMessage {
  const type = typeof m === 'object' && m !== null ? (m as { type?: unknown }).type : undefined;
  return type === 'shard' || type === 'end' || type === 'stop';
}
