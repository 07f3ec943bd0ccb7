/**
 * How many threads training computes with (`--threads`, else `GAN_AUGMENT_THREADS`, else the cores
 * available), and each child process's share, without loading TensorFlow.js: the option table and
 * the process pools need these before (or instead of) starting a backend.
 */
import { availableParallelism } from 'node:os';
import { GanAugmentError } from '../errors.js';

/** The environment variable that sets the thread count when no `--threads` option is given. */
export const THREADS_ENV = 'GAN_AUGMENT_THREADS';

/** More threads than this is a typo, not a machine. */
export const MAX_THREADS = 1024;

/**
 * The thread count when `--threads` is absent: `GAN_AUGMENT_THREADS` (a container's CPU quota,
 * which `os.availableParallelism()` does not see), else the cores available.
 * @example defaultThreads({ GAN_AUGMENT_THREADS: '2' }) // 2
 */
export function defaultThreads(env: Readonly<Record<string, string | undefined>> = process.env): number {
  const raw = env[THREADS_ENV]?.trim();
  if (raw === undefined || raw === '') return Math.min(MAX_THREADS, availableParallelism());
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > MAX_THREADS) {
    throw new GanAugmentError('usage', `${THREADS_ENV} must be an integer from 1 to ${MAX_THREADS}, got '${raw}'.`, {
      hint: `Unset ${THREADS_ENV} to use every core, or give --threads N.`,
    });
  }
  return n;
}

/**
 * Threads for each of `processes` processes training at once, so that together they use `threads`
 * and no more (at least one each).
 * @example threadsPerProcess(8, 3) // 2
 */
export function threadsPerProcess(threads: number, processes: number): number {
  return Math.max(1, Math.floor(threads / Math.max(1, processes)));
}
