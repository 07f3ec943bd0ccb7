/**
 * The threaded WebAssembly build in Node (src/backend/wasm-threaded.ts): this test process starts
 * wasm with 2 threads for dense networks (XNNPACK on one, the matrix products on 2: simd-gemm.ts,
 * gemm-threads.ts), a child process for convolutional ones (XNNPACK on 2). It passes its start-up
 * self-tests (and every kernel fix passes theirs on it), keeps memory flat as the single-thread
 * build does (memory.test.ts), and a seed gives the same rows again with the same thread count, here
 * and in another process, and with one thread. Its speed is a benchmark's job
 * (bench/training-speed/threads-matmul.ts, `npm run bench`), not a test's.
 */
import { spawnSync } from 'node:child_process';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { describeBackend, initBackend } from '../../src/backend/pick.js';
import { CUSTOM_KERNELS } from '../../src/backend/kernels/install.js';
import { threadedWasmFault } from '../../src/backend/threads-self-test.js';
import { THREADS_ENV, defaultThreads, threadsPerProcess } from '../../src/backend/threads.js';
import { OPTIONS } from '../../src/options/table.js';
import { memoryState, wganMemoryStep } from '../support/wgan-memory-step.js';
import { productThreads } from '../../src/backend/gemm-threads-start.js';
import { wasmThreads } from '../../src/backend/wasm-threaded.js';
import { augmentOnThreads, type ThreadsModel, type ThreadsRun } from '../support/threads-augment.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** `augmentOnThreads` in a fresh process (the thread count is fixed per process). */
function augmentInChild(threads: number, model: ThreadsModel = 'ctgan'): ThreadsRun {
  const r = spawnSync(process.execPath, ['--import', 'tsx', path.join(root, 'test', 'support', 'threads-augment.ts'), String(threads), model], { cwd: root, encoding: 'utf8', timeout: 120_000 });
  if (r.status !== 0) throw new Error(`child exited ${r.status}: ${r.stderr.slice(-2000)}`);
  return JSON.parse(r.stdout.trim().split('\n').pop()!) as ThreadsRun;
}

describe('thread counts', () => {
  it('share the threads out among processes, at least one each', () => {
    expect(threadsPerProcess(8, 3)).toBe(2);
    expect(threadsPerProcess(8, 1)).toBe(8);
    expect(threadsPerProcess(2, 4)).toBe(1);
  });

  it(`default to ${THREADS_ENV}, else the cores, and name the variable or the option when wrong`, () => {
    expect(defaultThreads({ [THREADS_ENV]: '3' })).toBe(3);
    expect(defaultThreads({ [THREADS_ENV]: ' ' })).toBe(availableParallelism());
    expect(defaultThreads({})).toBe(availableParallelism());
    expect(() => defaultThreads({ [THREADS_ENV]: '0' })).toThrow(/GAN_AUGMENT_THREADS must be an integer from 1 to 1024, got '0'/);
    expect(() => defaultThreads({ [THREADS_ENV]: '2.5' })).toThrow(/GAN_AUGMENT_THREADS/);
    expect(OPTIONS.threads.parse('4', '--threads')).toBe(4);
    expect(OPTIONS.threads.parse(undefined, '--threads')).toBe(defaultThreads());
    expect(() => OPTIONS.threads.parse('0', '--threads')).toThrow(/--threads must be a positive integer, got/);
  });
});

describe('the threaded wasm build', () => {
  it('starts with 2 threads (the products on 2, XNNPACK on 1), passes its self-tests, and every kernel fix passes theirs on it', async () => {
    const info = await initBackend('wasm', { threads: 2 });
    expect(info.name).toBe('wasm');
    expect(info.threads).toBe(2);
    expect([wasmThreads(), productThreads()]).toEqual([1, 2]);
    expect(info.notes.filter((n) => n.includes('thread') || n.startsWith('kernel '))).toEqual([]);
    expect(info.kernels.length).toBe(CUSTOM_KERNELS.length);
    expect(describeBackend(info)).toBe(`wasm (${CUSTOM_KERNELS.length} kernel fixes; 2 threads)`);
    expect(threadedWasmFault(1)).toBeUndefined();
    // The self-test can fail: asked for a count the backend does not run, it says so.
    expect(threadedWasmFault(3)).toBe('XNNPACK runs 1 thread, not 3');
  });

  it('keeps the running backend for a later request with another count', async () => {
    const info = await initBackend('wasm', { threads: 1 });
    expect(info.threads).toBe(2);
  });

  // Fewer steps than memory.test.ts: on a loaded machine these tiny steps are far slower threaded.
  it('keeps tensors, bytes and the wasm heap flat over 60 training steps', async () => {
    const bench = wganMemoryStep();
    for (let i = 0; i < 20; i++) bench.step();
    const before = memoryState();
    for (let i = 0; i < 60; i++) bench.step();
    expect(memoryState()).toEqual(before);
    expect(Number.isFinite(await bench.probe())).toBe(true);
    bench.dispose();
  });

  it('gives a seed the same rows and file bytes again with 2 threads, in this process and in another, and with 1 thread', async () => {
    const here = await augmentOnThreads(2);
    expect(here.threads).toBe(2);
    expect(augmentInChild(2)).toEqual(here);
    // XNNPACK computes each output of a product or convolution on one thread, in one order; the
    // file's embedded summary leaves out the thread count and ctgan's rows/s (stage/metadata.ts).
    expect(augmentInChild(1)).toEqual({ threads: 1, xnnpack: 1, products: 1, hash: here.hash, fileHash: here.fileHash });
  });

  it('gives a convolutional network XNNPACK on 2 threads, and its seed the same rows and bytes with 1 thread', () => {
    const two = augmentInChild(2, 'dcgan');
    expect(two).toMatchObject({ threads: 2, xnnpack: 2, products: 2 });
    expect(augmentInChild(1, 'dcgan')).toEqual({ ...two, threads: 1, xnnpack: 1, products: 1 });
  });
});
