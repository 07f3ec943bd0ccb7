/**
 * Fast transposed matrix products on the WebAssembly backend.
 *
 * Why: tfjs-backend-wasm 4.22 sends `BatchMatMul`/`_FusedMatMul` with `transposeA` or `transposeB`
 * to a plain C++ loop (~1.3-3 GFLOP/s here) while the untransposed product reaches XNNPACK
 * (~20-40 GFLOP/s). Every Dense backward pass uses the transposed forms (dW = xᵀ·dy, dx = dy·Wᵀ).
 * Transposing the operand explicitly (a memory-bound copy, ~0.1 ms for 500x256) and calling the
 * stock untransposed kernel is the whole fix.
 */
import type { KernelConfig, NamedTensorInfoMap, TensorInfo } from '@tensorflow/tfjs';
import type { KernelCase } from './custom-kernel.js';
import { fastPathOrStock, type KernelArgs } from './define-kernel.js';
import type { KernelCaller } from './kernel-call.js';
import { simdGemm } from './simd-gemm.js';

/** Swap the last two axes (the matrix axes) of a rank >= 2 tensor. */
function swapLastTwo(k: KernelCaller, x: TensorInfo): TensorInfo {
  const rank = x.shape.length;
  const perm = [...Array(rank).keys()];
  perm[rank - 2] = rank - 1;
  perm[rank - 1] = rank - 2;
  return k.transpose(x, perm);
}

const batchOf = (x: TensorInfo): number => x.shape.slice(0, -2).reduce((p, d) => p * d, 1);

/**
 * For A·Bᵀ (A [M, K], B [N, K], no batch): transposing B and handing it to XNNPACK, which packs its
 * right operand on every call for a new tensor, touches B twice (2·K·N); computing (B·Aᵀ)ᵀ instead
 * touches A twice and the output once (2·M·K + M·N). The second wins by ~7x for a Dense layer's input
 * gradient with few rows and a wide weight (CTGAN's critic: dy [50, 256] · W[1320, 256]ᵀ).
 */
function swapIsCheaper(a: TensorInfo, b: TensorInfo): boolean {
  if (batchOf(a) !== 1 || batchOf(b) !== 1) return false;
  const m = a.shape[a.shape.length - 2]!;
  const k = a.shape[a.shape.length - 1]!;
  const n = b.shape[b.shape.length - 2]!;
  return 2 * m * k + m * n < 2 * k * n;
}

/**
 * Right operands XNNPACK has packed (tfjs-wasm caches the packed copy per tensor until it is
 * disposed), so a product with one of them again costs no packing.
 */
const packed = new WeakSet<object>();

/**
 * For A·B with few rows in A (M ≤ 64) and a B not packed yet: packing B (K·N values, ~6 ns each
 * here) costs more than the product itself. (Bᵀ·Aᵀ)ᵀ packs Aᵀ (K·M) instead; with the three
 * transposes it measured 2.8 vs 3.7 ms for [50, 1320]·[1320, 256] (the critic's first layer in the
 * generator step, just after the critic's update gave it new weights). Each output is the same
 * dot product accumulated in the same order, so the bits are the same.
 */
function packingIsCostlier(a: TensorInfo, b: TensorInfo): boolean {
  if (batchOf(a) !== 1 || batchOf(b) !== 1 || packed.has(b.dataId)) return false;
  const m = a.shape[a.shape.length - 2]!;
  const k = b.shape[b.shape.length - 2]!;
  const n = b.shape[b.shape.length - 1]!;
  return m <= 64 && 4 * m < n && k * n >= 16384;
}

/** The product with its operands transposed explicitly; undefined (the stock kernel) when neither is. */
function untransposed(args: KernelArgs, k: KernelCaller, stock: KernelConfig, swapAllowed: boolean): TensorInfo | undefined {
  const attrs = args.attrs ?? {};
  const transposeA = attrs['transposeA'] === true;
  const transposeB = attrs['transposeB'] === true;
  const a0 = args.inputs['a'] as TensorInfo;
  const b0 = args.inputs['b'] as TensorInfo;
  // One thread: our own loop, no packing and no transposed copy of A (simd-gemm.ts).
  const plain = attrs['activation'] === undefined || attrs['activation'] === 'linear';
  if (plain && args.inputs['preluActivationWeights'] === undefined) {
    const ours = simdGemm(k, a0, b0, transposeA, transposeB, args.inputs['bias'] as TensorInfo | undefined);
    if (ours) return ours;
  }
  if (!transposeA && !transposeB) {
    // (_FusedMatMul packs per (B, bias) pair and keeps its own products: not tracked.)
    if (!swapAllowed) return undefined;
    if (!packingIsCostlier(a0, b0)) {
      packed.add(b0.dataId);
      return undefined;
    }
    // A·B = (Bᵀ·Aᵀ)ᵀ, B left unpacked.
    const [aT, bT] = [swapLastTwo(k, a0), swapLastTwo(k, b0)];
    try {
      const product = k.run(stock, { a: bT, b: aT }, attrs);
      try {
        return swapLastTwo(k, product);
      } finally {
        k.free(product);
      }
    } finally {
      k.free(aT, bT);
    }
  }
  if (swapAllowed && !transposeA && transposeB && swapIsCheaper(a0, b0)) {
    // A·Bᵀ = (B·Aᵀ)ᵀ: B (e.g. a weight matrix [out, in]) is used as stored, as the left operand.
    const aT = swapLastTwo(k, a0);
    try {
      const product = k.run(stock, { a: b0, b: aT }, { ...attrs, transposeA: false, transposeB: false });
      try {
        return swapLastTwo(k, product);
      } finally {
        k.free(product);
      }
    } finally {
      k.free(aT);
    }
  }
  const a = transposeA ? swapLastTwo(k, a0) : a0;
  const b = transposeB ? swapLastTwo(k, b0) : b0;
  try {
    const inputs: NamedTensorInfoMap = { ...args.inputs, a, b };
    return k.run(stock, inputs, { ...attrs, transposeA: false, transposeB: false });
  } finally {
    if (transposeA) k.free(a);
    if (transposeB) k.free(b);
  }
}

const MATMUL_CASES: KernelCase[] = [
  { inputs: { a: [3, 130], b: [130, 128] }, attrs: { transposeA: false, transposeB: false } },
  { inputs: { a: [7, 5], b: [3, 5] }, attrs: { transposeA: false, transposeB: true } },
  { inputs: { a: [2, 6], b: [9, 6] }, attrs: { transposeA: false, transposeB: true } },
  { inputs: { a: [5, 7], b: [5, 3] }, attrs: { transposeA: true, transposeB: false } },
  { inputs: { a: [2, 5, 7], b: [2, 3, 5] }, attrs: { transposeA: true, transposeB: true } },
];

export const transposedMatMul = fastPathOrStock({
  id: 'BatchMatMul(transposed->XNNPACK)',
  kernelName: 'BatchMatMul',
  selfTestCases: MATMUL_CASES,
  fastPath: (args, k, stock) => untransposed(args, k, stock, true),
});

/** (No operand swap here: the fused bias and activation apply to the product as computed.) */
export const transposedFusedMatMul = fastPathOrStock({
  id: '_FusedMatMul(transposed->XNNPACK)',
  kernelName: '_FusedMatMul',
  selfTestCases: [
    { inputs: { a: [1, 7, 5], b: [1, 3, 5], bias: [3] }, attrs: { transposeA: false, transposeB: true, activation: 'relu' } },
    { inputs: { a: [1, 5, 7], b: [1, 5, 3] }, attrs: { transposeA: true, transposeB: false, activation: 'linear' } },
  ],
  fastPath: (args, k, stock) => untransposed(args, k, stock, false),
});
