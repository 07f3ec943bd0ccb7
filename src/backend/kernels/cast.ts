/**
 * `Cast` to the dtype a tensor already has, on the WebAssembly backend, as a shared reference.
 *
 * Why: tfjs-core casts gradients to float32 in many ops' backward passes (and `toFloat()` is common
 * in model code); tfjs-wasm 4.22 answers a same-dtype Cast with a full copy. Sharing the data is
 * safe for the reason given in `identity.ts`.
 *
 * It also fixes a stock bug: tfjs-wasm 4.22 casts float32 to bool by truncating to a byte
 * (-2.2 -> 254, 0.5 -> 0) where every other backend gives x != 0; here that is one NotEqual.
 * Other conversions stay with the stock kernel.
 */
import type { TensorInfo } from '@tensorflow/tfjs';
import type { KernelCase } from './custom-kernel.js';
import { fastPathOrStock } from './define-kernel.js';
import { shareInput } from './identity.js';

const CASES: KernelCase[] = [
  { inputs: { x: [3, 4] }, attrs: { dtype: 'float32' } },
  { inputs: { x: [6] }, attrs: { dtype: 'int32' } },
  { inputs: { x: [5] }, attrs: { dtype: 'bool' } },
];

export const sameTypeCast = fastPathOrStock({
  id: 'Cast(shared-same-dtype,bool-fix)',
  kernelName: 'Cast',
  selfTestCases: CASES,
  fastPath: (args, k) => {
    const x = args.inputs['x'] as TensorInfo;
    const dtype = args.attrs?.['dtype'];
    if (dtype === 'bool' && (x.dtype === 'float32' || x.dtype === 'int32')) {
      const zero = k.alloc([], x.dtype);
      k.view(zero)[0] = 0;
      try {
        return k.run('NotEqual', { a: x, b: zero });
      } finally {
        k.free(zero);
      }
    }
    return dtype !== x.dtype || x.dtype === 'string' ? undefined : shareInput(args.backend, x);
  },
});
