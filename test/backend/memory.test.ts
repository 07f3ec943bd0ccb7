/**
 * Memory stays flat: after warm-up, thousands of small training steps through every custom kernel
 * (transposed matmuls, conv weight/input gradients, Tile via BatchNorm, a gradient penalty) leave the number of live
 * tensors and the WebAssembly heap where they were.
 */
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { initBackend } from '../../src/backend/pick.js';
import { CUSTOM_KERNELS } from '../../src/backend/kernels/install.js';

interface WasmBackendView {
  wasm: { HEAPU8: Uint8Array };
}

function wasmHeapBytes(): number {
  return (tf.backend() as unknown as WasmBackendView).wasm.HEAPU8.buffer.byteLength;
}

describe('training memory on patched wasm', () => {
  it('2000 tiny conv + dense WGAN-GP steps keep tensors, bytes and the wasm heap flat', async () => {
    const info = await initBackend('wasm');
    expect(info.kernels.length).toBe(CUSTOM_KERNELS.length);
    const convW = tf.variable(tf.randomNormal([3, 3, 1, 4], 0, 0.3, 'float32', 1));
    const deconvW = tf.variable(tf.randomNormal([4, 4, 1, 4], 0, 0.3, 'float32', 2));
    const denseW = tf.variable(tf.randomNormal([4 * 4 * 4, 1], 0, 0.3, 'float32', 3));
    // (tfjs 4.22's BatchNorm gradient needs an explicit scale: it saves `scale` even when absent.)
    const gamma = tf.variable(tf.ones([4]));
    const beta = tf.variable(tf.zeros([4]));
    const optimizer = tf.train.adam(1e-3, 0.5, 0.9);
    const x = tf.randomNormal([2, 8, 8, 1], 0, 1, 'float32', 4) as tf.Tensor4D;

    const critic = (input: tf.Tensor4D): tf.Tensor => {
      const c = tf.conv2d(input, convW as tf.Tensor4D, 2, 'same'); // [2,4,4,4]
      const m = tf.moments(c, [0, 1, 2]); // BatchNorm's gradient goes through Tile
      const h = tf.leakyRelu(tf.batchNorm(c, m.mean, m.variance, beta, gamma, 1e-5), 0.2);
      const up = tf.conv2dTranspose(h as tf.Tensor4D, deconvW as tf.Tensor4D, [2, 8, 8, 1], 2, 'same');
      const h2 = tf.conv2d(tf.add(up, input as tf.Tensor) as tf.Tensor4D, convW as tf.Tensor4D, 2, 'same');
      return tf.matMul(tf.reshape(h2, [2, 64]), denseW as tf.Tensor2D);
    };
    const step = (): void => {
      tf.tidy(() => {
        optimizer.minimize(() => {
          const gx = tf.grad((inp: tf.Tensor) => tf.sum(critic(inp as tf.Tensor4D)))(x);
          const norm = tf.sqrt(tf.add(tf.sum(tf.square(gx), [1, 2, 3]), 1e-12));
          return tf.add(tf.mean(critic(x)), tf.mul(10, tf.mean(tf.square(tf.sub(norm, 1))))) as tf.Scalar;
        });
      });
    };

    for (let i = 0; i < 50; i++) step();
    const before = { tensors: tf.memory().numTensors, bytes: tf.memory().numBytes, heap: wasmHeapBytes() };
    for (let i = 0; i < 2000; i++) step();
    const after = { tensors: tf.memory().numTensors, bytes: tf.memory().numBytes, heap: wasmHeapBytes() };
    expect(after).toEqual(before);
    expect(Number.isFinite((await denseW.data())[0]!)).toBe(true);
    tf.dispose([convW, deconvW, denseW, gamma, beta, x]);
    optimizer.dispose();
  });
});
