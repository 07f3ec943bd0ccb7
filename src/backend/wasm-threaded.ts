/**
 * The threaded WebAssembly build of tfjs-backend-wasm 4.22 (`tfjs-backend-wasm-threaded-simd.wasm`:
 * XNNPACK with a thread pool), started in Node. tfjs turns it off there (its
 * WASM_HAS_MULTITHREAD_SUPPORT flag is false under Node, tfjs issue #3830) because its loader gives
 * emscripten's pthread workers Blob URLs, which Node's `worker_threads` cannot start. Here each
 * pthread worker is a `data:` URL module that runs the package's own worker script with a CommonJS
 * `require`, and the workers load the package's threaded main script by path; everything else is
 * tfjs's own `BackendWasm`, under the same backend name 'wasm', so every wasm kernel (stock and
 * ours) applies unchanged.
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { BackendWasm, setThreadsCount } from '@tensorflow/tfjs-backend-wasm';

const require = createRequire(import.meta.url);
const MAIN_SCRIPT = require.resolve('@tensorflow/tfjs-backend-wasm/wasm-out/tfjs-backend-wasm-threaded-simd.js');
const WORKER_SCRIPT = path.join(path.dirname(MAIN_SCRIPT), 'tfjs-backend-wasm-threaded-simd.worker.js');
/** tfjs-backend-wasm's own priority for 'wasm'. */
const WASM_PRIORITY = 2;
/** A build whose workers never report back has failed: give up rather than wait forever. */
const START_TIMEOUT_MS = 60_000;

type WasmModule = ConstructorParameters<typeof BackendWasm>[0];

/** The parts of an emscripten pthread worker and pool this file touches. */
interface PthreadWorker {
  onerror: ((e: unknown) => void) | undefined;
  on(event: 'error', listener: (e: Error) => void): void;
  terminate(): void;
}
interface PthreadPool {
  unusedWorkers: PthreadWorker[];
  allocateUnusedWorker(): void;
  loadWasmModuleToWorker(worker: PthreadWorker, onLoaded?: () => void): void;
  terminateAllThreads(): void;
}
interface FactoryConfig {
  locateFile(file: string): string | URL;
  mainScriptUrlOrBlob: string;
  onAbort(what: unknown): void;
  /** Filled in by emscripten (the config object becomes the module). */
  PThread?: PthreadPool;
}
type ThreadedModule = WasmModule & { PThread: PthreadPool; cwrap: (name: string, ret: string | null, args: string[]) => (...a: number[]) => number };
type Factory = (config: FactoryConfig) => Promise<ThreadedModule>;

let stockFactory: (() => tf.KernelBackend | Promise<tf.KernelBackend>) | undefined;

/**
 * Register 'wasm' as the threaded build with `threads` threads; the next `tf.setBackend('wasm')`
 * starts it. Call before the wasm backend has started in this process.
 */
export function useThreadedWasm(threads: number): void {
  stockFactory ??= tf.findBackendFactory('wasm') ?? undefined;
  tf.removeBackend('wasm');
  tf.registerBackend('wasm', async () => new BackendWasm(await startThreaded(threads)), WASM_PRIORITY);
}

/** Register the single-thread build again (stopping the threaded one and its workers, if started). */
export function useSingleThreadWasm(): void {
  if (stockFactory === undefined) return;
  setThreadsCount(-1); // tfjs's own default, which the single-thread build ignores
  tf.removeBackend('wasm');
  tf.registerBackend('wasm', stockFactory, WASM_PRIORITY);
}

/** Whether the wasm backend has started in this process (without starting it, as tf.findBackend would). */
export function wasmStarted(): boolean {
  return tf.engine().registry['wasm'] !== undefined;
}

/** The threads XNNPACK computes with on the running wasm backend (1 on the single-thread build). */
export function wasmThreads(): number {
  const backend = tf.engine().registry['wasm'] as unknown as { wasm?: { tfjs?: { getThreadsCount(): number } } } | undefined;
  return backend?.wasm?.tfjs?.getThreadsCount() ?? 1;
}

/** The pthread worker: the package's worker script (kept there as a string) run as CommonJS. */
function workerUrl(): URL {
  const code = [
    "import { createRequire } from 'node:module';",
    `const require = createRequire(${JSON.stringify(WORKER_SCRIPT)});`,
    `const { wasmWorkerContents } = require(${JSON.stringify(WORKER_SCRIPT)});`,
    // The string came out of a template literal, which turned the script's "\n" escapes into newlines.
    `new Function('require', '__filename', wasmWorkerContents.replace(/\\n/g, '\\\\n'))(require, ${JSON.stringify(WORKER_SCRIPT)});`,
  ].join('\n');
  return new URL(`data:text/javascript,${encodeURIComponent(code)}`);
}

async function startThreaded(threads: number): Promise<WasmModule> {
  const factory = require(MAIN_SCRIPT) as Factory;
  const worker = workerUrl();
  let fail: (err: Error) => void = () => undefined;
  const failed = new Promise<never>((_, reject) => {
    fail = reject;
  });
  const config: FactoryConfig = {
    locateFile: (file) => (file.endsWith('.worker.js') ? worker : path.join(path.dirname(MAIN_SCRIPT), file)),
    mainScriptUrlOrBlob: MAIN_SCRIPT,
    onAbort: (what) => fail(new Error(`aborted: ${String(what)}`)),
  };
  const ready = factory(config);
  // A worker's error would end the process (unhandled, or rethrown by emscripten's handler): make
  // it a failed start instead, after which the caller falls back to the single-thread build.
  const pool = config.PThread;
  if (pool === undefined) throw new Error('the threaded build exposes no PThread pool');
  const onError = (e: unknown): void => fail(new Error(`a pthread worker failed: ${e instanceof Error ? e.message : String(e)}`));
  const load = pool.loadWasmModuleToWorker.bind(pool);
  pool.loadWasmModuleToWorker = (w, onLoaded) => {
    load(w, onLoaded);
    w.onerror = onError;
  };
  const allocate = pool.allocateUnusedWorker.bind(pool);
  pool.allocateUnusedWorker = () => {
    allocate();
    pool.unusedWorkers[pool.unusedWorkers.length - 1]!.on('error', onError);
  };
  for (const w of pool.unusedWorkers) w.on('error', onError);
  const timer = setTimeout(() => fail(new Error(`no answer from the pthread workers in ${START_TIMEOUT_MS / 1000} s`)), START_TIMEOUT_MS);
  try {
    const module = await Promise.race([ready, failed]);
    await Promise.race([poolOf(pool, threads - 1), failed]);
    module.tfjs = {
      init: module.cwrap('init', null, []),
      initWithThreadsCount: module.cwrap('init_with_threads_count', null, ['number']),
      getThreadsCount: module.cwrap('get_threads_count', 'number', []),
      registerTensor: module.cwrap('register_tensor', null, ['number', 'number', 'number']),
      disposeData: module.cwrap('dispose_data', null, ['number']),
      dispose: module.cwrap('dispose', null, []),
    };
    // Read by BackendWasm's constructor: XNNPACK's pool is this thread plus threads - 1 workers.
    setThreadsCount(threads);
    return module;
  } catch (err) {
    pool.terminateAllThreads();
    throw err;
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Exactly `size` loaded, idle workers before XNNPACK creates its pool: emscripten preloads 8,
 * and a worker started later would need this thread's event loop while XNNPACK blocks it waiting
 * for that worker (a deadlock); surplus workers only hold memory.
 */
async function poolOf(pool: PthreadPool, size: number): Promise<void> {
  for (const extra of pool.unusedWorkers.splice(size)) extra.terminate();
  const loading: Promise<void>[] = [];
  while (pool.unusedWorkers.length < size) {
    pool.allocateUnusedWorker();
    const w = pool.unusedWorkers[pool.unusedWorkers.length - 1]!;
    loading.push(new Promise<void>((resolve) => pool.loadWasmModuleToWorker(w, () => resolve())));
  }
  await Promise.all(loading);
}
