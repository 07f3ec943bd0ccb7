/**
 * `Identity` on the WebAssembly backend as a shared reference instead of a copy.
 *
 * Why: tfjs-core clones every tensor it saves for a backward pass (`saveTensorsForBackwardMode`
 * calls Identity), and tfjs-wasm 4.22's Identity allocates and copies the whole buffer; a DCGAN
 * step ran ~175 such copies. Tensors are immutable in tfjs (a Variable's `assign` swaps in a new
 * data id), so, as the cpu backend and wasm's own Reshape already do, the output can share the
 * input's data and only bump its reference count. Strings stay with the stock kernel.
 */
import type { TensorInfo } from '@tensorflow/tfjs';
import type { KernelCase } from './custom-kernel.js';
import { fastPathOrStock } from './define-kernel.js';

interface RefCounting {
  incRef(dataId: object): void;
}

/** `x` itself as a new output: its data gains a reference instead of being copied. */
export function shareInput(backend: object, x: TensorInfo): TensorInfo {
  (backend as RefCounting).incRef(x.dataId);
  return { dataId: x.dataId, shape: [...x.shape], dtype: x.dtype };
}

const CASES: KernelCase[] = [
  { inputs: { x: [3, 4] }, attrs: {} },
  { inputs: { x: [1] }, attrs: {} },
];

export const sharedIdentity = fastPathOrStock({
  id: 'Identity(shared)',
  kernelName: 'Identity',
  selfTestCases: CASES,
  fastPath: (args) => {
    const x = args.inputs['x'] as TensorInfo;
    return x.dtype === 'string' ? undefined : shareInput(args.backend, x);
  },
});
