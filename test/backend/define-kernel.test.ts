/**
 * The two custom-kernel shapes of src/backend/kernels/define-kernel.ts, on fake kernel configs
 * (no backend is started): which function answers a call, what the registered config keeps of
 * the stock kernel, and the error when a fix has no stock kernel to fall back to.
 */
import type { KernelConfig, TensorInfo } from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { fastPathOrStock, ownKernel } from '../../src/backend/kernels/define-kernel.js';
import { KernelCaller } from '../../src/backend/kernels/kernel-call.js';

const info = (id: number): TensorInfo => ({ dataId: { id }, shape: [1], dtype: 'float32' });
const backend = { disposeData: () => true, readSync: () => new Float32Array(1), write: () => ({}) };
const setupFunc = (): void => {};
const disposeFunc = (): void => {};

function stockKernel(name: string, answer: TensorInfo): KernelConfig {
  return { kernelName: name, backendName: 'wasm', setupFunc, disposeFunc, kernelFunc: () => answer };
}

describe('fastPathOrStock', () => {
  const fast = info(1);
  const stockAnswer = info(2);
  const kernel = fastPathOrStock({
    id: 'Fake(fast)',
    kernelName: 'Fake',
    selfTestCases: [],
    // Fast path only for a positive `n` attribute; it sees the caller of the running backend and the stock kernel.
    fastPath: (args, k, stock) => {
      expect(k).toBeInstanceOf(KernelCaller);
      expect(k.backendName).toBe('wasm');
      expect(stock.kernelName).toBe('Fake');
      return Number(args.attrs?.['n']) > 0 ? fast : undefined;
    },
  });

  it('targets wasm by default and keeps the stock kernel\'s setup and disposal', () => {
    expect(kernel.backends).toEqual(['wasm']);
    const config = kernel.make('wasm', stockKernel('Fake', stockAnswer));
    expect(config).toMatchObject({ kernelName: 'Fake', backendName: 'wasm' });
    expect(config.setupFunc).toBe(setupFunc);
    expect(config.disposeFunc).toBe(disposeFunc);
  });

  it('answers with the fast path where it applies and with the stock kernel otherwise', () => {
    const config = kernel.make('wasm', stockKernel('Fake', stockAnswer));
    expect(config.kernelFunc({ inputs: {}, backend, attrs: { n: 3 } })).toBe(fast);
    expect(config.kernelFunc({ inputs: {}, backend, attrs: { n: 0 } })).toBe(stockAnswer);
    expect(config.kernelFunc({ inputs: {}, backend })).toBe(stockAnswer);
  });

  it('refuses to build without a stock kernel, naming the kernel and the backend', () => {
    expect(() => kernel.make('wasm', undefined)).toThrow('Fake has no stock kernel on wasm');
  });

  it('takes the backends it is given', () => {
    const cpuToo = fastPathOrStock({ id: 'Fake2', kernelName: 'Fake2', backends: ['wasm', 'cpu'], selfTestCases: [], fastPath: () => undefined });
    expect(cpuToo.backends).toEqual(['wasm', 'cpu']);
  });
});

describe('ownKernel', () => {
  const out = info(7);
  const kernel = ownKernel({
    id: 'Own(fused)',
    kernelName: 'Own',
    selfTestCases: [],
    kernelFunc: (_args, k) => {
      expect(k.backendName).toBe('cpu');
      return out;
    },
  });

  it('targets wasm and cpu by default and always runs its own function', () => {
    expect(kernel.backends).toEqual(['wasm', 'cpu']);
    const config = kernel.make('cpu', undefined);
    expect(config).toMatchObject({ kernelName: 'Own', backendName: 'cpu' });
    expect(config.setupFunc).toBeUndefined();
    expect(config.kernelFunc({ inputs: {}, backend })).toBe(out);
  });

  it('keeps the setup of a kernel it replaces, if the backend had one', () => {
    const config = kernel.make('cpu', stockKernel('Own', info(9)));
    expect(config.setupFunc).toBe(setupFunc);
    expect(config.kernelFunc({ inputs: {}, backend })).toBe(out);
  });
});
