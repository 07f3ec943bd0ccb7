/**
 * The phase-by-phase path of Conv2DBackpropInput (one stride-1 conv per output phase, used when
 * dx has 8+ channels) against the stock cpu kernel, on shapes that take it and shapes that fall
 * back to the one-conv path. Tolerance: max |ours − cpu| ≤ 1e-4 · max(1, max |cpu|).
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../src/backend/pick.js';
import type { KernelCase } from '../../src/backend/kernels/custom-kernel.js';
import { conv2dBackpropInput, splitPhases } from '../../src/backend/kernels/conv2d-backprop-input.js';
import { installedKernelConfig } from '../../src/backend/kernels/install.js';
import { compareWithCpuKernel } from '../../src/backend/kernels/reference-check.js';
import { Rng } from '../../src/random.js';

const TOLERANCE = 1e-4;

beforeAll(async () => {
  const info = await initBackend('wasm');
  expect(info.name).toBe('wasm');
});

type Pad = 'same' | 'valid' | [[0, 0], [number, number], [number, number], [0, 0]];

describe('Conv2DBackpropInput phase-by-phase path on wasm', () => {
  it('matches the cpu kernel on strides 2/3 (and unequal), kernels multiple and not multiple of the stride, 8+ channels', () => {
    const spatial: Array<[number, number]> = [[8, 8], [6, 9], [12, 12], [7, 7]];
    const kernels: Array<[number, number]> = [[4, 4], [3, 3], [2, 2], [6, 6], [5, 3]];
    const strides: Array<[number, number]> = [[2, 2], [3, 3], [2, 1]];
    const pads: Pad[] = ['same', 'valid', [[0, 0], [1, 2], [2, 0], [0, 0]]];
    const cases: KernelCase[] = [];
    let split = 0;
    let i = 0;
    for (const [h, w] of spatial) {
      for (const k of kernels) {
        for (const s of strides) {
          for (const pad of pads) {
            const batch = 1 + (i % 2);
            const [ci, co] = i % 3 === 0 ? [8, 3] : [16, 5];
            i++;
            const x: [number, number, number, number] = [batch, h, w, ci];
            const info = tf.backend_util.computeConv2DInfo(x, [k[0], k[1], ci, co], s, 1, pad);
            if (info.outHeight < 1 || info.outWidth < 1) continue;
            const mh = Math.ceil(k[0] / s[0]);
            const mw = Math.ceil(k[1] / s[1]);
            if (splitPhases(info.padInfo.top, h, s[0], mh, info.outHeight, info.padInfo.left, w, s[1], mw, info.outWidth) !== undefined) split++;
            cases.push({ inputs: { dy: [batch, info.outHeight, info.outWidth, co], filter: [k[0], k[1], ci, co] }, attrs: { strides: s, pad, dataFormat: 'NHWC', inputShape: x } });
          }
        }
      }
    }
    // Both paths are exercised.
    expect(split).toBeGreaterThan(30);
    expect(cases.length - split).toBeGreaterThan(30);
    const config = installedKernelConfig(conv2dBackpropInput, 'wasm');
    expect(config).toBeDefined();
    const rng = new Rng(11);
    const failures: string[] = [];
    for (const kase of cases) {
      const r = compareWithCpuKernel(config!, 'wasm', kase, rng.fork(JSON.stringify(kase)), TOLERANCE);
      if (!r.ok) failures.push(`${JSON.stringify(kase)}: err ${r.maxAbsError} scale ${r.scale}`);
    }
    expect(failures).toEqual([]);
  });

  it('splits DCGAN 4x4 stride-2 same layers into four phases with in-range padding', () => {
    // 7x7 -> 14x14: phase 0 needs q in [1, 7], phase 1 q in [0, 6] of the padded correlation.
    const phases = splitPhases(1, 14, 2, 2, 7, 1, 14, 2, 2, 7);
    expect(phases?.map((p) => [p.rh, p.rw, p.rowOffset, p.colOffset])).toEqual([
      [0, 0, 1, 1],
      [0, 1, 1, 0],
      [1, 0, 0, 1],
      [1, 1, 0, 0],
    ]);
    expect(phases?.[0]?.pad).toEqual([[0, 0], [0, 1], [0, 1], [0, 0]]);
    // Odd output size: the phases differ in length, so the one-conv path runs.
    expect(splitPhases(1, 7, 2, 2, 4, 1, 7, 2, 2, 4)).toBeUndefined();
  });
});
