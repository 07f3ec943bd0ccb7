/**
 * A·B (+ bias) on the single-thread WebAssembly build as a SIMD loop of our own (wasm-simd.ts
 * `gemm_4x8`/`gemm_4x4`), reading B's rows in place.
 *
 * Why: every training step gives the networks new weights and gradients, so XNNPACK packs each
 * product's right operand anew (~10% of the tabular step's CPU time). The loop sums each output
 * from the bias (or +0) over k in order, one float32 multiply and add per term: the order of
 * XNNPACK's f32 GEMM microkernel, so the same bits (test/backend/simd-gemm.test.ts). A's values
 * are splat one at a time, so a transposed A is read as stored. On the threaded build a product
 * is split by blocks of C's rows or columns over gemm-threads.ts's workers (without them it goes
 * to XNNPACK, which splits it over its pool): each output is still one thread's sum in the same
 * order, so the bits do not depend on the thread count.
 */
import type { TensorInfo } from '@tensorflow/tfjs';
import type { KernelCaller } from './kernel-call.js';
import { gemmThreadsFor, type GemmThreads } from './gemm-threads.js';
import { gemmCalls, simdLoopsFor, wasmMemoryOf, type GemmCall, type SimdLoops } from './wasm-simd.js';

/** The threads XNNPACK splits a product over (1 on the single-thread build). */
function xnnpackThreads(k: KernelCaller): number {
  const wasm = (k.backend as { wasm?: { tfjs?: { getThreadsCount?: () => number } } }).wasm;
  return wasm?.tfjs?.getThreadsCount?.() ?? 1;
}

const batchOf = (x: TensorInfo): number => x.shape.slice(0, -2).reduce((p, d) => p * d, 1);

/**
 * op(A)·op(B) (+ bias), op(X) = X or Xᵀ; undefined when the loop does not take it (several
 * XNNPACK threads but no GEMM workers, a batch, other dtypes, columns not a multiple of 4, a bias
 * not [N]). A transposed B is transposed explicitly first (the loop needs B's rows contiguous).
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
  const memory = wasmMemoryOf(k.backend);
  const pool = memory ? gemmThreadsFor(memory) : undefined;
  if (xnnpackThreads(k) > 1 && pool === undefined) return undefined;
  const loops = simdLoopsFor(k.backend);
  if (!loops) return undefined;
  const bRows = transposeB ? k.transpose(b0, [...Array(rank - 2).keys(), rank - 1, rank - 2]) : b0;
  try {
    const c = k.alloc([...a.shape.slice(0, -2), m, n]);
    run(loops, pool, k, { a, b: bRows, c, bias }, transposeA, m, kk, n);
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
/** Products smaller than this (multiply-adds) run on the calling thread: waking a worker costs more. */
const SPLIT_MIN = 1 << 18;

/** One unit of C: rows [r0, r1) x columns [j0, j1). */
interface Unit {
  readonly r0: number;
  readonly r1: number;
  readonly j0: number;
  readonly j1: number;
}

/**
 * C cut into at most `units` units of whole 4-row blocks or whole 8-column panels, whichever
 * leaves the largest unit smaller (few rows: by columns); ties by rows.
 */
export function splitProduct(m: number, n: number, units: number): Unit[] {
  const blocks = Math.ceil(m / 4);
  const panels = Math.ceil(n / 8);
  const byRows = Math.ceil(blocks / units) * 4 * n <= blocks * 4 * Math.ceil(panels / units) * 8;
  const [count, size, extent] = byRows ? [blocks, 4, m] : [panels, 8, n];
  const parts = Math.min(units, count);
  return Array.from({ length: parts }, (_, p) => {
    const [from, to] = [Math.floor((p * count) / parts) * size, Math.min(extent, Math.floor(((p + 1) * count) / parts) * size)];
    return byRows ? { r0: from, r1: to, j0: 0, j1: n } : { r0: 0, r1: m, j0: from, j1: to };
  });
}

interface Operands {
  readonly a: TensorInfo;
  readonly b: TensorInfo;
  readonly c: TensorInfo;
  readonly bias: TensorInfo | undefined;
}

function run(loops: SimdLoops, pool: GemmThreads | undefined, k: KernelCaller, x: Operands, transposeA: boolean, m: number, kk: number, n: number): void {
  const [a, b, c] = [k.view(x.a).byteOffset, k.view(x.b).byteOffset, k.view(x.c).byteOffset];
  const bias = x.bias === undefined ? 0 : k.view(x.bias).byteOffset;
  const [aRow, aK] = transposeA ? [4, m * 4] : [kk * 4, 4];
  // One unit's calls: for each K chunk in order, its 8-column panels, then a last 4-column one.
  const callsOf = ({ r0, r1, j0, j1 }: Unit): GemmCall[] => {
    const wide = (j1 - j0) - ((j1 - j0) % 8);
    const calls: GemmCall[] = [];
    for (let k0 = 0; k0 < kk; k0 += K_CHUNK) {
      const common = { m: r1 - r0, k: Math.min(K_CHUNK, kk - k0), aRow, aK, bRow: n * 4, cRow: n * 4, start: (k0 > 0 ? 2 : x.bias ? 1 : 0) as 0 | 1 | 2 };
      const at = { a: a + k0 * aK + r0 * aRow, b: b + (k0 * n + j0) * 4, c: c + (r0 * n + j0) * 4, bias: bias + j0 * 4 };
      if (wide > 0) calls.push(...gemmCalls(true, { ...common, ...at, bytes: wide * 4 }));
      if (j0 + wide < j1) calls.push(...gemmCalls(false, { ...common, a: at.a, b: at.b + wide * 4, c: at.c + wide * 4, bias: at.bias + wide * 4, bytes: 16 }));
    }
    return calls;
  };
  // One unit per thread: each unit re-reads a share of B (or A), and the tabular step (2 threads)
  // was 0.8-1.2 ms faster per step than with two per thread in 3 of 4 alternated runs (3 and 4: no
  // gain). A worker that starts late still leaves its unit to the caller (units are claimed).
  const units = pool && m * kk * n >= SPLIT_MIN ? splitProduct(m, n, pool.threads) : [{ r0: 0, r1: m, j0: 0, j1: n }];
  if (units.length === 1) loops.gemmRun(callsOf(units[0]!));
  else pool!.run(units.map(callsOf), loops.gemmRun);
}
