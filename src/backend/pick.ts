/**
 * Backend choice, shared by every command.
 *
 * Order for `auto`: native TensorFlow with a GPU (`@tensorflow/tfjs-node-gpu`), native TensorFlow
 * (`@tensorflow/tfjs-node`) — both optional peer dependencies, loaded only if installed — then
 * WebAssembly (SIMD) with gan-augment's kernel fixes, then the pure-JS cpu backend. An explicit
 * `--backend` wins over the `GAN_AUGMENT_BACKEND` environment variable, which wins over `auto`.
 * WebAssembly with more than one thread is the threaded build (wasm-threaded.ts), self-tested
 * like the kernel fixes; when it fails, the single-thread build runs and a warning says so once.
 */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { GanAugmentError } from '../errors.js';
import { resolveBackendRequest, type BackendName } from './names.js';
import { registerComparisonGradients } from './comparison-gradients.js';
import { silenceCpuBanner } from './quiet-banner.js';
import { installCustomKernels, uninstallCustomKernels } from './kernels/install.js';
import { selfTestCustomKernels } from './kernels/self-test.js';
import { productThreads, startThreadedProducts } from './gemm-threads-start.js';
import { threadedWasmFault } from './threads-self-test.js';
import { defaultThreads } from './threads.js';
import { WASM_MAX_THREADS, useSingleThreadWasm, useThreadedWasm, wasmStarted, wasmThreads } from './wasm-threaded.js';

export { BACKEND_ENV_VAR, BACKEND_NAMES, resolveBackendRequest, type BackendName } from './names.js';
export { THREADS_ENV, defaultThreads } from './threads.js';

export interface BackendInfo {
  /** The tfjs backend actually active ('tensorflow', 'wasm' or 'cpu'). */
  readonly name: string;
  readonly requested: BackendName;
  /** Why earlier candidates were passed over, kernel self-test outcomes, SIMD. */
  readonly notes: readonly string[];
  /** Custom kernels active on this backend (passed their start-up self-test). */
  readonly kernels: readonly string[];
  /**
   * Threads it computes with: on wasm XNNPACK's pool or the matrix products' threads, whichever
   * is larger; 1 on cpu; null on native TensorFlow (its own pool).
   */
  readonly threads: number | null;
}

export interface InitBackendOptions {
  /** Where to read `GAN_AUGMENT_BACKEND` (default `process.env`). */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Register gan-augment's custom kernels on wasm (default true; the benchmark turns it off). */
  readonly customKernels?: boolean;
  /**
   * Threads for the wasm backend (default: `GAN_AUGMENT_THREADS` from `env`, else the cores
   * available). Fixed by the first start of wasm in the process: later requests get that backend.
   */
  readonly threads?: number;
  /**
   * Training is mostly convolutions (SynthesizerFactory.convolutional): XNNPACK's pool gets every
   * thread. Otherwise it keeps one, and the matrix products run on all of them (simd-gemm.ts).
   * Fixed by the first start of wasm, like `threads`.
   */
  readonly convolutions?: boolean;
}

type Candidate = 'tensorflow-gpu' | 'tensorflow' | 'wasm' | 'cpu';
const NATIVE_PACKAGE: Record<'tensorflow-gpu' | 'tensorflow', string> = {
  'tensorflow-gpu': '@tensorflow/tfjs-node-gpu',
  tensorflow: '@tensorflow/tfjs-node',
};

let active: (BackendInfo & { readonly customKernels: boolean }) | undefined;

/**
 * Start the best available TensorFlow.js backend (or the one requested) and return what is
 * active. Calling it again with the same request returns the same answer without re-testing.
 *
 * @example
 * const info = await initBackend();          // option absent: GAN_AUGMENT_BACKEND or auto
 * progress({ phase: 'fit', done: 0, message: describeBackend(info) });
 */
export async function initBackend(requested?: BackendName, options: InitBackendOptions = {}): Promise<BackendInfo> {
  const request = requested ?? resolveBackendRequest(undefined, options.env ?? process.env);
  const customKernels = options.customKernels ?? true;
  const threads = options.threads ?? defaultThreads(options.env ?? process.env);
  if (active && active.requested === request && active.customKernels === customKernels && tf.getBackend() === active.name) {
    return active;
  }
  registerComparisonGradients();
  silenceCpuBanner();
  const notes: string[] = [];
  const candidates: Candidate[] = request === 'auto' ? ['tensorflow-gpu', 'tensorflow', 'wasm', 'cpu'] : [request];
  for (const candidate of candidates) {
    const started = candidate === 'tensorflow-gpu' || candidate === 'tensorflow'
      ? await startNative(candidate, notes)
      : await startBuiltIn(candidate, notes, customKernels, threads, options.convolutions === true);
    if (!started) continue;
    const name = tf.getBackend();
    const kernels = customKernels ? prepareKernels(name, notes) : [];
    if (candidate === 'wasm') notes.push(`wasm: SIMD ${(await wasmHasSimd()) ? 'on' : 'off'}`);
    const used = name === 'wasm' ? Math.max(wasmThreads(), productThreads()) : name === 'cpu' ? 1 : null;
    active = { name, requested: request, notes, kernels, threads: used, customKernels };
    return active;
  }
  throw new GanAugmentError('backend', `--backend ${request}: no TensorFlow.js backend could start (${notes.join('; ')}).`, {
    hint: "Use --backend cpu, or '--backend auto' to let gan-augment choose.",
  });
}

/** Whether `initBackend(requested)` would answer at once: that backend is up already. */
export function backendReady(requested?: BackendName, env: Readonly<Record<string, string | undefined>> = process.env): boolean {
  const request = requested ?? resolveBackendRequest(undefined, env);
  return active !== undefined && active.requested === request && active.customKernels && tf.getBackend() === active.name;
}

/** What the last `initBackend` started, or undefined before any. */
export function activeBackend(): BackendInfo | undefined {
  return active;
}

/**
 * One line for the progress display (short) or the run metadata (`verbose`: kernel names too).
 *
 * @example
 * describeBackend(info);                    // 'wasm (11 kernel fixes)'
 * describeBackend(info, { verbose: true }); // 'wasm (11 kernel fixes: BatchMatMul(transposed->XNNPACK), ...)'
 */
export function describeBackend(info: BackendInfo, options: { verbose?: boolean } = {}): string {
  const failed = info.notes.filter((n) => n.startsWith('kernel ')).length;
  const parts: string[] = [];
  if (info.kernels.length > 0) parts.push(`${info.kernels.length} kernel fixes${options.verbose ? `: ${info.kernels.join(', ')}` : ''}`);
  if (failed > 0) parts.push(`${failed} failed ${failed === 1 ? 'its' : 'their'} self-test`);
  if (info.threads !== null && info.threads > 1) parts.push(`${info.threads} threads`);
  const requested = info.requested === 'auto' || info.requested === info.name ? '' : ` [requested ${info.requested}]`;
  return `${info.name}${parts.length > 0 ? ` (${parts.join('; ')})` : ''}${requested}`;
}

/** tfjs-node(-gpu): optional, so any load failure is a note, not an error. */
async function startNative(candidate: 'tensorflow-gpu' | 'tensorflow', notes: string[]): Promise<boolean> {
  const pkg = NATIVE_PACKAGE[candidate];
  try {
    await import(pkg);
  } catch (err) {
    notes.push(`${candidate}: ${pkg} not loadable (${firstLine(err)})`);
    return false;
  }
  // The package registers 'tensorflow' on the tfjs-core it imports; accept it only if that is ours.
  if (tf.findBackendFactory('tensorflow') == null) {
    notes.push(`${candidate}: ${pkg} loaded but registered no 'tensorflow' backend on gan-augment's @tensorflow/tfjs-core (version mismatch?)`);
    return false;
  }
  return setAndCheck('tensorflow', candidate, notes);
}

async function startBuiltIn(candidate: 'wasm' | 'cpu', notes: string[], customKernels: boolean, asked: number, convolutions: boolean): Promise<boolean> {
  if (candidate === 'cpu') return setAndCheck('cpu', 'cpu', notes);
  // Register the fixes before the backend starts, so their setup runs with the backend's own.
  if (customKernels) installCustomKernels('wasm');
  else uninstallCustomKernels('wasm');
  // Once started, the wasm backend (and its thread count) stays for the life of the process.
  if (asked === 1 || wasmStarted()) return setAndCheck('wasm', 'wasm', notes);
  const threads = Math.min(asked, WASM_MAX_THREADS);
  if (threads < asked) notes.push(`wasm: ${threads} threads of the ${asked} asked for (the threaded build's maximum)`);
  // Dense networks: the products on our threads, XNNPACK on one (its idle workers would spin on their cores).
  const xnnpack = convolutions || !customKernels ? threads : 1;
  useThreadedWasm(xnnpack);
  const started = await setAndCheck('wasm', 'start', notes);
  const fault = started ? threadedWasmFault(xnnpack) : notes.pop();
  if (fault === undefined) {
    const products = customKernels ? await startThreadedProducts(threads) : undefined;
    if (products === undefined) return true;
    threadsWarning(notes, `the matrix products' ${threads} threads failed their self-test (${products}); ${xnnpack === 1 ? 'training runs on one thread' : "they run on XNNPACK's pool"}`);
    return true;
  }
  threadsWarning(notes, `the ${threads}-thread WebAssembly build failed its self-test (${fault}); training runs on one thread`);
  useSingleThreadWasm();
  return setAndCheck('wasm', 'wasm', notes);
}

/** A thread self-test's failure: a backend note, and once on stderr as a Node warning. */
function threadsWarning(notes: string[], warning: string): void {
  notes.push(`wasm: ${warning}`);
  process.emitWarning(`gan-augment: ${warning}.`, { code: 'GAN_AUGMENT_THREADS' });
}

async function setAndCheck(backendName: string, label: string, notes: string[]): Promise<boolean> {
  let ok = false;
  try {
    ok = await tf.setBackend(backendName);
    await tf.ready();
  } catch (err) {
    notes.push(`${label}: ${firstLine(err)}`);
    return false;
  }
  // setBackend can return false while getBackend() still names it: trust the return value.
  if (ok && tf.getBackend() === backendName) return true;
  notes.push(`${label}: setBackend('${backendName}') returned false`);
  return false;
}

/** Install (if not yet) and self-test the custom kernels of `backendName`; return the active ids. */
function prepareKernels(backendName: string, notes: string[]): string[] {
  installCustomKernels(backendName);
  const result = selfTestCustomKernels(backendName);
  for (const { id, reason } of result.removed) {
    notes.push(`kernel ${id} failed its self-test (${reason}); using the stock kernel`);
  }
  return [...result.passed];
}

async function wasmHasSimd(): Promise<boolean> {
  try {
    return (await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT')) === true;
  } catch {
    return false;
  }
}

function firstLine(err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  return message.split('\n')[0]!.slice(0, 200);
}
