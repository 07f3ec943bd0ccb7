import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../src/backend/pick.js';
await initBackend('wasm');
function time(name: string, f: () => tf.Tensor, n = 20) {
  for (let i = 0; i < 3; i++) f().dispose();
  const t0 = performance.now();
  for (let i = 0; i < n; i++) f().dispose();
  console.log(name.padEnd(40), ((performance.now() - t0) / n).toFixed(2), 'ms');
}
const x = tf.randomNormal([128, 14, 14, 32]);
const ones = tf.ones([1, 128 * 14 * 14]);
for (let r = 0; r < 2; r++) {
time('sum [0,1,2]', () => tf.sum(x, [0, 1, 2]));
time('mean [0,1,2]', () => tf.mean(x, [0, 1, 2]));
time('sum last', () => tf.sum(x, [3]));
time('ones matmul', () => tf.matMul(ones, tf.reshape(x, [128 * 14 * 14, 32])));
time('transpose [3,0,1,2]', () => tf.transpose(x, [3, 0, 1, 2]));
time('moments', () => { const m = tf.moments(x, [0, 1, 2]); m.variance.dispose(); return m.mean; });
}
