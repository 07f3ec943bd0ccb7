/**
 * BatchMatMul's small-left-operand path (transposed-matmul.ts): A·B with few rows and a right
 * operand XNNPACK has not packed is computed as (Bᵀ·Aᵀ)ᵀ; the bits must be the stock kernel's,
 * and a right operand already packed goes to the stock kernel.
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../src/backend/pick.js';
import { installCustomKernels, uninstallCustomKernel } from '../../src/backend/kernels/install.js';
import { transposedMatMul } from '../../src/backend/kernels/transposed-matmul.js';
import { Rng } from '../../src/random.js';

beforeAll(async () => {
  expect((await initBackend('wasm')).name).toBe('wasm');
});

const SHAPES: ReadonlyArray<readonly [number, number, number]> = [
  [50, 1320, 256],
  [1, 130, 128],
  [64, 256, 257],
  [3, 200, 100],
  [65, 300, 300],
];

/** Each product twice (fresh right operand, then the same one again), as float32 arrays. */
function products(): Float32Array[] {
  return SHAPES.flatMap(([m, k, n], i) => {
    const rng = new Rng(40 + i);
    const a = tf.tensor2d(Float32Array.from({ length: m * k }, () => rng.normal()), [m, k]);
    const b = tf.tensor2d(Float32Array.from({ length: k * n }, () => rng.normal()), [k, n]);
    const out = [tf.matMul(a, b), tf.matMul(a, b)].map((t) => Float32Array.from(t.dataSync()));
    tf.dispose([a, b]);
    return out;
  });
}

describe('BatchMatMul with a small left operand', () => {
  it('gives the bits of the stock kernel', () => {
    const ours = products();
    uninstallCustomKernel(transposedMatMul, 'wasm');
    let stock: Float32Array[];
    try {
      stock = products();
    } finally {
      installCustomKernels('wasm', [transposedMatMul]);
    }
    const differing = ours.map((o, i) => o.reduce((n, v, j) => n + (Object.is(v, stock[i]![j]) ? 0 : 1), 0));
    expect(differing).toEqual(ours.map(() => 0));
  });
});
