/**
 * The SIMD `Transpose` (src/backend/kernels/transpose.ts) gives the stock wasm kernel's bits on
 * every shape it takes (first and last axes swapped: 4D images, 2-D matrices, one channel, sizes
 * not a multiple of 4; the first axis moved before the last) and hands the others to it.
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../src/backend/pick.js';
import { installCustomKernels, installedKernelConfig, uninstallCustomKernel } from '../../src/backend/kernels/install.js';
import { blockTranspose } from '../../src/backend/kernels/transpose.js';
import { Rng } from '../../src/random.js';

beforeAll(async () => {
  expect((await initBackend('wasm')).name).toBe('wasm');
});

const CASES: Array<{ shape: number[]; perm: number[] }> = [
  { shape: [128, 14, 14, 32], perm: [3, 1, 2, 0] },
  { shape: [64, 7, 7, 64], perm: [3, 1, 2, 0] },
  { shape: [128, 28, 28, 1], perm: [3, 1, 2, 0] },
  { shape: [128, 3136], perm: [1, 0] },
  { shape: [4, 4], perm: [1, 0] },
  { shape: [8, 3, 12], perm: [2, 1, 0] },
  { shape: [4, 2, 3, 5, 8], perm: [4, 1, 2, 3, 0] },
  { shape: [110, 3136], perm: [1, 0] }, // edge rows element by element
  { shape: [8, 3, 3, 6], perm: [3, 1, 2, 0] }, // edge columns
  { shape: [7, 2, 9], perm: [2, 1, 0] }, // both
  { shape: [8, 3, 3, 1], perm: [3, 1, 2, 0] }, // 9 = 3·3
  { shape: [128, 14, 14, 32], perm: [1, 2, 0, 3] }, // first axis before the last
  { shape: [5, 3, 2, 8], perm: [1, 2, 0, 3] },
  { shape: [3, 7, 4], perm: [1, 0, 2] },
  { shape: [3, 3, 3, 6], perm: [1, 2, 0, 3] }, // rows of 6: stock
  { shape: [3, 8, 3, 4], perm: [0, 2, 1, 3] }, // other permutation: stock
  { shape: [2, 9], perm: [1, 0] }, // two rows: stock
];

function values(shape: number[], rng: Rng, dtype: 'float32' | 'int32'): tf.Tensor {
  const n = shape.reduce((a, b) => a * b, 1);
  // Distinct values (and a NaN and −0) so a misplaced element shows.
  const v = dtype === 'int32' ? Int32Array.from({ length: n }, (_, i) => i * 7 - 3) : Float32Array.from({ length: n }, (_, i) => (i === 1 ? NaN : i === 2 ? -0 : rng.normal()));
  return tf.tensor(v, shape, dtype);
}

describe('Transpose(SIMD blocks) on wasm', () => {
  it('gives the stock kernel\'s bits', () => {
    expect(installedKernelConfig(blockTranspose, 'wasm')).toBeDefined();
    const rng = new Rng(8);
    const inputs = CASES.flatMap(({ shape, perm }) => (['float32', 'int32'] as const).map((dtype) => ({ x: values(shape, rng, dtype), perm })));
    const ours = inputs.map(({ x, perm }) => tf.transpose(x, perm));
    uninstallCustomKernel(blockTranspose, 'wasm');
    try {
      const stock = inputs.map(({ x, perm }) => tf.transpose(x, perm));
      ours.forEach((o, i) => {
        expect(o.shape, JSON.stringify(CASES[i >> 1])).toEqual(stock[i]!.shape);
        const a = Buffer.from(new Uint8Array(o.dataSync().buffer.slice(0)));
        const b = Buffer.from(new Uint8Array(stock[i]!.dataSync().buffer.slice(0)));
        expect(a.equals(b), `${JSON.stringify(CASES[i >> 1])} ${o.dtype}`).toBe(true);
      });
      tf.dispose(stock);
    } finally {
      installCustomKernels('wasm', [blockTranspose]);
      tf.dispose(ours);
      tf.dispose(inputs.map((i) => i.x));
    }
    expect(tf.transpose(tf.tensor2d([[true, false, true, false]], [1, 4], 'bool'), [1, 0]).dataSync()).toEqual(new Uint8Array([1, 0, 1, 0]));
  });
});
