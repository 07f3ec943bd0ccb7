import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
await tf.setBackend('wasm'); await tf.ready();
const a = tf.randomNormal([500, 256]); const b = tf.randomNormal([256, 256]);
const aT = tf.randomNormal([256, 500]); const bT = tf.randomNormal([256, 256]);
function time(name: string, f: () => tf.Tensor) {
  for (let i = 0; i < 3; i++) f().dispose();
  const t0 = performance.now(); const n = 30;
  for (let i = 0; i < n; i++) f().dispose();
  const ms = (performance.now() - t0) / n;
  console.log(name, ms.toFixed(2), 'ms', (2 * 500 * 256 * 256 / ms / 1e6).toFixed(2), 'GFLOP/s');
}
time('NN', () => tf.matMul(a, b));
time('NT', () => tf.matMul(a, bT, false, true));
time('TN', () => tf.matMul(aT, b, true, false));
time('fusedNN', () => tf.fused.matMul({a, b, bias: tf.zeros([256]), activation: 'relu'}));
time('fusedNT', () => tf.fused.matMul({a, b: bT, transposeB: true, bias: tf.zeros([256]), activation: 'relu'}));
const a3 = tf.randomNormal([4, 500, 64]); const b3 = tf.randomNormal([4, 64, 64]);
time('batch4 NN', () => tf.matMul(a3, b3));
time('transpose 500x256', () => tf.transpose(a));
