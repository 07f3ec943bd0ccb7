/**
 * `Sum` and `Mean` over the leading axes (e.g. [0, 1, 2] of an NHWC activation) on the
 * WebAssembly backend as one matrix product with a constant row: ones[1, N] · X[N, C].
 *
 * Why: tfjs-wasm 4.22 reduces only innermost axes, so it first transposes the tensor to put the
 * reduced axes last, then sums with a scalar loop (~4-6 ms for 128x14x14x32 here). BatchNorm
 * statistics (`tf.moments` over [0, 1, 2]) and every conv/dense bias gradient reduce over the
 * leading axes; the XNNPACK product takes ~0.5 ms. Other axis sets stay with the stock kernel.
 */
import * as tf from '@tensorflow/tfjs';
import type { KernelConfig, TensorInfo } from '@tensorflow/tfjs';
import type { CustomKernel, KernelCase } from './custom-kernel.js';
import { callerFor } from './kernel-call.js';

function makeLeadingReduce(kernelName: 'Sum' | 'Mean', backendName: string, stock: KernelConfig | undefined): KernelConfig {
  if (stock === undefined) throw new Error(`${kernelName} has no stock kernel on ${backendName}`);
  return {
    kernelName,
    backendName,
    setupFunc: stock.setupFunc,
    disposeFunc: stock.disposeFunc,
    kernelFunc: (args) => {
      const x = args.inputs['x'] as TensorInfo;
      const rank = x.shape.length;
      if (x.dtype !== 'float32' || rank < 2) return stock.kernelFunc(args);
      const axes = [...new Set(tf.util.parseAxisParam(args.attrs?.['axis'] as number | number[], x.shape))].sort((a, b) => a - b);
      const leading = axes.length > 0 && axes.length < rank && axes.every((a, i) => a === i);
      if (!leading) return stock.kernelFunc(args);
      const rows = x.shape.slice(0, axes.length).reduce((a, b) => a * b, 1);
      const inner = x.shape.slice(axes.length);
      const cols = inner.reduce((a, b) => a * b, 1);
      if (rows === 0 || cols === 0) return stock.kernelFunc(args);
      const k = callerFor(backendName, args.backend);
      const owned: TensorInfo[] = [];
      try {
        const weight = kernelName === 'Mean' ? 1 / rows : 1;
        const row = k.run('Fill', {}, { shape: [1, 1, rows], value: weight, dtype: 'float32' });
        owned.push(row);
        const x3 = k.reshape(x, [1, rows, cols]);
        owned.push(x3);
        const product = k.run('BatchMatMul', { a: row, b: x3 }, { transposeA: false, transposeB: false });
        owned.push(product);
        const keepDims = args.attrs?.['keepDims'] === true;
        return k.reshape(product, keepDims ? [...axes.map(() => 1), ...inner] : inner);
      } finally {
        k.free(...owned);
      }
    },
  };
}

const CASES: KernelCase[] = [
  { inputs: { x: [4, 3, 3, 5] }, attrs: { axis: [0, 1, 2], keepDims: false } },
  { inputs: { x: [7, 6] }, attrs: { axis: 0, keepDims: true } },
  { inputs: { x: [3, 4, 5] }, attrs: { axis: [1, 0], keepDims: false } },
];

export const leadingAxesSum: CustomKernel = {
  id: 'Sum(leading-axes->XNNPACK)',
  kernelName: 'Sum',
  backends: ['wasm'],
  make: (backendName, stock) => makeLeadingReduce('Sum', backendName, stock),
  selfTestCases: CASES,
};

export const leadingAxesMean: CustomKernel = {
  id: 'Mean(leading-axes->XNNPACK)',
  kernelName: 'Mean',
  backends: ['wasm'],
  make: (backendName, stock) => makeLeadingReduce('Mean', backendName, stock),
  selfTestCases: CASES,
};
