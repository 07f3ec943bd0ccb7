/**
 * Worker threads that run our SIMD GEMM's calls (wasm-simd.ts `gemmCalls`) on the threaded wasm
 * build's shared memory, so that one product's parts run on every thread.
 *
 * Why by hand: a product takes 0.1-6 ms, so its parts must start within microseconds. Each worker
 * instantiates the loops' module on tfjs-wasm's shared WebAssembly.Memory and sleeps on a
 * SharedArrayBuffer (Atomics.wait); the calling thread writes the product's units there (each a
 * list of calls) and wakes the workers (Atomics.notify), with no message or copy per product. Pools
 * on npm (piscina, workerpool) hand tasks over postMessage and the event loop, which a synchronous
 * kernel waiting for its parts cannot turn.
 *
 * The calling thread and the workers take units from one atomic counter until none are left, so a
 * worker that wakes late or runs slower takes fewer (the caller does them all, at worst). A unit's
 * calls run in order on one thread, so where a unit runs never changes a result.
 *
 * The workers are a `data:` URL module (no file to locate under tsx or from dist), unref'd (a
 * process that trained exits by itself), and stopped by stopGemmThreads.
 */
import { Worker } from 'node:worker_threads';
import { GEMM_EXPORTS, simdModule, type GemmCall, type WasmMemory } from './wasm-simd.js';

/**
 * The control words: SEQ (bumped to wake the workers), NEXT ((units << 16) | the next unit to
 * claim: a unit is claimed by compare-and-swap on the whole word, so a claim always belongs to the
 * product published last), COMPLETED (units finished), FAILED; then each unit's first call, then
 * the calls, each [loop, 12 arguments].
 */
const [SEQ, NEXT, COMPLETED, FAILED] = [0, 1, 2, 3];
const CALL = 13;
/** Units and calls one round holds; a product with more runs in rounds. */
const MAX_UNITS = 1024;
const MAX_CALLS = 4096;
const FIRSTS = 4;
const CALLS = FIRSTS + MAX_UNITS + 1;
const SIZE = CALLS + MAX_CALLS * CALL;
/** The sequence number that tells the workers to return. */
const STOP = -1;
/** A unit not finished this long after the caller ran out of units to claim: its worker has died. */
const STALL_MS = 30_000;
/** How long the caller polls for the workers' last units before it sleeps. */
const POLL_MS = 1;
const START_TIMEOUT_MS = 30_000;

/** Claim the next unit of the product published last (its index), or -1 when none is left. */
function claim(ctl: Int32Array): number {
  for (;;) {
    const word = Atomics.load(ctl, NEXT);
    const unit = word & 0xffff;
    if (unit >= word >>> 16) return -1;
    if (Atomics.compareExchange(ctl, NEXT, word, word + 1) === word) return unit;
  }
}

/** The worker, as a module of plain JavaScript (claim and the offsets written into it). */
const WORKER_SOURCE = `
import { parentPort, workerData } from 'node:worker_threads';
const { module, memory, control, exports } = workerData;
const instance = new WebAssembly.Instance(module, { env: { memory } });
const fns = exports.map((name) => instance.exports[name]);
const ctl = new Int32Array(control);
const [SEQ, NEXT, COMPLETED, FAILED, FIRSTS, CALLS, CALL] = [${SEQ}, ${NEXT}, ${COMPLETED}, ${FAILED}, ${FIRSTS}, ${CALLS}, ${CALL}];
${claim.toString()}
parentPort.postMessage('ready');
for (let seen = 0; ; ) {
  Atomics.wait(ctl, SEQ, seen);
  seen = Atomics.load(ctl, SEQ);
  if (seen === ${STOP}) break;
  for (let u = claim(ctl); u >= 0; u = claim(ctl)) {
    try {
      for (let c = ctl[FIRSTS + u], end = ctl[FIRSTS + u + 1]; c < end; c++) {
        const p = CALLS + c * CALL;
        fns[ctl[p]](ctl[p + 1], ctl[p + 2], ctl[p + 3], ctl[p + 4], ctl[p + 5], ctl[p + 6], ctl[p + 7], ctl[p + 8], ctl[p + 9], ctl[p + 10], ctl[p + 11], ctl[p + 12]);
      }
    } catch {
      Atomics.store(ctl, FAILED, 1);
    }
    Atomics.add(ctl, COMPLETED, 1);
    Atomics.notify(ctl, COMPLETED);
  }
}
`;

/** Threads that share the units of one product. */
export interface GemmThreads {
  /** The threads a product is split over: the calling thread and the workers. */
  readonly threads: number;
  /**
   * Run every unit (each a list of calls, run in order on one thread), on this thread with `here`
   * and on the workers; returns when all are done. Throws when a worker failed (the pool is then
   * broken).
   */
  run(units: ReadonlyArray<readonly GemmCall[]>, here: (calls: readonly GemmCall[]) => void): void;
}

const pools = new Map<WasmMemory, Pool>();

/** The running pool on `memory`, if one was started and still works. */
export function gemmThreadsFor(memory: WasmMemory): GemmThreads | undefined {
  const pool = pools.get(memory);
  return pool?.usable ? pool : undefined;
}

/**
 * Start threads - 1 workers on `memory` (a shared WebAssembly.Memory), replacing any pool on it;
 * rejects (with the workers stopped) when one fails to start.
 */
export async function startGemmThreads(memory: WasmMemory, threads: number): Promise<GemmThreads> {
  stopGemmThreads(memory);
  if (!(memory.buffer instanceof SharedArrayBuffer)) throw new Error('the wasm memory is not shared');
  const pool = new Pool(threads);
  try {
    await pool.start(memory);
  } catch (err) {
    pool.stop();
    throw err;
  }
  pools.set(memory, pool);
  return pool;
}

/** Stop the pool on `memory` (every pool when omitted). */
export function stopGemmThreads(memory?: WasmMemory): void {
  for (const [m, pool] of pools) {
    if (memory !== undefined && m !== memory) continue;
    pool.stop();
    pools.delete(m);
  }
}

class Pool implements GemmThreads {
  private readonly control = new Int32Array(new SharedArrayBuffer(4 * SIZE));
  private readonly workers: Worker[] = [];
  /** Set once a worker has failed or exited, or the pool was stopped: products then take the stock path. */
  private broken = false;

  constructor(readonly threads: number) {}

  get usable(): boolean {
    return !this.broken;
  }

  async start(memory: WasmMemory): Promise<void> {
    const url = new URL(`data:text/javascript,${encodeURIComponent(WORKER_SOURCE)}`);
    const workerData = { module: simdModule(true), memory, control: this.control.buffer, exports: GEMM_EXPORTS };
    const ready = Array.from({ length: this.threads - 1 }, () => {
      const worker = new Worker(url, { workerData });
      this.workers.push(worker);
      return new Promise<void>((resolve, reject) => {
        worker.once('message', () => resolve());
        worker.once('error', reject);
        worker.once('exit', (code) => reject(new Error(`a GEMM worker exited with code ${code} while starting`)));
      });
    });
    for (const worker of this.workers) {
      worker.on('error', () => (this.broken = true));
      worker.on('exit', () => (this.broken = true));
    }
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`the GEMM workers did not start in ${START_TIMEOUT_MS / 1000} s`)), START_TIMEOUT_MS);
    });
    try {
      await Promise.race([Promise.all(ready), timeout]);
    } finally {
      clearTimeout(timer);
    }
    for (const worker of this.workers) worker.unref();
  }

  run(units: ReadonlyArray<readonly GemmCall[]>, here: (calls: readonly GemmCall[]) => void): void {
    if (this.broken) throw new Error('gan-augment: a GEMM worker thread has failed');
    for (let from = 0; from < units.length; ) from = this.round(units, from, here);
  }

  stop(): void {
    this.broken = true;
    Atomics.store(this.control, SEQ, STOP);
    Atomics.notify(this.control, SEQ);
    for (const worker of this.workers) void worker.terminate();
  }

  /** Units from `from` on, as many as one round holds, shared out; returns the first unit not run. */
  private round(units: ReadonlyArray<readonly GemmCall[]>, from: number, here: (calls: readonly GemmCall[]) => void): number {
    const ctl = this.control;
    let [u, calls] = [from, 0];
    for (; u < units.length && u - from < MAX_UNITS && calls + units[u]!.length <= MAX_CALLS; u++) {
      ctl[FIRSTS + u - from] = calls;
      for (const { loop, args } of units[u]!) {
        const p = CALLS + calls++ * CALL;
        ctl[p] = loop;
        for (let i = 0; i < 12; i++) ctl[p + 1 + i] = args[i]!;
      }
    }
    if (u === from) throw new Error(`gemm-threads: a unit of ${units[u]!.length} calls (at most ${MAX_CALLS})`);
    const count = u - from;
    ctl[FIRSTS + count] = calls;
    Atomics.store(ctl, COMPLETED, 0);
    Atomics.store(ctl, NEXT, count << 16);
    Atomics.store(ctl, SEQ, (Atomics.load(ctl, SEQ) % 0x3fffffff) + 1);
    Atomics.notify(ctl, SEQ);
    // A unit that throws here is still counted, so the workers' units are awaited before it is rethrown.
    let failure: { readonly error: unknown } | undefined;
    for (let next = claim(ctl); next >= 0; next = claim(ctl)) {
      try {
        here(units[from + next]!);
      } catch (error) {
        failure ??= { error };
      }
      Atomics.add(ctl, COMPLETED, 1);
    }
    this.awaitUnits(count);
    if (failure !== undefined) throw failure.error;
    if (Atomics.load(ctl, FAILED) !== 0) {
      this.broken = true;
      throw new Error('gan-augment: a GEMM worker thread failed in its part of a product');
    }
    return u;
  }

  /** Until `count` units are finished (the workers may still be in their last ones). */
  private awaitUnits(count: number): void {
    const ctl = this.control;
    const t0 = performance.now();
    // Poll first: a worker's last unit usually ends within a millisecond, and waking from
    // Atomics.wait costs tens of microseconds per product (the tabular step, 2 threads: 0.1-0.9
    // ms faster per step in 4 of 5 alternated runs; polling the worker's side as well did not help).
    for (let i = 0; Atomics.load(ctl, COMPLETED) < count && ((i & 1023) !== 0 || performance.now() - t0 < POLL_MS); i++);
    for (let done = Atomics.load(ctl, COMPLETED); done < count; done = Atomics.load(ctl, COMPLETED)) {
      if (performance.now() - t0 > STALL_MS) {
        this.broken = true;
        throw new Error(`gan-augment: a GEMM worker thread did not finish its part of a product in ${STALL_MS / 1000} s`);
      }
      Atomics.wait(ctl, COMPLETED, done, 100);
    }
  }
}
