/**
 * `SplitV` (the gradient of Concat, and `tf.split`) on the WebAssembly backend: the stock kernel is
 * one stock Slice per piece, slow for narrow pieces for the reason given in `slice.ts`.
 */
import * as tf from '@tensorflow/tfjs';
import type { TensorInfo } from '@tensorflow/tfjs';
import type { KernelCase } from './custom-kernel.js';
import { fastPathOrStock } from './define-kernel.js';
import { sliceValues } from './slice.js';
import { simdLoopsFor } from './wasm-simd.js';

const CASES: KernelCase[] = [
  { inputs: { x: [5, 9] }, attrs: { numOrSizeSplits: [1, 2, 6], axis: 1 } },
  { inputs: { x: [4, 6, 2] }, attrs: { numOrSizeSplits: 3, axis: 1 } },
  { inputs: { x: [6, 3] }, attrs: { numOrSizeSplits: [2, 4], axis: 0 } },
];

export const fastSplitV = fastPathOrStock({
  id: 'SplitV(narrow-rows)',
  kernelName: 'SplitV',
  selfTestCases: CASES,
  fastPath: (args, k) => {
    const x = args.inputs['x'] as TensorInfo;
    if (x.dtype === 'string' || x.dtype === 'complex64') return undefined;
    const axis = tf.util.parseAxisParam(args.attrs?.['axis'] as number, x.shape)[0]!;
    const sizes = tf.backend_util.prepareSplitSize(x as tf.Tensor, args.attrs?.['numOrSizeSplits'] as number[] | number, axis);
    const shapes = sizes.map((s) => x.shape.map((d, i) => (i === axis ? s : d)));
    // Allocate every piece before taking any view: an allocation can grow (and detach) the heap.
    const outs = shapes.map((shape) => k.alloc(shape, x.dtype));
    const values = k.view(x);
    const rows = simdLoopsFor(k.backend);
    const begin = new Array<number>(x.shape.length).fill(0);
    outs.forEach((out, i) => {
      sliceValues(values, x.shape, begin, shapes[i]!, k.view(out), rows);
      begin[axis]! += sizes[i]!;
    });
    return outs;
  },
});
