/**
 * `Sum` over the rows of a float32 matrix on the WebAssembly backend, as one SIMD pass.
 *
 * Why: tfjs-wasm 4.22 reduces over axis 0 by transposing the whole input first (slow for rows of
 * 256 floats: the transposed writes land 1 KB apart) and then summing each column in a scalar
 * loop. Every Dense bias gradient is such a sum (dy [500, 256] summed over the batch). The loop of
 * wasm-simd.ts adds the rows into the output four columns at a time, each column in row order in
 * float32: the stock kernel's order and rounding, so the same bits. Other reductions (other axes,
 * channels not a multiple of 4, int32, the cpu backend) stay stock.
 */
import * as tf from '@tensorflow/tfjs';
import type { TensorInfo } from '@tensorflow/tfjs';
import type { KernelCase } from './custom-kernel.js';
import { fastPathOrStock } from './define-kernel.js';
import { simdLoopsFor } from './wasm-simd.js';

const CASES: KernelCase[] = [
  { inputs: { x: [7, 8] }, attrs: { axis: [0], keepDims: false } },
  { inputs: { x: [3, 12] }, attrs: { axis: 0, keepDims: true } },
  { inputs: { x: [1, 4] }, attrs: { axis: [-2], keepDims: false } },
];

export const columnSum = fastPathOrStock({
  id: 'Sum(rows, SIMD)',
  kernelName: 'Sum',
  selfTestCases: CASES,
  fastPath: (args, k) => {
    const x = args.inputs['x'] as TensorInfo;
    if (x.dtype !== 'float32' || x.shape.length !== 2) return undefined;
    const [rows, cols] = [x.shape[0]!, x.shape[1]!];
    const axes = tf.util.parseAxisParam(args.attrs?.['axis'] as number | number[], x.shape);
    if (axes.length !== 1 || axes[0] !== 0 || rows === 0 || cols % 4 !== 0) return undefined;
    const loops = simdLoopsFor(k.backend);
    if (!loops) return undefined;
    const out = k.alloc(args.attrs?.['keepDims'] === true ? [1, cols] : [cols]);
    const sums = k.view(out);
    sums.fill(0);
    loops.matrix('column_sums', [k.view(x).byteOffset, sums.byteOffset], rows * cols, cols);
    return out;
  },
});
