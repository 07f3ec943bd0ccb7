/**
 * Start-up self-test of the threaded wasm build (wasm-threaded.ts): XNNPACK must run with the
 * threads asked for, and the kernels it splits across them (matrix products, convolutions) must
 * agree with the stock cpu kernels on shapes big enough to be split. Milliseconds, once per process.
 */
import * as tf from '@tensorflow/tfjs';
import { Rng } from '../random.js';
import type { KernelCase } from './kernels/custom-kernel.js';
import { compareWithCpuKernel } from './kernels/reference-check.js';
import { wasmThreads } from './wasm-threaded.js';

const CASES: ReadonlyArray<{ readonly kernel: string; readonly kase: KernelCase }> = [
  { kernel: 'BatchMatMul', kase: { inputs: { a: [2, 64, 96], b: [2, 96, 80] }, attrs: { transposeA: false, transposeB: false } } },
  { kernel: 'BatchMatMul', kase: { inputs: { a: [1, 100, 48], b: [1, 80, 48] }, attrs: { transposeA: false, transposeB: true } } },
  { kernel: 'Conv2D', kase: { inputs: { x: [2, 12, 12, 8], filter: [3, 3, 8, 16] }, attrs: { strides: [2, 2], pad: 'same', dataFormat: 'NHWC', dilations: [1, 1] } } },
];

/** Why the running wasm backend does not compute correctly with `threads` threads, or undefined if it does. */
export function threadedWasmFault(threads: number, tolerance = 1e-4): string | undefined {
  const actual = wasmThreads();
  if (actual !== threads) return `XNNPACK runs ${actual} thread${actual === 1 ? '' : 's'}, not ${threads}`;
  const rng = new Rng(20261206);
  for (const { kernel, kase } of CASES) {
    const config = tf.getKernel(kernel, 'wasm');
    if (config === undefined) return `no wasm kernel ${kernel}`;
    try {
      const r = compareWithCpuKernel(config, 'wasm', kase, rng.fork(kernel), tolerance);
      if (!r.ok) return `${kernel} differs from the cpu kernel by ${r.maxAbsError.toExponential(2)} on ${JSON.stringify(kase.inputs)}`;
    } catch (err) {
      return `${kernel} threw ${(err as Error).message.split('\n')[0]}`;
    }
  }
  return undefined;
}
