import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../src/backend/pick.js';
await initBackend('wasm');
function time(name: string, f: () => tf.Tensor, n = 10) {
  for (let i = 0; i < 2; i++) f().dispose();
  const t0 = performance.now();
  for (let i = 0; i < n; i++) f().dispose();
  console.log(name.padEnd(40), ((performance.now() - t0) / n).toFixed(2), 'ms');
}
const w = tf.randomNormal([4, 4, 64, 128]);
const w6 = tf.reshape(w, [2, 2, 2, 2, 64, 128]);
const z = tf.randomNormal([64, 8, 8, 256]);
time('reverse 6d', () => tf.reverse(w6, [0, 2]));
time('transpose 6d filter', () => tf.transpose(w6, [0, 2, 5, 1, 3, 4]));
time('transpose 6d z', () => tf.transpose(tf.reshape(z, [64, 8, 8, 2, 2, 64]), [0, 1, 3, 2, 4, 5]));
time('transpose 4d z', () => tf.transpose(z, [0, 2, 1, 3]));
const w4 = tf.reshape(w, [2, 2, 2, 2*64*128]);
time('reverse via slices+concat', () => tf.concat([tf.slice(w6, [1,0,0,0,0,0],[1,2,2,2,64,128]), tf.slice(w6, [0,0,0,0,0,0],[1,2,2,2,64,128])], 0));
