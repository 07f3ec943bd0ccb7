/**
 * `Conv2DBackpropFilter` (the weight gradient of a 2-D convolution) as one dilated convolution.
 *
 * Why: tfjs-backend-wasm 4.22 registers no `Conv2DBackpropFilter`, so no convolutional model can
 * train on wasm, and the cpu backend's version is a naive loop. The weight gradient
 *   dW[kh, kw, ci, co] = Σ_{b, oh, ow} x[b, oh·sh + kh − padTop, ow·sw + kw − padLeft, ci] · dy[b, oh, ow, co]
 * is itself a convolution: put the input channels `ci` in the batch slot and the batch `b` in the
 * channel slot (x → [ci, H, W, B]), use dy as the filter (dy → [OH, OW, B, co]), and let the
 * forward stride become the dilation. One stock (XNNPACK) Conv2D call then gives [ci, KH, KW, co].
 * With one input channel (and a batch a multiple of 4, output channels of 32), a SIMD loop of our
 * own computes the same sums in the same order instead (`oneChannelLoop`).
 */
import * as tf from '@tensorflow/tfjs';
import type { TensorInfo } from '@tensorflow/tfjs';
import type { KernelCase } from './custom-kernel.js';
import { ownKernel, type KernelArgs } from './define-kernel.js';
import type { KernelCaller } from './kernel-call.js';
import { simdLoopsFor, type SimdLoops } from './wasm-simd.js';

type Rounding = 'floor' | 'round' | 'ceil' | undefined;
type Pad = 'valid' | 'same' | number | tf.backend_util.ExplicitPadding;

/** dW as one dilated stock Conv2D. */
function dilatedConvolution(args: KernelArgs, k: KernelCaller): TensorInfo {
  const attrs = args.attrs ?? {};
  const channelsFirst = attrs['dataFormat'] === 'NCHW';
  let x = args.inputs['x'] as TensorInfo;
  let dy = args.inputs['dy'] as TensorInfo;
  const owned: TensorInfo[] = [];
  try {
    if (channelsFirst) {
      x = k.transpose(x, [0, 2, 3, 1]);
      dy = k.transpose(dy, [0, 2, 3, 1]);
      owned.push(x, dy);
    }
    const filterShape = attrs['filterShape'] as [number, number, number, number];
    const info = tf.backend_util.computeConv2DInfo(
      x.shape as [number, number, number, number],
      filterShape,
      attrs['strides'] as [number, number] | number,
      1,
      attrs['pad'] as Pad,
      attrs['dimRoundingMode'] as Rounding,
      false,
      'channelsLast',
    );
    const [batch, height, width, inChannels] = x.shape as [number, number, number, number];
    const { filterHeight: kh, filterWidth: kw, strideHeight: sh, strideWidth: sw, outHeight: oh, outWidth: ow } = info;
    const top = info.padInfo.top;
    const left = info.padInfo.left;
    // Padded input extent the gradient reads: rows [-top, -top + kh + (oh-1)·sh).
    let bottom = kh + (oh - 1) * sh - top - height;
    let right = kw + (ow - 1) * sw - left - width;
    if (bottom < 0 || right < 0) {
      // Trailing rows/columns that no output position reads: drop them (padding cannot be negative).
      const keepH = height + Math.min(0, bottom);
      const keepW = width + Math.min(0, right);
      x = k.run('Slice', { x }, { begin: [0, 0, 0, 0], size: [batch, keepH, keepW, inChannels] });
      owned.push(x);
      bottom = Math.max(0, bottom);
      right = Math.max(0, right);
    }
    const xT = k.transpose(x, [3, 1, 2, 0]); // [ci, H, W, B]
    owned.push(xT);
    const loops = inChannels === 1 && batch % 4 === 0 && filterShape[3] % 32 === 0 ? simdLoopsFor(k.backend) : null;
    if (loops) return oneChannelLoop(k, loops, xT, dy, filterShape, { top, bottom, left, right, sh, sw, oh, ow });
    const dyT = k.transpose(dy, [1, 2, 0, 3]); // [OH, OW, B, co]
    owned.push(dyT);
    const grad = k.run(
      'Conv2D',
      { x: xT, filter: dyT },
      {
        strides: [1, 1],
        dilations: [sh, sw],
        pad: [[0, 0], [top, bottom], [left, right], [0, 0]],
        dataFormat: 'NHWC',
      },
    ); // [ci, KH, KW, co]
    owned.push(grad);
    return k.transpose(grad, [1, 2, 0, 3]);
  } finally {
    k.free(...owned);
  }
}

interface Geometry {
  readonly top: number;
  readonly bottom: number;
  readonly left: number;
  readonly right: number;
  readonly sh: number;
  readonly sw: number;
  readonly oh: number;
  readonly ow: number;
}

/**
 * One input channel (an image's first layer): dW by the SIMD loop of wasm-simd.ts over xT
 * [1, H, W, B] zero-padded to [H + top + bottom, W + left + right, B] and dy as it is, 32 output
 * channels per call. Why: in the dilated convolution XNNPACK packs dy, its filter, anew on every
 * call (~5 ms of a 6.4 ms weight gradient for 128x14x14x32), while the arithmetic is 26 MFLOP.
 * The loop sums in the order that convolution does (pixels of dy, then the batch, from 0), so
 * the bits are the same.
 */
function oneChannelLoop(k: KernelCaller, loops: SimdLoops, xT: TensorInfo, dy: TensorInfo, filterShape: [number, number, number, number], g: Geometry): TensorInfo {
  const [, height, width, batch] = xT.shape as [number, number, number, number];
  const [kh, kw, , co] = filterShape;
  const [rows, cols] = [height + g.top + g.bottom, width + g.left + g.right];
  const xp = k.alloc([rows, cols, batch]);
  try {
    const out = k.alloc([...filterShape]);
    const [xv, xpv, dyv, outv] = [k.view(xT), k.view(xp), k.view(dy), k.view(out)];
    xpv.fill(0);
    outv.fill(0);
    const pixel = batch * 4;
    loops.copyRuns(xv.byteOffset, xpv.byteOffset + (g.top * cols + g.left) * pixel, pixel, width, pixel, height, cols * pixel);
    for (let c = 0; c < co; c += 32) {
      loops.filterGradC1({
        xp: xpv.byteOffset,
        dy: dyv.byteOffset + c * 4,
        out: outv.byteOffset + c * 4,
        outHeight: g.oh,
        outWidth: g.ow,
        batch,
        kernelHeight: kh,
        kernelWidth: kw,
        xRow: cols * pixel,
        strideHeight: g.sh,
        strideWidth: g.sw,
        xPix: pixel,
        dyPix: co * 4,
        dyImage: g.oh * g.ow * co * 4,
        tap: co * 4,
      });
    }
    return out;
  } finally {
    k.free(xp);
  }
}

const CASES: KernelCase[] = [
  { inputs: { x: [2, 7, 6, 3], dy: [2, 4, 3, 4] }, attrs: { strides: 2, pad: 'same', dataFormat: 'NHWC', filterShape: [3, 3, 3, 4] } },
  { inputs: { x: [1, 6, 6, 1], dy: [1, 3, 3, 2] }, attrs: { strides: 2, pad: 'same', dataFormat: 'NHWC', filterShape: [4, 4, 1, 2] } },
  { inputs: { x: [3, 5, 5, 2], dy: [3, 3, 3, 2] }, attrs: { strides: 1, pad: 'valid', dataFormat: 'NHWC', filterShape: [3, 3, 2, 2] } },
  // one input channel, 32 output channels: the SIMD loop
  { inputs: { x: [4, 8, 8, 1], dy: [4, 4, 4, 32] }, attrs: { strides: 2, pad: 'same', dataFormat: 'NHWC', filterShape: [4, 4, 1, 32] } },
];

/** wasm has no stock kernel for it (the cpu backend's is a naive loop, left alone). */
export const conv2dBackpropFilter = ownKernel({
  id: 'Conv2DBackpropFilter(dilated-conv)',
  kernelName: 'Conv2DBackpropFilter',
  backends: ['wasm'],
  selfTestCases: CASES,
  kernelFunc: dilatedConvolution,
});
