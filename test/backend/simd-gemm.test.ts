/**
 * The SIMD GEMM loop (src/backend/kernels/simd-gemm.ts) gives the bits of XNNPACK's product
 * (the stock kernel, reached untransposed) on the tabular step's shapes and odd edge sizes, with
 * and without a bias and with A transposed; and both equal the float32 sums written out in
 * JavaScript from the bias (or +0) over k in order. The odd sizes take every loop variant and
 * tail: K mod 4 (the k loop's unrolling) 0 to 3, also in the last of several K chunks, and, with
 * A transposed, M mod 4 (the last rows go to the one-pointer-per-row loop); that loop, for A in
 * any layout, is also called directly on a strided A.
 */
import * as tf from '@tensorflow/tfjs';
import type { TensorInfo } from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../src/backend/pick.js';
import { callerFor } from '../../src/backend/kernels/kernel-call.js';
import { simdGemm } from '../../src/backend/kernels/simd-gemm.js';
import { gemmCalls, simdLoopsFor } from '../../src/backend/kernels/wasm-simd.js';
import { Rng } from '../../src/random.js';

beforeAll(async () => {
  expect((await initBackend('wasm')).name).toBe('wasm');
});

/** [M, K, N, bias?, transposeA?] */
const CASES: ReadonlyArray<readonly [number, number, number, boolean, boolean]> = [
  [500, 184, 256, true, false],
  [500, 440, 256, true, false],
  [500, 696, 76, true, false],
  [100, 1320, 256, false, false],
  [50, 256, 256, false, false],
  [50, 1320, 256, false, false],
  [1320, 150, 256, false, true],
  [256, 150, 256, false, true],
  [696, 500, 76, false, true],
  [1, 1, 4, false, false],
  [3, 5, 12, true, false],
  [7, 9, 20, false, true],
  [6, 33, 8, true, true],
  [5, 2, 36, false, false],
  [4, 3, 4, false, true],
  [8, 6, 16, true, true],
  [9, 7, 12, false, true],
  [10, 4, 28, true, true],
  [5, 517, 8, true, false],
  [6, 518, 12, false, false],
  [12, 514, 24, false, true],
  [13, 519, 20, true, true],
];

function tensorInfo(t: tf.Tensor): TensorInfo {
  return { dataId: t.dataId, shape: t.shape, dtype: t.dtype };
}

describe('simdGemm on wasm', () => {
  it('gives the bits of the stock XNNPACK product and of the sums in order', () => {
    const k = callerFor('wasm', tf.backend());
    const f = Math.fround;
    CASES.forEach(([m, kk, n, withBias, transposeA], index) => {
      const rng = new Rng(70 + index);
      const a = tf.tensor2d(Float32Array.from({ length: m * kk }, () => rng.normal()), transposeA ? [kk, m] : [m, kk]);
      const b = tf.tensor2d(Float32Array.from({ length: kk * n }, () => rng.normal()), [kk, n]);
      const bias = withBias ? tf.tensor1d(Float32Array.from({ length: n }, () => rng.normal())) : undefined;
      const info = simdGemm(k, tensorInfo(a), tensorInfo(b), transposeA, false, bias && tensorInfo(bias));
      expect(info, `case ${index}`).toBeDefined();
      const ours = tf.engine().makeTensorFromTensorInfo(info!);
      // The stock product: XNNPACK on an untransposed left operand, with the bias fused.
      const aPlain = transposeA ? tf.transpose(a) : a;
      const stock = tf.fused.matMul({ a: aPlain.reshape([1, m, kk]), b: b.reshape([1, kk, n]), bias }).reshape([m, n]);
      const [o, s, av, bv] = [ours.dataSync(), stock.dataSync(), aPlain.dataSync(), b.dataSync()];
      const bb = bias?.dataSync();
      let differing = 0;
      let byHand = 0;
      for (let i = 0; i < m; i++) {
        for (let j = 0; j < n; j++) {
          if (!Object.is(o[i * n + j], s[i * n + j])) differing++;
          if (i % 37 !== 0 && i !== m - 1) continue;
          let acc = bb ? bb[j]! : 0;
          for (let q = 0; q < kk; q++) acc = f(acc + f(av[i * kk + q]! * bv[q * n + j]!));
          if (!Object.is(acc, o[i * n + j])) byHand++;
        }
      }
      expect([index, differing, byHand]).toEqual([index, 0, 0]);
      tf.dispose([a, b, ours, stock, aPlain, ...(bias ? [bias] : [])]);
    });
  });

  it('gives the float32 sums in order for an A in any layout (every other column of a wider matrix)', () => {
    const k = callerFor('wasm', tf.backend());
    const loops = simdLoopsFor(k.backend)!;
    const f = Math.fround;
    ([[7, 9, 8, 1], [5, 6, 4, 0], [4, 1, 8, 1]] as const).forEach(([m, kk, n, start], index) => {
      const rng = new Rng(90 + index);
      const [aw, bw, biasW] = [Float32Array.from({ length: m * 2 * kk }, () => rng.normal()), Float32Array.from({ length: kk * n }, () => rng.normal()), Float32Array.from({ length: n }, () => rng.normal())];
      const [a, b, bias, c] = [tf.tensor1d(aw), tf.tensor1d(bw), tf.tensor1d(biasW), tf.zeros([m * n])];
      const at = (t: tf.Tensor): number => k.view(tensorInfo(t)).byteOffset;
      const common = { a: at(a), m, k: kk, aRow: 2 * kk * 4, aK: 8, bRow: n * 4, cRow: n * 4, start: start as 0 | 1 };
      const wide = n - (n % 8);
      if (wide > 0) loops.gemmRun(gemmCalls(true, { ...common, b: at(b), c: at(c), bias: at(bias), bytes: wide * 4 }));
      if (wide < n) loops.gemmRun(gemmCalls(false, { ...common, b: at(b) + wide * 4, c: at(c) + wide * 4, bias: at(bias) + wide * 4, bytes: 16 }));
      const out = c.dataSync();
      let byHand = 0;
      for (let i = 0; i < m; i++) {
        for (let j = 0; j < n; j++) {
          let acc = start === 1 ? biasW[j]! : 0;
          for (let q = 0; q < kk; q++) acc = f(acc + f(aw[i * 2 * kk + 2 * q]! * bw[q * n + j]!));
          if (!Object.is(acc, out[i * n + j])) byHand++;
        }
      }
      expect([index, byHand]).toEqual([index, 0]);
      tf.dispose([a, b, bias, c]);
    });
  });

  it('leaves columns not a multiple of 4 and batches to the stock kernels', () => {
    const k = callerFor('wasm', tf.backend());
    const [a, b, a3, b3] = [tf.zeros([3, 4]), tf.zeros([4, 6]), tf.zeros([2, 3, 4]), tf.zeros([2, 4, 4])];
    expect(simdGemm(k, tensorInfo(a), tensorInfo(b), false, false)).toBeUndefined();
    expect(simdGemm(k, tensorInfo(a3), tensorInfo(b3), false, false)).toBeUndefined();
    tf.dispose([a, b, a3, b3]);
  });
});
