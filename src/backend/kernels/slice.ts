/**
 * `Slice` on the WebAssembly backend for narrow, strided slices.
 *
 * Why: tfjs-wasm 4.22 copies a strided slice one innermost row at a time with
 * `subarray(...).set(...)`, which for narrow rows (CTGAN slices its 500-row output into ~27 spans
 * of width 1-10 on every forward pass, and SplitV does the same in every backward pass) costs far
 * more than the copying. On wasm equally spaced rows are one call of a WebAssembly `memory.copy`
 * loop (wasm-simd.ts), elsewhere narrow rows are copied element by element; contiguous slices stay
 * with the stock kernel (one block copy already).
 */
import * as tf from '@tensorflow/tfjs';
import type { TensorInfo } from '@tensorflow/tfjs';
import type { KernelCase } from './custom-kernel.js';
import { wholeBuffer } from './concat.js';
import { fastPathOrStock } from './define-kernel.js';
import type { Numeric } from './kernel-call.js';
import { simdLoopsFor, type SimdLoops } from './wasm-simd.js';

/**
 * Copy the box `begin`/`size` of `x` (shape `shape`, row-major) into `out`. With `rows` (wasm), a
 * box of equally spaced runs (one outer axis) is one call of a WebAssembly `memory.copy` loop.
 */
export function sliceValues(x: Numeric, shape: readonly number[], begin: readonly number[], size: readonly number[], out: Numeric, rows: SimdLoops | null = null): void {
  const rank = shape.length;
  const total = size.reduce((a, b) => a * b, 1);
  if (total === 0) return;
  const strides = new Array<number>(rank).fill(1);
  for (let i = rank - 2; i >= 0; i--) strides[i] = strides[i + 1]! * shape[i + 1]!;
  // Trailing axes taken whole merge into the contiguous run of the last partial axis.
  let axis = rank - 1;
  while (axis > 0 && begin[axis] === 0 && size[axis] === shape[axis]) axis--;
  const run = size[axis]! * strides[axis]!;
  const idx = new Array<number>(axis).fill(0);
  const runs = total / run;
  const base = begin[axis]! * strides[axis]!;
  if (rows && axis === 1 && x.buffer === out.buffer) {
    const bytes = x.BYTES_PER_ELEMENT;
    rows.copyRows(x.byteOffset + (base + begin[0]! * strides[0]!) * bytes, out.byteOffset, runs, run * bytes, strides[0]! * bytes, run * bytes);
    return;
  }
  // Wide rows within one (wasm) heap: move them in place, without a typed-array view per row.
  const heap = run >= 64 && x.buffer === out.buffer ? wholeBuffer(out) : undefined;
  const xBase = x.byteOffset / x.BYTES_PER_ELEMENT;
  const outBase = out.byteOffset / out.BYTES_PER_ELEMENT;
  for (let r = 0, dst = 0; r < runs; r++, dst += run) {
    let src = base;
    for (let i = 0; i < axis; i++) src += (begin[i]! + idx[i]!) * strides[i]!;
    if (heap) heap.copyWithin(outBase + dst, xBase + src, xBase + src + run);
    else if (run >= 64) out.set(x.subarray(src, src + run), dst);
    else for (let j = 0; j < run; j++) out[dst + j] = x[src + j]!;
    for (let i = axis - 1; i >= 0; i--) {
      if (++idx[i]! < size[i]!) break;
      idx[i] = 0;
    }
  }
}

const CASES: KernelCase[] = [
  { inputs: { x: [7, 9] }, attrs: { begin: [1, 2], size: [5, 3] } },
  { inputs: { x: [2, 5, 4, 3] }, attrs: { begin: [0, 1, 1, 0], size: [2, 3, 2, 3] } },
  { inputs: { x: [3, 4, 80] }, attrs: { begin: [1, 0, 5], size: [2, 4, 70] } },
];

export const fastSlice = fastPathOrStock({
  id: 'Slice(narrow-rows)',
  kernelName: 'Slice',
  selfTestCases: CASES,
  fastPath: (args, k) => {
    const x = args.inputs['x'] as TensorInfo;
    const [begin, size] = tf.slice_util.parseSliceParams(x, args.attrs?.['begin'] as number[], args.attrs?.['size'] as number[]);
    if (x.dtype === 'string' || x.dtype === 'complex64' || tf.slice_util.isSliceContinous(x.shape, begin, size)) return undefined;
    const out = k.alloc(size, x.dtype);
    sliceValues(k.view(x), x.shape, begin, size, k.view(out), simdLoopsFor(k.backend));
    return out;
  },
});
