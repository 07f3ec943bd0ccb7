/**
 * `Identity` on the WebAssembly backend as a shared reference instead of a copy.
 *
 * Why: tfjs-core clones every tensor it saves for a backward pass (`saveTensorsForBackwardMode`
 * calls Identity), and tfjs-wasm 4.22's Identity allocates and copies the whole buffer; a DCGAN
 * step ran ~175 such copies. Tensors are immutable in tfjs (a Variable's `assign` swaps in a new
 * data id), so, as the cpu backend and wasm's own Reshape already do, the output can share the
 * input's data and only bump its reference count. Strings stay with the stock kernel.
 */
import type { KernelConfig, TensorInfo } from '@tensorflow/tfjs';
import type { CustomKernel, KernelCase } from './custom-kernel.js';

interface RefCounting {
  incRef(dataId: object): void;
}

function makeIdentity(backendName: string, stock: KernelConfig | undefined): KernelConfig {
  if (stock === undefined) throw new Error(`Identity has no stock kernel on ${backendName}`);
  return {
    kernelName: 'Identity',
    backendName,
    setupFunc: stock.setupFunc,
    disposeFunc: stock.disposeFunc,
    kernelFunc: (args) => {
      const x = args.inputs['x'] as TensorInfo;
      if (x.dtype === 'string') return stock.kernelFunc(args);
      (args.backend as RefCounting).incRef(x.dataId);
      return { dataId: x.dataId, shape: [...x.shape], dtype: x.dtype };
    },
  };
}

const CASES: KernelCase[] = [
  { inputs: { x: [3, 4] }, attrs: {} },
  { inputs: { x: [1] }, attrs: {} },
];

export const sharedIdentity: CustomKernel = {
  id: 'Identity(shared)',
  kernelName: 'Identity',
  backends: ['wasm'],
  make: makeIdentity,
  selfTestCases: CASES,
};
