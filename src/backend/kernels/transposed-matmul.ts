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
import type { CustomKernel, KernelCase } from './custom-kernel.js';
import { callerFor, type KernelCaller } from './kernel-call.js';

/** Swap the last two axes (the matrix axes) of a rank >= 2 tensor. */
function swapLastTwo(k: KernelCaller, x: TensorInfo): TensorInfo {
  const rank = x.shape.length;
  const perm = [...Array(rank).keys()];
  perm[rank - 2] = rank - 1;
  perm[rank - 1] = rank - 2;
  return k.transpose(x, perm);
}

function makeUntransposing(kernelName: string, backendName: string, stock: KernelConfig | undefined): KernelConfig {
  if (stock === undefined) throw new Error(`${kernelName} has no stock kernel on ${backendName} to delegate to`);
  return {
    kernelName,
    backendName,
    setupFunc: stock.setupFunc,
    disposeFunc: stock.disposeFunc,
    kernelFunc: (args) => {
      const attrs = args.attrs ?? {};
      const transposeA = attrs['transposeA'] === true;
      const transposeB = attrs['transposeB'] === true;
      if (!transposeA && !transposeB) return stock.kernelFunc(args);
      const k = callerFor(backendName, args.backend);
      const a0 = args.inputs['a'] as TensorInfo;
      const b0 = args.inputs['b'] as TensorInfo;
      const a = transposeA ? swapLastTwo(k, a0) : a0;
      const b = transposeB ? swapLastTwo(k, b0) : b0;
      try {
        const inputs: NamedTensorInfoMap = { ...args.inputs, a, b };
        return k.run(stock, inputs, { ...attrs, transposeA: false, transposeB: false });
      } finally {
        if (transposeA) k.free(a);
        if (transposeB) k.free(b);
      }
    },
  };
}

const MATMUL_CASES: KernelCase[] = [
  { inputs: { a: [7, 5], b: [3, 5] }, attrs: { transposeA: false, transposeB: true } },
  { inputs: { a: [5, 7], b: [5, 3] }, attrs: { transposeA: true, transposeB: false } },
  { inputs: { a: [2, 5, 7], b: [2, 3, 5] }, attrs: { transposeA: true, transposeB: true } },
];

export const transposedMatMul: CustomKernel = {
  id: 'BatchMatMul(transposed->XNNPACK)',
  kernelName: 'BatchMatMul',
  backends: ['wasm'],
  make: (backendName, stock) => makeUntransposing('BatchMatMul', backendName, stock),
  selfTestCases: MATMUL_CASES,
};

export const transposedFusedMatMul: CustomKernel = {
  id: '_FusedMatMul(transposed->XNNPACK)',
  kernelName: '_FusedMatMul',
  backends: ['wasm'],
  make: (backendName, stock) => makeUntransposing('_FusedMatMul', backendName, stock),
  selfTestCases: [
    { inputs: { a: [1, 7, 5], b: [1, 3, 5], bias: [3] }, attrs: { transposeA: false, transposeB: true, activation: 'relu' } },
    { inputs: { a: [1, 5, 7], b: [1, 5, 3] }, attrs: { transposeA: true, transposeB: false, activation: 'linear' } },
  ],
};
