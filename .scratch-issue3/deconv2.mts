import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../src/backend/pick.js';
await initBackend('wasm');
function time(name: string, f: () => tf.Tensor, n = 10) {
  for (let i = 0; i < 2; i++) f().dispose();
  const t0 = performance.now();
  for (let i = 0; i < n; i++) f().dispose();
  console.log(name.padEnd(40), ((performance.now() - t0) / n).toFixed(2), 'ms');
}
const dy = tf.randomNormal([64, 7, 7, 128]);
const w = tf.randomNormal([4, 4, 64, 128]);
const pf = tf.randomNormal([2, 2, 128, 256]);
const z = tf.randomNormal([64, 8, 8, 256]);
const u = tf.randomNormal([64, 16, 16, 64]);
for (let r = 0; r < 2; r++) {
time('deconv custom', () => tf.conv2dTranspose(dy, w, [64, 14, 14, 64], 2, 'same'));
time('conv pad1', () => tf.conv2d(dy, pf, 1, [[0, 0], [1, 1], [1, 1], [0, 0]]));
time('filter prep', () => tf.reshape(tf.transpose(tf.reverse(tf.reshape(w, [2, 2, 2, 2, 64, 128]), [0, 2]), [0, 2, 5, 1, 3, 4]), [2, 2, 128, 256]));
time('depthToSpace', () => tf.depthToSpace(z, 2));
time('slice', () => tf.slice(u, [0, 1, 1, 0], [64, 14, 14, 64]));
time('transpose 6d', () => tf.transpose(tf.reshape(z, [64, 8, 8, 2, 2, 64]), [0, 1, 3, 2, 4, 5]));
}
