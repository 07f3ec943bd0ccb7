/**
 * `Conv2D` of a one-channel input (src/backend/kernels/conv2d-one-channel.ts, a SIMD loop of our
 * own) gives the stock XNNPACK kernel's bits, and both equal the float32 sums written out in
 * JavaScript in row order of the taps from 0; shapes the loop does not take stay stock.
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../src/backend/pick.js';
import { oneChannelConv2D } from '../../src/backend/kernels/conv2d-one-channel.js';
import { installCustomKernels, installedKernelConfig, uninstallCustomKernel } from '../../src/backend/kernels/install.js';
import { Rng } from '../../src/random.js';

beforeAll(async () => {
  expect((await initBackend('wasm')).name).toBe('wasm');
});

interface Case {
  readonly x: [number, number, number, number];
  readonly filter: [number, number, number, number];
  readonly stride: number | [number, number];
  readonly pad: 'same' | 'valid' | [[number, number], [number, number], [number, number], [number, number]];
}

const CASES: Case[] = [
  { x: [128, 28, 28, 1], filter: [4, 4, 1, 32], stride: 2, pad: 'same' }, // the discriminator's first layer
  { x: [3, 9, 7, 1], filter: [3, 3, 1, 64], stride: 2, pad: 'same' },
  { x: [2, 8, 8, 1], filter: [5, 5, 1, 32], stride: 1, pad: 'valid' },
  { x: [2, 10, 9, 1], filter: [3, 2, 1, 32], stride: [1, 2], pad: 'same' },
  { x: [1, 6, 6, 1], filter: [2, 2, 1, 32], stride: 2, pad: [[0, 0], [2, 1], [0, 3], [0, 0]] },
  { x: [2, 6, 6, 1], filter: [3, 3, 1, 16], stride: 1, pad: 'same' }, // 16 channels: stock
  { x: [2, 6, 6, 3], filter: [3, 3, 3, 32], stride: 1, pad: 'same' }, // 3 input channels: stock
];

function bits(t: tf.Tensor): Buffer {
  return Buffer.from(Float32Array.from(t.dataSync()).buffer);
}

describe('Conv2D(one input channel, SIMD) on wasm', () => {
  it('gives the stock kernel\'s bits', () => {
    expect(installedKernelConfig(oneChannelConv2D, 'wasm')).toBeDefined();
    const rng = new Rng(41);
    const inputs = CASES.map((c) => {
      const size = (s: number[]): number => s.reduce((a, b) => a * b, 1);
      return {
        x: tf.tensor4d(Float32Array.from({ length: size(c.x) }, () => rng.normal()), c.x),
        w: tf.tensor4d(Float32Array.from({ length: size(c.filter) }, () => rng.normal()), c.filter),
      };
    });
    const run = (): tf.Tensor[] => inputs.map(({ x, w }, i) => tf.conv2d(x, w, CASES[i]!.stride, CASES[i]!.pad));
    const ours = run();
    uninstallCustomKernel(oneChannelConv2D, 'wasm');
    try {
      const stock = run();
      ours.forEach((o, i) => {
        expect(o.shape).toEqual(stock[i]!.shape);
        expect(bits(o).equals(bits(stock[i]!)), JSON.stringify(CASES[i])).toBe(true);
      });
      tf.dispose(stock);
    } finally {
      installCustomKernels('wasm', [oneChannelConv2D]);
    }
    // The first case by hand: taps in row order, float32 products and sums from 0.
    const [x, w] = [inputs[0]!.x.dataSync(), inputs[0]!.w.dataSync()];
    const y = ours[0]!.dataSync();
    const f = Math.fround;
    let differing = 0;
    for (let b = 0; b < 128; b += 31) {
      for (let i = 0; i < 14; i++) {
        for (let j = 0; j < 14; j++) {
          for (let c = 0; c < 32; c++) {
            let acc = 0;
            for (let kh = 0; kh < 4; kh++) {
              for (let kw = 0; kw < 4; kw++) {
                const [r, q] = [2 * i + kh - 1, 2 * j + kw - 1];
                const v = r >= 0 && r < 28 && q >= 0 && q < 28 ? x[(b * 28 + r) * 28 + q]! : 0;
                acc = f(acc + f(v * w[(kh * 4 + kw) * 32 + c]!));
              }
            }
            if (!Object.is(acc, y[((b * 14 + i) * 14 + j) * 32 + c])) differing++;
          }
        }
      }
    }
    expect(differing).toBe(0);
    tf.dispose(ours);
    tf.dispose(inputs.flatMap((i) => [i.x, i.w]));
  });
});
