/**
 * A·B (+ bias) on the single-thread WebAssembly build as a SIMD loop of our own (wasm-simd.ts
 * `gemm_4x8`/`gemm_4x4`), reading B's rows in place.
 *
 * Why: every training step gives the networks new weights and gradients, so XNNPACK packs each
 * product's right operand anew (~10% of the tabular step's CPU time). The loop sums each output
 * from the bias (or +0) over k in order, one float32 multiply and add per term: the order of
 * XNNPACK's f32 GEMM microkernel, so the same bits (test/backend/simd-gemm.test.ts). A's values
 * are splat one at a time, so a transposed A is read as stored. Only with one thread: XNNPACK
 * splits the stock product over its pool, the loop does not.
 */
import type { TensorInfo } from '@tensorflow/tfjs';
import type { KernelCaller } from './kernel-call.js';
import { simdLoopsFor, type SimdLoops } from './wasm-simd.js';

/** The threads XNNPACK splits a product over (1 on the single-thread build). */
function xnnpackThreads(k: KernelCaller): number {
  const wasm = (k.backend as { wasm?: { tfjs?: { getThreadsCount?: () => number } } }).wasm;
  return wasm?.tfjs?.getThreadsCount?.() ?? 1;
}

const batchOf = (x: TensorInfo): number => x.shape.slice(0, -2).reduce((p, d) => p * d, 1);

/**
 * op(A)·op(B) (+ bias), op(X) = X or Xᵀ; undefined when the loop does not take it (several
 * threads, a batch, other dtypes, columns not a multiple of 4, a bias not [N]). A transposed B is
 * transposed explicitly first (the loop needs B's rows contiguous).
 */
export function simdGemm(k: KernelCaller, a: TensorInfo, b0: TensorInfo, transposeA: boolean, transposeB: boolean, bias?: TensorInfo): TensorInfo | undefined {
  const b = transposeB ? { ...b0, shape: [...b0.shape.slice(0, -2), b0.shape[b0.shape.length - 1]!, b0.shape[b0.shape.length - 2]!] } : b0;
  if (a.dtype !== 'float32' || b.dtype !== 'float32' || a.shape.length !== b.shape.length || batchOf(a) !== 1 || batchOf(b) !== 1) return undefined;
  const rank = a.shape.length;
  const [ar, ac] = [a.shape[rank - 2]!, a.shape[rank - 1]!];
  const [m, kk] = transposeA ? [ac, ar] : [ar, ac];
  const [kb, n] = [b.shape[rank - 2]!, b.shape[rank - 1]!];
  if (kb !== kk || n % 4 !== 0 || m === 0 || n === 0 || kk === 0) return undefined;
  if (bias !== undefined && (bias.dtype !== 'float32' || bias.shape.length !== 1 || bias.shape[0] !== n)) return undefined;
  if (xnnpackThreads(k) > 1) return undefined;
  const loops = simdLoopsFor(k.backend);
  if (!loops) return undefined;
  const bRows = transposeB ? k.transpose(b0, [...Array(rank - 2).keys(), rank - 1, rank - 2]) : b0;
  try {
    const c = k.alloc([...a.shape.slice(0, -2), m, n]);
    run(loops, k, a, bRows, c, transposeA, m, kk, n, bias);
    return c;
  } finally {
    if (transposeB) k.free(bRows);
  }
}

/**
 * K is summed in chunks of this many terms, each call resuming from c's partial sums (exact: they
 * are float32 either way), so a chunk of B's rows stays in cache across the column panels (the
 * tabular step: 66.5 vs 67.6 ms CPU per step without chunks, 3 of 4 alternated runs lower).
 */
const K_CHUNK = 512;

function run(loops: SimdLoops, k: KernelCaller, a: TensorInfo, b: TensorInfo, c: TensorInfo, transposeA: boolean, m: number, kk: number, n: number, bias: TensorInfo | undefined): void {
  const [av, bv, cv] = [k.view(a), k.view(b), k.view(c)];
  const biasAt = bias === undefined ? 0 : k.view(bias).byteOffset;
  const wide = n - (n % 8);
  const [aRow, aK] = transposeA ? [4, m * 4] : [kk * 4, 4];
  for (let k0 = 0; k0 < kk; k0 += K_CHUNK) {
    const common = { m, k: Math.min(K_CHUNK, kk - k0), aRow, aK, bRow: n * 4, cRow: n * 4, start: (k0 > 0 ? 2 : bias ? 1 : 0) as 0 | 1 | 2 };
    const [a0, b0] = [av.byteOffset + k0 * aK, bv.byteOffset + k0 * n * 4];
    if (wide > 0) loops.gemm(true, { ...common, a: a0, b: b0, c: cv.byteOffset, bias: biasAt, bytes: wide * 4 });
    if (wide < n) loops.gemm(false, { ...common, a: a0, b: b0 + wide * 4, c: cv.byteOffset + wide * 4, bias: biasAt + wide * 4, bytes: 16 });
  }
}
