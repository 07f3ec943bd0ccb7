/**
 * `Transpose` on the WebAssembly backend for the two permutations the image step runs: the first
 * and last axes swapped, the middle ones in order ([B, H, W, C] -> [C, H, W, B], and 2-D [1, 0]),
 * in 4x4 SIMD blocks (the edges of sizes not a multiple of 4 element by element); and the first
 * axis moved before the last ([B, H, W, C] -> [H, W, B, C]: `Conv2DBackpropFilter`'s dy) as one
 * SIMD copy loop of whole rows of C values.
 *
 * Why: tfjs-wasm 4.22's Transpose moves one element at a time along the strided output; the
 * image step runs these inside `Conv2DBackpropFilter` (x -> [ci, H, W, B]: 1.9 ms for
 * 128x14x14x32 on the loaded machine) and the transposed products (the discriminator's features
 * [128, 3136]: 1.0 ms). Here each 4x4 block of floats is four loads, eight shuffles and four
 * stores (wasm-simd.ts). Values are moved, never computed, so the bits are the stock kernel's.
 * A last axis of 1 is the 2-D case ([B, H, W, 1] -> [1, H, W, B]: the one-channel layer's weight
 * gradient). Other permutations, swaps with fewer than 4 rows or columns, moves whose rows are not
 * a multiple of 4 values, other dtypes than float32 and int32, and other backends stay stock.
 */
import type { TensorInfo } from '@tensorflow/tfjs';
import type { KernelCase } from './custom-kernel.js';
import { fastPathOrStock } from './define-kernel.js';
import type { KernelCaller } from './kernel-call.js';
import { simdLoopsFor, type SimdLoops } from './wasm-simd.js';

/** Whether `perm` is [r − 1, 1, 2, ..., r − 2, 0]. */
function swapsEnds(perm: readonly number[]): boolean {
  const r = perm.length;
  if (r < 2 || perm[0] !== r - 1 || perm[r - 1] !== 0) return false;
  for (let i = 1; i < r - 1; i++) if (perm[i] !== i) return false;
  return true;
}

const CASES: KernelCase[] = [
  { inputs: { x: [8, 3, 2, 12] }, attrs: { perm: [3, 1, 2, 0] } },
  { inputs: { x: [4, 20] }, attrs: { perm: [1, 0] } },
  { inputs: { x: [12, 5, 4] }, attrs: { perm: [2, 1, 0] } },
  { inputs: { x: [8, 3, 4, 1] }, attrs: { perm: [3, 1, 2, 0] } },
  { inputs: { x: [6, 5, 7] }, attrs: { perm: [2, 1, 0] } }, // edges element by element
  { inputs: { x: [3, 5, 2, 8] }, attrs: { perm: [1, 2, 0, 3] } },
];

/** Whether `perm` is [1, 2, ..., r − 2, 0, r − 1] (the first axis moved next to the last). */
function firstBeforeLast(perm: readonly number[]): boolean {
  const r = perm.length;
  if (r < 3 || perm[r - 2] !== 0 || perm[r - 1] !== r - 1) return false;
  for (let i = 0; i < r - 2; i++) if (perm[i] !== i + 1) return false;
  return true;
}

/** out[c][m][a] = x[a][m][c] for x viewed as [outer, middle, last]: 4x4 SIMD blocks, the edges element by element. */
function swapEnds(k: KernelCaller, loops: SimdLoops, x: TensorInfo, out: TensorInfo, outer: number, middle: number, last: number): void {
  const [xv, ov] = [k.view(x), k.view(out)];
  const [src, dst] = [xv.byteOffset, ov.byteOffset];
  const [outer4, last4] = [outer - (outer % 4), last - (last % 4)];
  // For each middle index m and four rows a..a+3, their floats become four floats of output rows
  // c (which are middle·outer floats apart); one call per m, its outer / 4 groups inside the loop.
  const srcStride = middle * last * 4;
  const dstStride = middle * outer * 4;
  for (let m = 0; m < middle; m++) loops.transpose4(src + m * last * 4, dst + m * outer * 4, last4, srcStride, dstStride, outer4 / 4, 4 * srcStride, 16);
  const move = (a: number, m: number, c: number): void => {
    ov[(c * middle + m) * outer + a] = xv[(a * middle + m) * last + c]!;
  };
  for (let m = 0; m < middle; m++) {
    for (let a = 0; a < outer4; a++) for (let c = last4; c < last; c++) move(a, m, c);
    for (let a = outer4; a < outer; a++) for (let c = 0; c < last; c++) move(a, m, c);
  }
}

export const blockTranspose = fastPathOrStock({
  id: 'Transpose(SIMD blocks)',
  kernelName: 'Transpose',
  selfTestCases: CASES,
  fastPath: (args, k) => {
    const x = args.inputs['x'] as TensorInfo;
    const perm = args.attrs?.['perm'] as number[] | undefined;
    if ((x.dtype !== 'float32' && x.dtype !== 'int32') || perm === undefined) return undefined;
    const shape = x.shape;
    const [first, last] = [shape[0]!, shape[shape.length - 1]!];
    const middle = shape.slice(1, -1).reduce((a, b) => a * b, 1);
    if (middle === 0 || first === 0 || last === 0) return undefined;
    if (swapsEnds(perm)) {
      // A last axis of 1 (a one-channel image, [B, H, W, 1] -> [1, H, W, B]) is the 2-D [B, H·W] transposed.
      const [m, l] = last === 1 ? [1, middle] : [middle, last];
      if (first < 4 || l < 4) return undefined;
      const loops = simdLoopsFor(k.backend);
      if (!loops) return undefined;
      const out = k.alloc(perm.map((i) => shape[i]!), x.dtype);
      swapEnds(k, loops, x, out, first, m, l);
      return out;
    }
    if (firstBeforeLast(perm) && last % 4 === 0) {
      const loops = simdLoopsFor(k.backend);
      if (!loops) return undefined;
      const out = k.alloc(perm.map((i) => shape[i]!), x.dtype);
      // [B, M, C] -> [M, B, C]: image b's M rows of C values, each to row (m, b).
      const row = last * 4;
      loops.copyRuns(k.view(x).byteOffset, k.view(out).byteOffset, row, middle, first * row, first, row);
      return out;
    }
    return undefined;
  },
});
