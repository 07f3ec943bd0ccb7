/**
 * A tiny conv + BatchNorm + dense WGAN-GP step through every custom kernel (transposed matmuls,
 * conv weight/input gradients, Tile via BatchNorm's gradient, a gradient penalty), and what the
 * memory tests watch: live tensors, their bytes and the wasm heap size.
 */
import * as tf from '@tensorflow/tfjs';

export interface MemoryState {
  readonly tensors: number;
  readonly bytes: number;
  readonly heap: number;
}

export function memoryState(): MemoryState {
  const heap = (tf.backend() as unknown as { wasm: { HEAPU8: Uint8Array } }).wasm.HEAPU8.buffer.byteLength;
  return { tensors: tf.memory().numTensors, bytes: tf.memory().numBytes, heap };
}

/** The step and its variables (dispose them after). */
export function wganMemoryStep(): { step(): void; dispose(): void; probe(): Promise<number> } {
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
  return {
    step: () => {
      tf.tidy(() => {
        optimizer.minimize(() => {
          const gx = tf.grad((inp: tf.Tensor) => tf.sum(critic(inp as tf.Tensor4D)))(x);
          const norm = tf.sqrt(tf.add(tf.sum(tf.square(gx), [1, 2, 3]), 1e-12));
          return tf.add(tf.mean(critic(x)), tf.mul(10, tf.mean(tf.square(tf.sub(norm, 1))))) as tf.Scalar;
        });
      });
    },
    probe: async () => (await denseW.data())[0]!,
    dispose: () => {
      tf.dispose([convW, deconvW, denseW, gamma, beta, x]);
      optimizer.dispose();
    },
  };
}
