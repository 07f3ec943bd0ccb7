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
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { BackendWasm, setThreadsCount } from '@tensorflow/tfjs-backend-wasm';

const require = createRequire(import.meta.url);
const MAIN_SCRIPT = require.resolve('@tensorflow/tfjs-backend-wasm/wasm-out/tfjs-backend-wasm-threaded-simd.js');
const WORKER_SCRIPT = path.join(path.dirname(MAIN_SCRIPT), 'tfjs-backend-wasm-threaded-simd.worker.js');
const WASM_FILE = path.join(path.dirname(MAIN_SCRIPT), 'tfjs-backend-wasm-threaded-simd.wasm');
/** tfjs-backend-wasm's own priority for 'wasm'. */
const WASM_PRIORITY = 2;
/** The pthread workers emscripten starts with the module (its PTHREAD_POOL_SIZE). */
const PRELOADED = 8;
/** tfjs's C++ caps XNNPACK's pool at 8 threads (the preloaded workers). */
export const WASM_MAX_THREADS = 8;
/** A build whose workers never report back has failed: give up rather than wait forever. */
const START_TIMEOUT_MS = 60_000;

type WasmModule = ConstructorParameters<typeof BackendWasm>[0];

/** The parts of an emscripten pthread worker and pool this file touches. */
interface PthreadWorker {
  onerror: ((e: unknown) => void) | undefined;
  on(event: 'error', listener: (e: Error) => void): void;
  unref(): void;
  terminate(): void;
}
interface PthreadPool {
  unusedWorkers: PthreadWorker[];
  runningWorkers: PthreadWorker[];
  loadWasmModuleToWorker(worker: PthreadWorker, onLoaded?: () => void): void;
  terminateAllThreads(): void;
}
interface WasmImports {
  env: Record<string, unknown>;
}
interface FactoryConfig {
  locateFile(file: string): string | URL;
  mainScriptUrlOrBlob: string;
  onAbort(what: unknown): void;
  instantiateWasm(imports: WasmImports, receive: (instance: object, module: object) => void): object;
  /** Filled in by emscripten (the config object becomes the module). */
  PThread?: PthreadPool;
}
type ThreadedModule = WasmModule & { PThread: PthreadPool; cwrap: (name: string, ret: string | null, args: string[]) => (...a: number[]) => number };
type Factory = (config: FactoryConfig) => Promise<ThreadedModule>;
/** The one WebAssembly call made here (the project's type libraries leave WebAssembly out). */
const webAssembly = (globalThis as unknown as { WebAssembly: { instantiate(bytes: Uint8Array, imports: WasmImports): Promise<{ instance: object; module: object }> } }).WebAssembly;

let stockFactory: (() => tf.KernelBackend | Promise<tf.KernelBackend>) | undefined;

/**
 * Register 'wasm' as the threaded build with `threads` threads (2 to WASM_MAX_THREADS); the next
 * `tf.setBackend('wasm')` starts it. Call before the wasm backend has started in this process.
 */
export function useThreadedWasm(threads: number): void {
  stockFactory ??= tf.findBackendFactory('wasm') ?? undefined;
  tf.removeBackend('wasm');
  tf.registerBackend(
    'wasm',
    async () => {
      const module = await startThreaded(threads);
      const backend = new BackendWasm(module); // creates XNNPACK's pool: threads - 1 running workers
      // emscripten holds a running pthread's worker referenced, and XNNPACK's never end: without
      // this no process that trained would exit by itself (its threads only wait for work).
      for (const w of module.PThread.runningWorkers) w.unref();
      return backend;
    },
    WASM_PRIORITY,
  );
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
  return moduleUrl([
    "import { createRequire } from 'node:module';",
    `const require = createRequire(${JSON.stringify(WORKER_SCRIPT)});`,
    `const { wasmWorkerContents } = require(${JSON.stringify(WORKER_SCRIPT)});`,
    // The string came out of a template literal, which turned the script's "\n" escapes into newlines.
    `new Function('require', '__filename', wasmWorkerContents.replace(/\\n/g, '\\\\n'))(require, ${JSON.stringify(WORKER_SCRIPT)});`,
  ]);
}

/**
 * A worker emscripten preloads beyond the threads - 1 XNNPACK uses: it only says it has loaded
 * (emscripten waits for all 8), without starting a runtime, and is stopped before XNNPACK starts.
 */
function spareUrl(): URL {
  return moduleUrl(["import { parentPort } from 'node:worker_threads';", "parentPort.once('message', () => parentPort.postMessage({ cmd: 'loaded' }));"]);
}

function moduleUrl(lines: readonly string[]): URL {
  return new URL(`data:text/javascript,${encodeURIComponent(lines.join('\n'))}`);
}

async function startThreaded(threads: number): Promise<ThreadedModule> {
  const factory = require(MAIN_SCRIPT) as Factory;
  const [worker, spare] = [workerUrl(), spareUrl()];
  let workers = 0;
  let fail: (err: Error) => void = () => undefined;
  const failed = new Promise<never>((_, reject) => {
    fail = reject;
  });
  const config: FactoryConfig = {
    // Called once per preloaded worker: XNNPACK takes the last ones (pop), which stay; the first ones go.
    locateFile: (file) => (file.endsWith('.worker.js') ? (workers++ < PRELOADED - (threads - 1) ? spare : worker) : path.join(path.dirname(MAIN_SCRIPT), file)),
    mainScriptUrlOrBlob: MAIN_SCRIPT,
    onAbort: (what) => fail(new Error(`aborted: ${String(what)}`)),
    instantiateWasm: (imports, receive) => {
      // tfjs sizes XNNPACK's pool as min(asked, logical cores / 2, 8), the halving for hyper-threads;
      // report twice the threads asked for, so that the count asked for is the count that runs.
      imports.env['emscripten_num_logical_cores'] = () => 2 * threads;
      webAssembly.instantiate(readFileSync(WASM_FILE), imports).then(
        ({ instance, module }) => receive(instance, module),
        (err: unknown) => fail(err instanceof Error ? err : new Error(String(err))),
      );
      return {};
    },
  };
  const ready = factory(config);
  ready.catch(() => undefined); // after an abort both reject; `failed` reports it
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
  for (const w of pool.unusedWorkers) w.on('error', onError);
  const timer = setTimeout(() => fail(new Error(`no answer from the pthread workers in ${START_TIMEOUT_MS / 1000} s`)), START_TIMEOUT_MS);
  try {
    const module = await Promise.race([ready, failed]);
    // XNNPACK's pool is this thread and threads - 1 of the preloaded workers: stop the spare ones.
    for (const extra of pool.unusedWorkers.splice(0, pool.unusedWorkers.length - (threads - 1))) extra.terminate();
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
    // From now on a worker's error is a crash with its message, as emscripten would have it, not a hang.
    fail = (err) => {
      throw err;
    };
    return module;
  } catch (err) {
    pool.terminateAllThreads();
    throw err;
  } finally {
    clearTimeout(timer);
  }
}
