/**
 * `gan-augment worker --redis URL`: a long-running process of a BullMQ worker fleet
 * (src/queue/worker.ts). It takes jobs (shards of `sample --redis`, units of `evaluate --redis`)
 * until SIGTERM or SIGINT, then finishes its running job and exits 0, as Kubernetes and systemd
 * expect of a graceful stop. Its flags come from the option table like every command's.
 */
import { THREADS_ENV } from '../../backend/threads.js';
import { GanAugmentError } from '../../errors.js';
import { startQueueWorker } from '../../queue/worker.js';
import { onInterrupt } from '../interrupt.js';
import type { CliIO } from '../terminal.js';
import { formatCommandHelp, parseCommandArgs, type CommandSpec } from '../parse-args.js';
import { flagsFor, toRawOptions } from '../flags.js';
import { resolveWorkerOptions, type QueueWorkerLimits } from '../../options/index.js';

export const WORKER_SPEC: CommandSpec = {
  name: 'worker',
  summary: 'Take jobs (shards of `sample --redis`, units of `evaluate --redis`) from a BullMQ queue in Redis until stopped.',
  usage: 'worker --redis URL [--queue NAME] [--concurrency N] [--threads N]',
  flags: flagsFor('worker'),
  examples: [
    'gan-augment worker --redis redis://127.0.0.1:6379',
    'gan-augment sample --model-dir /data/models/fraud --count fraud=10000000 --shards 64 --output /data/synthetic --redis redis://127.0.0.1:6379',
  ],
};

export async function runWorker(args: string[], io: CliIO): Promise<number> {
  const values = parseCommandArgs(args, WORKER_SPEC);
  if (values.help) {
    io.stdout.write(formatCommandHelp(WORKER_SPEC));
    return 0;
  }
  const redis = values['redis'];
  if (typeof redis !== 'string') throw new GanAugmentError('usage', '--redis is required: the URL of the Redis that holds the queue, e.g. redis://127.0.0.1:6379.');
  const { concurrency, lockMs, quiet, threads } = resolveWorkerOptions(toRawOptions<QueueWorkerLimits>(values, 'worker'));
  // The jobs start the backend when they first train, with the thread count this process was given.
  process.env[THREADS_ENV] = String(threads);
  let lastError = '';
  const onError = (err: Error): void => {
    // ioredis retries every few hundred ms while Redis is away: say so once per distinct error.
    if (err.message !== lastError) io.stderr.write(`worker ${process.pid}: ${err.message} (retrying)\n`);
    lastError = err.message;
  };
  const worker = startQueueWorker({
    redis,
    ...(typeof values['queue'] === 'string' ? { queue: values['queue'] } : {}),
    concurrency,
    lockMs,
    onError,
    onJob: (e) => {
      if (!quiet || e.state === 'failed') io.stderr.write(`worker ${process.pid}: job ${e.id} (${e.kind}) ${e.state}, attempt ${e.attempt}${e.error ? `: ${e.error}` : ''}\n`);
    },
  });
  if (!quiet) io.stderr.write(`worker ${process.pid}: waiting for jobs on ${redis}\n`);
  // The CLI's stop-signal handling (interrupt.ts): the first SIGTERM/SIGINT stops gracefully, a second quits at once.
  const interrupt = onInterrupt(io);
  try {
    await new Promise<void>((resolve) => interrupt.signal.addEventListener('abort', () => resolve(), { once: true }));
    await worker.close();
  } finally {
    interrupt.dispose();
  }
  return 0;
}
