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
import type { KernelConfig, TensorInfo } from '@tensorflow/tfjs';
import type { CustomKernel, KernelCase } from './custom-kernel.js';
import { callerFor } from './kernel-call.js';

interface RefCounting {
  incRef(dataId: object): void;
}

function makeCast(backendName: string, stock: KernelConfig | undefined): KernelConfig {
  if (stock === undefined) throw new Error(`Cast has no stock kernel on ${backendName}`);
  return {
    kernelName: 'Cast',
    backendName,
    setupFunc: stock.setupFunc,
    disposeFunc: stock.disposeFunc,
    kernelFunc: (args) => {
      const x = args.inputs['x'] as TensorInfo;
      const dtype = args.attrs?.['dtype'];
      if (dtype === 'bool' && (x.dtype === 'float32' || x.dtype === 'int32')) {
        const k = callerFor(backendName, args.backend);
        const zero = k.alloc([], x.dtype);
        k.view(zero)[0] = 0;
        try {
          return k.run('NotEqual', { a: x, b: zero });
        } finally {
          k.free(zero);
        }
      }
      if (dtype !== x.dtype || x.dtype === 'string') return stock.kernelFunc(args);
      (args.backend as RefCounting).incRef(x.dataId);
      return { dataId: x.dataId, shape: [...x.shape], dtype: x.dtype };
    },
  };
}

const CASES: KernelCase[] = [
  { inputs: { x: [3, 4] }, attrs: { dtype: 'float32' } },
  { inputs: { x: [6] }, attrs: { dtype: 'int32' } },
  { inputs: { x: [5] }, attrs: { dtype: 'bool' } },
];

export const sameTypeCast: CustomKernel = {
  id: 'Cast(shared-same-dtype,bool-fix)',
  kernelName: 'Cast',
  backends: ['wasm'],
  make: makeCast,
  selfTestCases: CASES,
};
