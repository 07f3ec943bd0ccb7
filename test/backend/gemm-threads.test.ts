/**
 * The SIMD GEMM split over worker threads (src/backend/kernels/gemm-threads.ts, simd-gemm.ts) on
 * the threaded wasm build, with 2 real threads: the units cover C once each, in whole 4-row blocks
 * or 8-column panels; a split product gives exactly the bits of the same loop on one thread (the
 * pool stopped) on the tabular step's shapes and odd sizes (M not a multiple of 4, M under 4 per
 * thread, N = 4, A or B transposed, several K chunks, a bias); more units than one round holds run
 * in rounds; a unit that traps throws instead of hanging. That one-thread loop gives XNNPACK's
 * bits (simd-gemm.test.ts). Processes that start the workers exit by themselves: threads.test.ts's
 * child processes do.
 */
import * as tf from '@tensorflow/tfjs';
import type { TensorInfo } from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../src/backend/pick.js';
import { productThreads } from '../../src/backend/gemm-threads-start.js';
import { gemmThreadsFor, startGemmThreads, stopGemmThreads } from '../../src/backend/kernels/gemm-threads.js';
import { callerFor } from '../../src/backend/kernels/kernel-call.js';
import { simdGemm, splitProduct } from '../../src/backend/kernels/simd-gemm.js';
import { gemmCalls, simdLoopsFor, wasmMemoryOf, type WasmMemory } from '../../src/backend/kernels/wasm-simd.js';
import { Rng } from '../../src/random.js';

let memory: WasmMemory;

beforeAll(async () => {
  const info = await initBackend('wasm', { threads: 2 });
  expect([info.name, info.threads, productThreads()]).toEqual(['wasm', 2, 2]);
  memory = wasmMemoryOf(tf.backend())!;
});

const tensorInfo = (t: tf.Tensor): TensorInfo => ({ dataId: t.dataId, shape: t.shape, dtype: t.dtype });

describe('splitProduct', () => {
  it('covers C once in whole 4-row blocks or 8-column panels, by columns when rows are few', () => {
    for (const [m, n, units] of [[500, 256, 4], [50, 256, 4], [3, 100, 4], [1000, 4, 4], [13, 20, 8], [4, 8, 4], [9, 1320, 2]] as const) {
      const parts = splitProduct(m, n, units);
      expect(parts.length).toBeLessThanOrEqual(units);
      const owner = new Int32Array(m * n).fill(-1);
      parts.forEach((p, i) => {
        for (let r = p.r0; r < p.r1; r++) for (let c = p.j0; c < p.j1; c++) owner[r * n + c] = owner[r * n + c] === -1 ? i : -2;
        if (p.r1 < m) expect(p.r1 % 4, `${m}x${n}`).toBe(0);
        if (p.j1 < n) expect(p.j1 % 8, `${m}x${n}`).toBe(0);
      });
      expect(owner.every((o) => o >= 0), `${m}x${n}`).toBe(true);
    }
    expect(splitProduct(50, 256, 4).every((p) => p.r0 === 0 && p.r1 === 50)).toBe(true);
    expect(splitProduct(512, 256, 4).every((p) => p.j0 === 0 && p.j1 === 256)).toBe(true);
  });
});

/** [M, K, N, bias?, transposeA?, transposeB?], each at least the 2^18 multiply-adds that are split. */
const CASES: ReadonlyArray<readonly [number, number, number, boolean, boolean, boolean]> = [
  [500, 440, 256, true, false, false],
  [50, 1320, 256, false, false, false],
  [440, 500, 256, false, true, false],
  [50, 256, 1320, false, false, true],
  [7, 600, 76, true, false, false],
  [3, 1000, 100, false, false, false],
  [1000, 70, 4, true, false, false],
  [9, 700, 52, false, true, false],
  [13, 1100, 20, true, true, false],
  [30, 300, 36, false, false, true],
];

describe('a product split over 2 threads', () => {
  it('gives the bits of the same loop on one thread', async () => {
    const k = callerFor('wasm', tf.backend());
    const inputs = CASES.map(([m, kk, n, withBias, transposeA, transposeB], i) => {
      const rng = new Rng(400 + i);
      const random = (shape: number[]): tf.Tensor => tf.tensor(Float32Array.from({ length: shape.reduce((p, d) => p * d, 1) }, () => rng.normal()), shape);
      return { a: random(transposeA ? [kk, m] : [m, kk]), b: random(transposeB ? [n, kk] : [kk, n]), bias: withBias ? random([n]) : undefined, transposeA, transposeB };
    });
    const products = (): Float32Array[] =>
      inputs.map(({ a, b, bias, transposeA, transposeB }) => {
        const info = simdGemm(k, tensorInfo(a), tensorInfo(b), transposeA, transposeB, bias && tensorInfo(bias));
        expect(info).toBeDefined();
        const t = tf.engine().makeTensorFromTensorInfo(info!);
        const values = t.dataSync() as Float32Array;
        t.dispose();
        return values;
      });
    stopGemmThreads(memory);
    expect(gemmThreadsFor(memory)).toBeUndefined();
    const one = products();
    await startGemmThreads(memory, 2);
    const two = products();
    CASES.forEach((c, i) => {
      const differing = one[i]!.reduce((d, v, j) => d + (Object.is(v, two[i]![j]) ? 0 : 1), 0);
      expect([c, differing]).toEqual([c, 0]);
    });
    for (const { a, b, bias } of inputs) tf.dispose([a, b, ...(bias ? [bias] : [])]);
  });

  it('runs more units than one round holds, each once', () => {
    const k = callerFor('wasm', tf.backend());
    const loops = simdLoopsFor(k.backend)!;
    const pool = gemmThreadsFor(memory)!;
    const [m, kk, n] = [4 * 1500, 16, 8];
    const rng = new Rng(9);
    const [a, b, bias] = [tf.tensor1d(Float32Array.from({ length: m * kk }, () => rng.normal())), tf.tensor1d(Float32Array.from({ length: kk * n }, () => rng.normal())), tf.tensor1d(Float32Array.from({ length: n }, () => rng.normal()))];
    const [whole, split] = [tf.zeros([m * n]), tf.zeros([m * n])];
    const at = (t: tf.Tensor): number => k.view(tensorInfo(t)).byteOffset;
    const common = { b: at(b), bias: at(bias), start: 1 as const, k: kk, aRow: kk * 4, aK: 4, bRow: n * 4, cRow: n * 4, bytes: n * 4 };
    loops.gemmRun(gemmCalls(true, { ...common, a: at(a), c: at(whole), m }));
    // A unit per block of 4 rows: 1500 units, more than a round's 1024.
    pool.run(Array.from({ length: m / 4 }, (_, u) => gemmCalls(true, { ...common, a: at(a) + u * 4 * kk * 4, c: at(split) + u * 4 * n * 4, m: 4 })), loops.gemmRun);
    expect(Array.from(split.dataSync())).toEqual(Array.from(whole.dataSync()));
    tf.dispose([a, b, bias, whole, split]);
  });

  it('throws, without hanging, when a unit traps', () => {
    const k = callerFor('wasm', tf.backend());
    const loops = simdLoopsFor(k.backend)!;
    const pool = gemmThreadsFor(memory)!;
    // c far past the end of the wasm memory: every unit traps, on whichever thread claims it.
    const bad = gemmCalls(true, { a: 0, b: 0, c: 0x7ff00000, bias: 0, start: 0, m: 4, k: 4, aRow: 16, aK: 4, bRow: 32, cRow: 32, bytes: 32 });
    expect(() => pool.run(Array.from({ length: 8 }, () => bad), loops.gemmRun)).toThrow();
  });
});
