/**
 * Start the worker processes of `sample --workers N`: one child process of the CLI per worker
 * (not per shard), each writing shard after shard as it takes them from the parent's queue
 * (worker-ipc.ts), so start-up (Node, TensorFlow.js, the model) is paid once per worker; under
 * tsx that start-up took seconds per shard and ate the gain of a second worker.
 *
 * Child processes rather than worker threads: a thread saves only Node's own boot (tens of
 * milliseconds), since each thread still loads its own module graph, TensorFlow.js backend and
 * model; a process keeps a crash or an out-of-memory in its own shards, and its command line is
 * exactly what a Kubernetes job array or GNU parallel would run on another machine.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { THREADS_ENV, defaultThreads, threadsPerProcess } from '../backend/threads.js';
import { cliChildCommand } from '../child-entry.js';
import { GanAugmentError } from '../errors.js';
import { SHARD_IPC_ENV, isWorkerMessage, type ParentMessage } from './worker-ipc.js';

export interface ShardWorkers {
  /** Settles when every worker has exited: rejects with the first failure not caused by `stop`. */
  readonly done: Promise<void>;
  /** The first failure so far, if any (checked by the parent between its own blocks). */
  failure(): GanAugmentError | undefined;
  /** Ask every running worker to stop at its next block (it removes its temporary file). */
  stop(): void;
}

export interface WorkerHooks {
  /** The next shard to write, or undefined when none is left (shared with the parent's own loop). */
  next(): number | undefined;
  /** A shard was handed to worker `worker`. */
  onShard(worker: number, shard: number): void;
  /** Rows written so far by worker `worker`. */
  onRows(worker: number, done: number): void;
}

/**
 * Start `count` workers running the CLI with `args` (absolute paths), each taking shards from
 * `hooks.next()` until it returns undefined.
 * @example const w = startShardWorkers(1, ['sample', '--shards', '4', ...], { next, onShard, onRows }); await w.done;
 */
export function startShardWorkers(count: number, cliArgs: readonly string[], hooks: WorkerHooks): ShardWorkers {
  const { args, cwd } = cliChildCommand('worker-entry');
  const running = new Set<ChildProcess>();
  let first: GanAugmentError | undefined;
  let stopping = false;
  const send = (child: ChildProcess, message: ParentMessage): void => {
    if (child.connected) child.send(message, () => undefined);
  };
  const stop = (): void => {
    stopping = true;
    for (const child of running) send(child, { type: 'stop' });
  };
  const runs = Array.from(
    { length: count },
    (_, w) =>
      new Promise<void>((resolve) => {
        const child = spawn(process.execPath, [...args, ...cliArgs], {
          cwd,
          stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
          // This process writes shards too: each of the count + 1 gets its share of the threads.
          env: { ...process.env, [SHARD_IPC_ENV]: '1', [THREADS_ENV]: String(threadsPerProcess(defaultThreads(), count + 1)) },
        });
        running.add(child);
        const taken: number[] = [];
        let stderr = '';
        child.stderr!.on('data', (chunk: Buffer) => {
          stderr = (stderr + chunk.toString()).slice(-4000);
        });
        child.on('message', (m: unknown) => {
          if (!isWorkerMessage(m)) return;
          if (m.type === 'rows') return hooks.onRows(w, m.done);
          const shard = stopping ? undefined : hooks.next();
          if (shard === undefined) {
            // The worker closes the channel itself on 'end': Node 20 emits 'close' for a child
            // only when the child ends the channel (closing it from this side leaves 'close' unsent).
            send(child, { type: 'end' });
            return;
          }
          taken.push(shard);
          hooks.onShard(w, shard);
          send(child, { type: 'shard', shard });
        });
        const fail = (why: string): void => {
          if (!stopping && !first) {
            const which = taken.length === 0 ? 'before writing a shard' : `while writing shard ${taken.at(-1)}`;
            first = new GanAugmentError('data', `Worker process ${w + 1} failed ${which}: ${why}`);
            stop();
          }
        };
        child.on('error', (err) => {
          running.delete(child);
          fail(err.message);
          resolve();
        });
        child.on('close', (code, signal) => {
          running.delete(child);
          if (code !== 0) fail(`exit ${signal ?? `code ${code}`}: ${stderr.trim()}`);
          resolve();
        });
      }),
  );
  const done = Promise.all(runs).then(() => {
    if (first) throw first;
  });
  return { done, failure: () => first, stop };
}
