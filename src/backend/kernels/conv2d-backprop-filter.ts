/**
 * `Conv2DBackpropFilter` (the weight gradient of a 2-D convolution) as one dilated convolution.
 *
 * Why: tfjs-backend-wasm 4.22 registers no `Conv2DBackpropFilter`, so no convolutional model can
 * train on wasm, and the cpu backend's version is a naive loop. The weight gradient
 *   dW[kh, kw, ci, co] = Σ_{b, oh, ow} x[b, oh·sh + kh − padTop, ow·sw + kw − padLeft, ci] · dy[b, oh, ow, co]
 * is itself a convolution: put the input channels `ci` in the batch slot and the batch `b` in the
 * channel slot (x → [ci, H, W, B]), use dy as the filter (dy → [OH, OW, B, co]), and let the
 * forward stride become the dilation. One stock (XNNPACK) Conv2D call then gives [ci, KH, KW, co].
 */
import * as tf from '@tensorflow/tfjs';
import type { TensorInfo } from '@tensorflow/tfjs';
import type { KernelCase } from './custom-kernel.js';
import { ownKernel, type KernelArgs } from './define-kernel.js';
import type { KernelCaller } from './kernel-call.js';

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

const CASES: KernelCase[] = [
  { inputs: { x: [2, 7, 6, 3], dy: [2, 4, 3, 4] }, attrs: { strides: 2, pad: 'same', dataFormat: 'NHWC', filterShape: [3, 3, 3, 4] } },
  { inputs: { x: [1, 6, 6, 1], dy: [1, 3, 3, 2] }, attrs: { strides: 2, pad: 'same', dataFormat: 'NHWC', filterShape: [4, 4, 1, 2] } },
  { inputs: { x: [3, 5, 5, 2], dy: [3, 3, 3, 2] }, attrs: { strides: 1, pad: 'valid', dataFormat: 'NHWC', filterShape: [3, 3, 2, 2] } },
];

/** wasm has no stock kernel for it (the cpu backend's is a naive loop, left alone). */
export const conv2dBackpropFilter = ownKernel({
  id: 'Conv2DBackpropFilter(dilated-conv)',
  kernelName: 'Conv2DBackpropFilter',
  backends: ['wasm'],
  selfTestCases: CASES,
  kernelFunc: dilatedConvolution,
});
