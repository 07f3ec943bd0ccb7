/**
 * Decode the row groups of a Parquet file in worker threads, so that a streaming pass uses every
 * core: each worker decompresses and decodes whole row groups (parquet-row-groups.ts) and transfers
 * the Arrow buffers back; the main thread yields the batches in file order, so results do not
 * depend on the number of workers. One pool per process, started on first use and kept (idle
 * workers do not keep the process alive).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { Data, DataType } from 'apache-arrow';
import { fromWire, type WireData } from '../arrow/wire.js';

/** A request to a read worker. */
export type ReadRequest =
  | { type: 'decode'; id: number; path: string; size: number; mtimeMs: number; rowGroup: number }
  | { type: 'release'; path: string };

/** A read worker's answer to one decode request. */
export type ReadResponse = { id: number; columns: WireData[]; error?: undefined } | { id: number; error: string; columns?: undefined };

/** Environment variable that sets the number of read workers (0 = decode in the main thread). */
export const READ_WORKERS_ENV = 'GAN_AUGMENT_READ_WORKERS';

/**
 * How many read workers to use: `requested` if given, else $GAN_AUGMENT_READ_WORKERS, else none.
 * Off by default: on the 2-core machines measured (shared with other work) the workers' own start-up,
 * JIT warm-up and garbage collection (~1.5 s of CPU per 10M rows) made the read pass slower than
 * decoding in the main thread (docs/scale.md). Try `availableParallelism() - 1` on bigger machines.
 * @example readWorkerCount(undefined) // 0 unless GAN_AUGMENT_READ_WORKERS is set
 */
export function readWorkerCount(requested: number | undefined): number {
  if (requested !== undefined) return Math.max(0, Math.floor(requested));
  const env = process.env[READ_WORKERS_ENV];
  if (env !== undefined && env.trim() !== '' && Number.isFinite(Number(env))) return Math.max(0, Math.floor(Number(env)));
  return 0;
}

/** The workers themselves failed (could not start, crashed): not the input's fault. */
export class ReadWorkerError extends Error {}

interface Task {
  request: Extract<ReadRequest, { type: 'decode' }>;
  resolve: (columns: WireData[]) => void;
  reject: (err: Error) => void;
}

interface Slot {
  worker: Worker;
  busy: Task | undefined;
}

/** The worker entry: the compiled .js next to this file, or the .ts one loaded through tsx (tests, benchmarks). */
function startWorker(): Worker {
  const here = fileURLToPath(import.meta.url);
  const ext = path.extname(here);
  const entry = path.join(path.dirname(here), `read-worker${ext}`);
  if (ext !== '.ts') return new Worker(entry);
  // Node 20 does not pass the main thread's tsx loader to workers, and `--import tsx` in a worker's
  // execArgv does not take either: register tsx inside the worker, then import the entry.
  const root = path.resolve(path.dirname(here), '../../..');
  const tsxPackage = createRequire(path.join(root, 'package.json')).resolve('tsx/package.json');
  const exports = (JSON.parse(readFileSync(tsxPackage, 'utf8')) as { exports: Record<string, { import: { default: string } }> }).exports;
  const tsxApi = pathToFileURL(path.join(path.dirname(tsxPackage), exports['./esm/api']!.import.default)).href;
  const code = `const { register } = await import(${JSON.stringify(tsxApi)}); register(); await import(${JSON.stringify(pathToFileURL(entry).href)});`;
  return new Worker(new URL(`data:text/javascript,${encodeURIComponent(code)}`));
}

/** A fixed set of read workers with a queue; tasks run one per worker at a time. */
export class ParquetReadPool {
  private readonly slots: Slot[] = [];
  private readonly queue: Task[] = [];
  private nextId = 0;
  private idleTimer: NodeJS.Timeout | undefined;

  /** `idleMs`: workers stop after this long without work (their heaps are not kept through training). */
  constructor(
    readonly size: number,
    private readonly idleMs = 2000,
  ) {}

  /** The Arrow data of every column of `rowGroup` of `file`, typed by `types` (the file's schema). */
  async decode(file: { path: string; size: number; mtimeMs: number }, rowGroup: number, types: readonly DataType[]): Promise<Data[]> {
    const wire = await new Promise<WireData[]>((resolve, reject) => {
      this.queue.push({ request: { type: 'decode', id: this.nextId++, path: file.path, size: file.size, mtimeMs: file.mtimeMs, rowGroup }, resolve, reject });
      this.pump();
    });
    if (wire.length !== types.length) throw new Error(`a read worker returned ${wire.length} columns for ${types.length}`);
    return wire.map((w, i) => fromWire(types[i]!, w));
  }

  /** Let every worker close `file` (call when a pass over it ends and none of its row groups is pending). */
  release(file: string): void {
    for (const slot of this.slots) slot.worker.postMessage({ type: 'release', path: file } satisfies ReadRequest);
  }

  /** Stop the workers (pending tasks fail). */
  async close(): Promise<void> {
    clearTimeout(this.idleTimer);
    const slots = this.slots.splice(0);
    await Promise.all(slots.map((s) => s.worker.terminate()));
  }

  private pump(): void {
    clearTimeout(this.idleTimer);
    this.idleTimer = undefined;
    while (this.queue.length > 0) {
      let slot = this.slots.find((s) => !s.busy);
      if (!slot && this.slots.length < this.size) slot = this.spawn();
      if (!slot) return;
      const task = this.queue.shift()!;
      slot.busy = task;
      slot.worker.ref();
      slot.worker.postMessage(task.request);
    }
    if (this.slots.length > 0 && this.slots.every((s) => !s.busy)) {
      this.idleTimer = setTimeout(() => void this.close(), this.idleMs);
      this.idleTimer.unref();
    }
  }

  private spawn(): Slot {
    const worker = startWorker();
    const slot: Slot = { worker, busy: undefined };
    worker.unref();
    worker.on('message', (message: ReadResponse) => {
      const task = slot.busy;
      if (!task || task.request.id !== message.id) return;
      slot.busy = undefined;
      worker.unref();
      if (message.error !== undefined) task.reject(new Error(message.error));
      else task.resolve(message.columns);
      this.pump();
    });
    const fail = (err: Error): void => {
      const i = this.slots.indexOf(slot);
      if (i >= 0) this.slots.splice(i, 1);
      const task = slot.busy;
      slot.busy = undefined;
      task?.reject(err);
      this.pump();
    };
    worker.on('error', (err) => fail(new ReadWorkerError(`a Parquet read worker failed: ${err.message}`, { cause: err })));
    worker.on('exit', (code) => fail(new ReadWorkerError(`a Parquet read worker stopped (exit code ${code})`)));
    this.slots.push(slot);
    return slot;
  }
}

const shared = new Map<number, ParquetReadPool>();

/**
 * The process-wide pool with `size` workers.
 * @example const columns = await sharedReadPool(2).decode({ path, size, mtimeMs }, 0, types);
 */
export function sharedReadPool(size: number): ParquetReadPool {
  let pool = shared.get(size);
  if (!pool) shared.set(size, (pool = new ParquetReadPool(size)));
  return pool;
}

/** Stop the shared pools' workers (tests; a process exits without it). */
export async function closeSharedReadPools(): Promise<void> {
  const pools = [...shared.values()];
  shared.clear();
  await Promise.all(pools.map((p) => p.close()));
}
