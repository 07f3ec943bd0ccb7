/**
 * `LeakyRelu` on the WebAssembly backend through the stock (XNNPACK) `Prelu` kernel with a
 * scalar slope.
 *
 * Why: tfjs-wasm 4.22's LeakyRelu is a scalar loop (~18 ms for 128x14x14x32 here) while its Prelu
 * with a one-element slope takes ~3.5 ms for the same values (x ≥ 0 ? x : α·x equals
 * x > 0 ? x : α·x, both giving 0 at 0). Every critic layer of both GANs uses LeakyReLU(0.2).
 */
import type { TensorInfo } from '@tensorflow/tfjs';
import type { KernelCase } from './custom-kernel.js';
import { fastPathOrStock } from './define-kernel.js';

const CASES: KernelCase[] = [
  { inputs: { x: [4, 5] }, attrs: { alpha: 0.2 } },
  { inputs: { x: [2, 3, 3, 4] }, attrs: { alpha: 0.01 } },
];

export const preluLeakyRelu = fastPathOrStock({
  id: 'LeakyRelu(->XNNPACK Prelu)',
  kernelName: 'LeakyRelu',
  selfTestCases: CASES,
  fastPath: (args, k) => {
    const x = args.inputs['x'] as TensorInfo;
    const alpha = Number(args.attrs?.['alpha']);
    if (x.dtype !== 'float32' || !Number.isFinite(alpha)) return undefined;
    const slope = k.alloc([]);
    k.view(slope)[0] = alpha;
    try {
      return k.run('Prelu', { x, alpha: slope });
    } finally {
      k.free(slope);
    }
  },
});
