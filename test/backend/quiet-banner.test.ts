import * as tf from '@tensorflow/tfjs';
import { MathBackendCPU } from '@tensorflow/tfjs-backend-cpu';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { initBackend } from '../../src/backend/pick.js';

const BANNER = 'install our node backend';

describe("the cpu backend's banner", () => {
  afterEach(() => vi.restoreAllMocks());

  it('is not printed when the library stores tensors on the cpu backend', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    await initBackend('cpu');
    tf.tensor([1, 2, 3]).dispose();
    expect(warn.mock.calls.flat().join(' ')).not.toContain(BANNER);
  });

  it("is what a fresh cpu backend prints on its first tensor (the flag the library clears)", () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const fresh = new MathBackendCPU();
    fresh.write(new Float32Array(1), [1], 'float32');
    expect(warn.mock.calls.flat().join(' ')).toContain(BANNER);
    fresh.dispose();
  });
});
