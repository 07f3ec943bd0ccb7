/**
 * Start-up of the SIMD GEMM's worker threads on the threaded wasm build (kernels/gemm-threads.ts),
 * checked like every kernel of ours: a few products split over the threads must give exactly the
 * bits they gave before the workers started (each output is the same sum in the same order): our
 * loop on one thread when XNNPACK has one thread, XNNPACK's own product when it has them all. When
 * they do not, or the workers cannot start, the workers stop and products take that path again.
 */
import * as tf from '@tensorflow/tfjs';
import { Rng } from '../random.js';
import { gemmThreadsFor, startGemmThreads, stopGemmThreads } from './kernels/gemm-threads.js';
import { wasmMemoryOf } from './kernels/wasm-simd.js';

/** Rows and columns of each part's kind: by rows, by columns (few rows), A transposed, B transposed, several K chunks. */
const CASES: ReadonlyArray<{ readonly a: [number, number]; readonly b: [number, number]; readonly transposeA: boolean; readonly transposeB: boolean }> = [
  { a: [50, 300], b: [300, 76], transposeA: false, transposeB: false },
  { a: [4, 600], b: [600, 256], transposeA: false, transposeB: false },
  { a: [300, 70], b: [300, 128], transposeA: true, transposeB: false },
  { a: [36, 200], b: [84, 200], transposeA: false, transposeB: true },
];

/** Start `threads` - 1 GEMM workers on the running wasm backend; why they are not used, or undefined when they are. */
export async function startThreadedProducts(threads: number): Promise<string | undefined> {
  const memory = wasmMemoryOf(tf.backend());
  if (memory === undefined) return 'the wasm backend exposes no memory';
  const rng = new Rng(20261207);
  const inputs = CASES.map((c) => ({ ...c, x: tensor(c.a, rng), y: tensor(c.b, rng) }));
  const product = (): Float32Array[] => inputs.map((c) => tf.tidy(() => tf.matMul(c.x, c.y, c.transposeA, c.transposeB).dataSync() as Float32Array));
  try {
    const before = product();
    try {
      await startGemmThreads(memory, threads);
    } catch (err) {
      return `its GEMM workers did not start (${err instanceof Error ? err.message : String(err)})`;
    }
    let split: Float32Array[];
    try {
      split = product();
    } catch (err) {
      stopGemmThreads(memory);
      return `a split product threw ${err instanceof Error ? err.message : String(err)}`;
    }
    const differs = CASES.findIndex((_, i) => !sameBits(before[i]!, split[i]!));
    if (differs < 0) return undefined;
    stopGemmThreads(memory);
    return `a product split over ${threads} threads differs from the one-thread product on ${JSON.stringify(CASES[differs])}`;
  } finally {
    for (const c of inputs) tf.dispose([c.x, c.y]);
  }
}

function tensor(shape: [number, number], rng: Rng): tf.Tensor2D {
  return tf.tensor2d(Float32Array.from({ length: shape[0] * shape[1] }, () => rng.next() * 2 - 1), shape);
}

function sameBits(x: Float32Array, y: Float32Array): boolean {
  const [p, q] = [new Uint32Array(x.buffer, x.byteOffset, x.length), new Uint32Array(y.buffer, y.byteOffset, y.length)];
  return p.length === q.length && p.every((v, i) => v === q[i]);
}

/** The threads the running wasm backend's matrix products are split over (1 without GEMM workers). */
export function productThreads(): number {
  const backend = tf.engine().registry['wasm']; // (tf.findBackend would start it)
  const memory = backend ? wasmMemoryOf(backend) : undefined;
  return (memory && gemmThreadsFor(memory)?.threads) ?? 1;
}
