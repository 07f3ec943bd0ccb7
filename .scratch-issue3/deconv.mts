import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../src/backend/pick.js';
await initBackend('wasm');
function time(name: string, f: () => tf.Tensor, n = 5) {
  for (let i = 0; i < 2; i++) f().dispose();
  const t0 = performance.now();
  for (let i = 0; i < n; i++) f().dispose();
  console.log(name.padEnd(40), ((performance.now() - t0) / n).toFixed(1), 'ms');
}
const dy = tf.randomNormal([64, 7, 7, 128]);
const w = tf.randomNormal([4, 4, 64, 128]);
const pf = tf.randomNormal([2, 2, 128, 256]);
const x14 = tf.randomNormal([64, 14, 14, 64]);
time('deconv custom', () => tf.conv2dTranspose(dy, w, [64, 14, 14, 64], 2, 'same'));
time('conv 7x7x128 * 2x2x128x256 pad1', () => tf.conv2d(dy, pf, 1, [[0, 0], [1, 1], [1, 1], [0, 0]]));
time('conv 7x7x128 * 2x2x128x256 same', () => tf.conv2d(dy, pf, 1, 'same'));
time('conv 14x14x64 * 4x4x64x128 s2', () => tf.conv2d(x14, tf.randomNormal([4, 4, 64, 128]), 2, 'same'));
const w1 = tf.randomNormal([1, 1, 128, 1024]);
time('conv1x1 7x7x128 -> 1024', () => tf.conv2d(dy, w1, 1, 'valid'));
time('matmul 3136x512 * 512x256', () => tf.matMul(tf.randomNormal([3136, 512]), tf.randomNormal([512, 256])));
time('matmul 3136x128 * 128x1024', () => tf.matMul(tf.reshape(dy, [3136, 128]), tf.randomNormal([128, 1024])));
