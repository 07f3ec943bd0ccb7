/**
 * `Conv2DBackpropFilter` with one input channel (the image discriminator's and generator's
 * 28x28x1 layers) runs a SIMD loop of our own (conv2d-backprop-filter.ts `oneChannelLoop`); it
 * must give the bits of the dilated XNNPACK convolution it replaced. Both are checked against the
 * same float32 sums written out in JavaScript in that convolution's order (pixels of dy, then the
 * batch, from 0): the loop on the shapes it takes, the dilated path on shapes it leaves to it.
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../src/backend/pick.js';
import { Rng } from '../../src/random.js';

beforeAll(async () => {
  expect((await initBackend('wasm')).name).toBe('wasm');
});

interface Case {
  readonly x: [number, number, number, number];
  readonly kernel: number;
  readonly stride: number;
  readonly pad: 'same' | 'valid';
  readonly co: number;
}

/** dW[kh, kw, 0, c] = Σ_{oh, ow} Σ_b x[b, oh·s + kh − top, ow·s + kw − left] · dy[b, oh, ow, c], in float32, that order. */
function sequential(x: Float32Array, dy: Float32Array, c: Case, oh: number, ow: number, top: number, left: number): Float32Array {
  const [batch, h, w] = c.x;
  const f = Math.fround;
  const out = new Float32Array(c.kernel * c.kernel * c.co);
  for (let kh = 0; kh < c.kernel; kh++) {
    for (let kw = 0; kw < c.kernel; kw++) {
      for (let co = 0; co < c.co; co++) {
        let acc = 0;
        for (let i = 0; i < oh; i++) {
          for (let j = 0; j < ow; j++) {
            for (let b = 0; b < batch; b++) {
              const [r, s] = [i * c.stride + kh - top, j * c.stride + kw - left];
              const xv = r >= 0 && r < h && s >= 0 && s < w ? x[(b * h + r) * w + s]! : 0;
              acc = f(acc + f(xv * dy[((b * oh + i) * ow + j) * c.co + co]!));
            }
          }
        }
        out[(kh * c.kernel + kw) * c.co + co] = acc;
      }
    }
  }
  return out;
}

function check(c: Case, rng: Rng): void {
  const [batch, h, w] = c.x;
  const info = tf.backend_util.computeConv2DInfo(c.x, [c.kernel, c.kernel, 1, c.co], c.stride, 1, c.pad);
  const xv = Float32Array.from({ length: batch * h * w }, () => rng.normal());
  const dyv = Float32Array.from({ length: batch * info.outHeight * info.outWidth * c.co }, () => rng.normal());
  tf.tidy(() => {
    const x = tf.tensor4d(xv, c.x);
    const dy = tf.tensor4d(dyv, [batch, info.outHeight, info.outWidth, c.co]);
    const dw = tf.engine().runKernel('Conv2DBackpropFilter', { x, dy }, { strides: c.stride, pad: c.pad, dataFormat: 'NHWC', filterShape: [c.kernel, c.kernel, 1, c.co] }) as tf.Tensor;
    expect(dw.shape).toEqual([c.kernel, c.kernel, 1, c.co]);
    const expected = sequential(xv, dyv, c, info.outHeight, info.outWidth, info.padInfo.top, info.padInfo.left);
    expect(Buffer.from(Float32Array.from(dw.dataSync()).buffer).equals(Buffer.from(expected.buffer)), JSON.stringify(c)).toBe(true);
  });
}

describe('Conv2DBackpropFilter with one input channel on wasm', () => {
  it('the SIMD loop gives the bits of the sums in the dilated convolution\'s order', () => {
    const rng = new Rng(31);
    for (const c of [
      { x: [128, 28, 28, 1], kernel: 4, stride: 2, pad: 'same', co: 32 }, // the benchmark's D step
      { x: [4, 9, 7, 1], kernel: 3, stride: 2, pad: 'same', co: 64 }, // odd sizes, two blocks of 32
      { x: [8, 6, 6, 1], kernel: 3, stride: 1, pad: 'valid', co: 32 },
      { x: [4, 10, 10, 1], kernel: 5, stride: 3, pad: 'same', co: 32 },
      { x: [4, 10, 10, 1], kernel: 3, stride: 2, pad: 'valid', co: 32 }, // a trailing row no output reads
    ] as Case[]) check(c, rng);
  });

  it('the dilated convolution it replaces sums in that same order (shapes the loop leaves to it)', () => {
    const rng = new Rng(32);
    for (const c of [
      { x: [64, 28, 28, 1], kernel: 4, stride: 2, pad: 'same', co: 16 },
      { x: [6, 9, 7, 1], kernel: 3, stride: 2, pad: 'same', co: 32 }, // batch 6
    ] as Case[]) check(c, rng);
  });
});
