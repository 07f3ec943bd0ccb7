/**
 * Memory stays flat: after warm-up, thousands of small training steps through every custom kernel
 * (test/support/wgan-memory-step.ts) leave the number of live tensors and the WebAssembly heap
 * where they were. The same with two threads: test/backend/threads.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { initBackend } from '../../src/backend/pick.js';
import { CUSTOM_KERNELS } from '../../src/backend/kernels/install.js';
import { memoryState, wganMemoryStep } from '../support/wgan-memory-step.js';

describe('training memory on patched wasm', () => {
  it('2000 tiny conv + dense WGAN-GP steps keep tensors, bytes and the wasm heap flat', async () => {
    const info = await initBackend('wasm', { threads: 1 });
    expect(info.kernels.length).toBe(CUSTOM_KERNELS.length);
    expect(info.threads).toBe(1);
    const bench = wganMemoryStep();
    for (let i = 0; i < 50; i++) bench.step();
    const before = memoryState();
    for (let i = 0; i < 2000; i++) bench.step();
    expect(memoryState()).toEqual(before);
    expect(Number.isFinite(await bench.probe())).toBe(true);
    bench.dispose();
  });
});
