/**
 * `Transpose` that swaps the first and last axes and keeps the middle ones in order
 * ([B, H, W, C] -> [C, H, W, B], and 2-D [1, 0]), on the WebAssembly backend, in 4x4 SIMD blocks.
 *
 * Why: tfjs-wasm 4.22's Transpose moves one element at a time along the strided output; the
 * image step runs these inside `Conv2DBackpropFilter` (x -> [ci, H, W, B]: 1.9 ms for
 * 128x14x14x32 on the loaded machine) and the transposed products (the discriminator's features
 * [128, 3136]: 1.0 ms). Here each 4x4 block of floats is four loads, eight shuffles and four
 * stores (wasm-simd.ts). Values are moved, never computed, so the bits are the stock kernel's.
 * A last axis of 1 is the 2-D case ([B, H, W, 1] -> [1, H, W, B]: the one-channel layer's weight
 * gradient). Other permutations, sizes not a multiple of 4, other dtypes than
 * float32 and int32, and other backends stay stock.
 */
import type { TensorInfo } from '@tensorflow/tfjs';
import type { KernelCase } from './custom-kernel.js';
import { fastPathOrStock } from './define-kernel.js';
import { simdLoopsFor } from './wasm-simd.js';

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
  { inputs: { x: [6, 5, 4] }, attrs: { perm: [2, 1, 0] } }, // 6: stock
];

export const blockTranspose = fastPathOrStock({
  id: 'Transpose(ends, SIMD 4x4)',
  kernelName: 'Transpose',
  selfTestCases: CASES,
  fastPath: (args, k) => {
    const x = args.inputs['x'] as TensorInfo;
    const perm = args.attrs?.['perm'] as number[] | undefined;
    if ((x.dtype !== 'float32' && x.dtype !== 'int32') || perm === undefined || !swapsEnds(perm)) return undefined;
    const shape = x.shape;
    let [outer, last] = [shape[0]!, shape[shape.length - 1]!];
    let middle = shape.slice(1, -1).reduce((a, b) => a * b, 1);
    // A last axis of 1 (a one-channel image, [B, H, W, 1] -> [1, H, W, B]) is the 2-D [B, H·W] transposed.
    if (last === 1) [last, middle] = [middle, 1];
    if (outer % 4 !== 0 || last % 4 !== 0 || middle === 0) return undefined;
    const loops = simdLoopsFor(k.backend);
    if (!loops) return undefined;
    const out = k.alloc([shape[shape.length - 1]!, ...shape.slice(1, -1), outer], x.dtype);
    const [src, dst] = [k.view(x).byteOffset, k.view(out).byteOffset];
    // out[c][m][a] = x[a][m][c]: for each middle index m and four rows a..a+3, their `last`
    // floats become four floats of `last` output rows (rows of out are middle·outer floats apart).
    const srcStride = middle * last * 4;
    const dstStride = middle * outer * 4;
    // One call per middle index, its outer / 4 groups of four rows inside the loop.
    for (let m = 0; m < middle; m++) loops.transpose4(src + m * last * 4, dst + m * outer * 4, last, srcStride, dstStride, outer / 4, 4 * srcStride, 16);
    return out;
  },
});
