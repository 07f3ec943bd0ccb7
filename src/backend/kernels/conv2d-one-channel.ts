/**
 * `Conv2D` of a one-channel input (an image's first layer: 28x28x1 -> 14x14x32) on the
 * WebAssembly backend, as a SIMD loop of our own (wasm-simd.ts `conv_c1`).
 *
 * Why: with one input channel each output sums only KH·KW products, which XNNPACK's convolution
 * runs at ~12 GFLOP/s here (1.9 ms for 128x28x28x1 -> 32 channels). The loop keeps the 8 vectors of
 * 32 output channels in registers and adds the taps in row order from 0, one float32 multiply and
 * add each: the order XNNPACK takes, so the same bits (test/backend/conv2d-one-channel.test.ts).
 * Only on the single-thread build: the loop runs on one thread, where XNNPACK splits the stock
 * convolution over its pool. Other shapes (more input channels, output channels not a multiple
 * of 32, dilations, channels-first) stay stock.
 */
import * as tf from '@tensorflow/tfjs';
import type { TensorInfo } from '@tensorflow/tfjs';
import type { KernelCase } from './custom-kernel.js';
import { fastPathOrStock, type KernelArgs } from './define-kernel.js';
import type { KernelCaller } from './kernel-call.js';
import { simdLoopsFor } from './wasm-simd.js';

type Pad = 'valid' | 'same' | number | tf.backend_util.ExplicitPadding;

/** The threads XNNPACK splits a convolution over (1 on the single-thread build). */
function xnnpackThreads(k: KernelCaller): number {
  const wasm = (k.backend as { wasm?: { tfjs?: { getThreadsCount?: () => number } } }).wasm;
  return wasm?.tfjs?.getThreadsCount?.() ?? 1;
}

function oneChannel(args: KernelArgs, k: KernelCaller): TensorInfo | undefined {
  const attrs = args.attrs ?? {};
  const x = args.inputs['x'] as TensorInfo;
  const filter = args.inputs['filter'] as TensorInfo;
  if (x.dtype !== 'float32' || filter.dtype !== 'float32' || attrs['dataFormat'] === 'NCHW' || x.shape.length !== 4) return undefined;
  const [batch, height, width, inCh] = x.shape as [number, number, number, number];
  const [kh, kw, , outCh] = filter.shape as [number, number, number, number];
  const dilations = attrs['dilations'] as number | [number, number] | undefined;
  const dilated = dilations !== undefined && (typeof dilations === 'number' ? dilations !== 1 : dilations[0] !== 1 || dilations[1] !== 1);
  if (inCh !== 1 || outCh % 32 !== 0 || dilated || batch === 0 || xnnpackThreads(k) > 1) return undefined;
  const loops = simdLoopsFor(k.backend);
  if (!loops) return undefined;
  const info = tf.backend_util.computeConv2DInfo(x.shape as [number, number, number, number], filter.shape as [number, number, number, number], attrs['strides'] as [number, number] | number, 1, attrs['pad'] as Pad, attrs['dimRoundingMode'] as 'floor' | 'round' | 'ceil' | undefined, false, 'channelsLast');
  const { outHeight: oh, outWidth: ow, strideHeight: sh, strideWidth: sw } = info;
  const { top, left } = info.padInfo;
  // Rows and columns the taps read, padding included (at least the input's own).
  const rows = Math.max(height + top, (oh - 1) * sh + kh);
  const cols = Math.max(width + left, (ow - 1) * sw + kw);
  const xp = k.alloc([batch, rows, cols]);
  try {
    const y = k.alloc([batch, oh, ow, outCh]);
    const [xv, xpv, fv, yv] = [k.view(x), k.view(xp), k.view(filter), k.view(y)];
    xpv.fill(0);
    for (let b = 0; b < batch; b++) {
      for (let r = 0; r < height; r++) xpv.set(xv.subarray((b * height + r) * width, (b * height + r + 1) * width), (b * rows + r + top) * cols + left);
    }
    for (let c = 0; c < outCh; c += 32) {
      loops.convC1({ xp: xpv.byteOffset, w: fv.byteOffset + c * 4, y: yv.byteOffset + c * 4, batch, outHeight: oh, outWidth: ow, kernelHeight: kh, kernelWidth: kw, strideHeight: sh, strideWidth: sw, xRow: cols * 4, xImage: rows * cols * 4, pix: outCh * 4 });
    }
    return y;
  } finally {
    k.free(xp);
  }
}

const CASES: KernelCase[] = [
  { inputs: { x: [2, 9, 7, 1], filter: [3, 3, 1, 32] }, attrs: { strides: 2, pad: 'same', dataFormat: 'NHWC', dilations: [1, 1] } },
  { inputs: { x: [3, 8, 8, 1], filter: [4, 4, 1, 64] }, attrs: { strides: 1, pad: 'valid', dataFormat: 'NHWC', dilations: [1, 1] } },
  { inputs: { x: [2, 6, 6, 2], filter: [3, 3, 2, 32] }, attrs: { strides: 1, pad: 'same', dataFormat: 'NHWC', dilations: [1, 1] } }, // stock
];

export const oneChannelConv2D = fastPathOrStock({
  id: 'Conv2D(one input channel, SIMD)',
  kernelName: 'Conv2D',
  selfTestCases: CASES,
  fastPath: oneChannel,
});
