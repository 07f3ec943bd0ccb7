import * as tf from '@tensorflow/tfjs';
import { afterAll, describe, expect, it } from 'vitest';
import { GanAugmentError } from '../../src/errors.js';
import { BACKEND_ENV_VAR, describeBackend, initBackend, resolveBackendRequest } from '../../src/backend/pick.js';
import type { CustomKernel } from '../../src/backend/kernels/custom-kernel.js';
import { CUSTOM_KERNELS, installCustomKernels, installedKernelIds, uninstallCustomKernel } from '../../src/backend/kernels/install.js';
import { selfTestCustomKernels } from '../../src/backend/kernels/self-test.js';
import { transposedMatMul } from '../../src/backend/kernels/transposed-matmul.js';

afterAll(async () => {
  installCustomKernels('wasm');
  await initBackend('wasm');
});

describe('resolveBackendRequest', () => {
  it('prefers the option over the environment variable, and the variable over auto', () => {
    expect(resolveBackendRequest('wasm', { [BACKEND_ENV_VAR]: 'cpu' })).toBe('wasm');
    expect(resolveBackendRequest(undefined, { [BACKEND_ENV_VAR]: 'cpu' })).toBe('cpu');
    expect(resolveBackendRequest(undefined, {})).toBe('auto');
    expect(resolveBackendRequest(undefined, { [BACKEND_ENV_VAR]: '' })).toBe('auto');
  });

  it('names the option or the variable when the value is not a backend', () => {
    expect(() => resolveBackendRequest('gpu', {})).toThrow(/--backend "gpu" is not a backend.*auto, tensorflow-gpu/);
    try {
      resolveBackendRequest(undefined, { [BACKEND_ENV_VAR]: 'webgl' });
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(GanAugmentError);
      expect((err as GanAugmentError).code).toBe('usage');
      expect((err as Error).message).toContain(BACKEND_ENV_VAR);
    }
  });
});

describe('initBackend', () => {
  it('auto skips the missing native packages, starts wasm and activates every self-tested kernel', async () => {
    const info = await initBackend('auto');
    expect(info.name).toBe('wasm');
    expect(tf.getBackend()).toBe('wasm');
    expect(info.notes.some((n) => n.includes('@tensorflow/tfjs-node-gpu'))).toBe(true);
    expect(info.notes.some((n) => n.includes('@tensorflow/tfjs-node '))).toBe(true);
    expect([...info.kernels].sort()).toEqual(CUSTOM_KERNELS.map((k) => k.id).sort());
    expect(describeBackend(info)).toBe(`wasm (${CUSTOM_KERNELS.length} kernel fixes)`);
    expect(describeBackend(info, { verbose: true })).toMatch(new RegExp(`^wasm \\(${CUSTOM_KERNELS.length} kernel fixes: .*Conv2DBackpropFilter`));
  });

  it('reads GAN_AUGMENT_BACKEND when no option is given', async () => {
    const info = await initBackend(undefined, { env: { [BACKEND_ENV_VAR]: 'cpu' } });
    expect(info.name).toBe('cpu');
    expect(info.requested).toBe('cpu');
    // Only the fused kernels (tfjs has no equivalent) are registered on cpu.
    expect([...info.kernels].sort()).toEqual(CUSTOM_KERNELS.filter((k) => k.backends.includes('cpu')).map((k) => k.id).sort());
    expect(info.kernels.length).toBeGreaterThan(0);
    expect(tf.getBackend()).toBe('cpu');
  });

  it('fails with a backend error when an unavailable native backend is requested explicitly', async () => {
    await expect(initBackend('tensorflow')).rejects.toMatchObject({ code: 'backend' });
    await expect(initBackend('tensorflow-gpu')).rejects.toThrow(/tfjs-node-gpu/);
  });

  it('can start wasm with the stock kernels only (for benchmarks)', async () => {
    const info = await initBackend('wasm', { customKernels: false });
    expect(info.kernels).toEqual([]);
    expect(installedKernelIds('wasm')).toEqual([]);
    expect(tf.getKernel('Conv2DBackpropFilter', 'wasm')).toBeUndefined();
    const patched = await initBackend('wasm');
    expect(patched.kernels.length).toBe(CUSTOM_KERNELS.length);
    expect(tf.getKernel('Conv2DBackpropFilter', 'wasm')).toBeDefined();
  });
});

describe('start-up self-test', () => {
  it('removes a kernel that disagrees with the cpu kernel and restores the stock one', async () => {
    await initBackend('wasm');
    uninstallCustomKernel(transposedMatMul, 'wasm');
    const stock = tf.getKernel('BatchMatMul', 'wasm');
    // A plausible bug: the transpose flags are swapped (same shapes for square inputs, wrong values).
    const broken: CustomKernel = {
      ...transposedMatMul,
      id: 'BatchMatMul(broken)',
      make: (backendName, stockConfig) => ({
        ...stockConfig!,
        backendName,
        kernelFunc: (args) => stockConfig!.kernelFunc({ ...args, attrs: { transposeA: args.attrs?.['transposeB'] === true, transposeB: args.attrs?.['transposeA'] === true } }),
      }),
      selfTestCases: [{ inputs: { a: [5, 5], b: [5, 5] }, attrs: { transposeA: true, transposeB: false } }],
    };
    installCustomKernels('wasm', [broken]);
    expect(tf.getKernel('BatchMatMul', 'wasm')).not.toBe(stock);
    const result = selfTestCustomKernels('wasm');
    expect(result.removed.map((r) => r.id)).toEqual(['BatchMatMul(broken)']);
    expect(result.removed[0]!.reason).toMatch(/max error/);
    expect(result.passed.length).toBe(CUSTOM_KERNELS.length - 1);
    const info = { name: 'wasm', requested: 'auto' as const, kernels: result.passed, threads: 1, notes: [`kernel BatchMatMul(broken) failed its self-test (${result.removed[0]!.reason}); using the stock kernel`] };
    expect(describeBackend(info)).toBe(`wasm (${CUSTOM_KERNELS.length - 1} kernel fixes; 1 failed its self-test)`);
    expect(tf.getKernel('BatchMatMul', 'wasm')).toBe(stock);
    installCustomKernels('wasm');
    expect(installedKernelIds('wasm')).toContain(transposedMatMul.id);
  });
});
