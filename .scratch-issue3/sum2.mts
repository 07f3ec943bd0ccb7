import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../src/backend/pick.js';
await initBackend('wasm', { customKernels: false });
function time(name: string, f: (x: tf.Tensor) => tf.Tensor, n = 20) {
  const xs = Array.from({ length: n + 3 }, () => tf.randomNormal([128, 7, 7, 64]));
  for (let i = 0; i < 3; i++) f(xs[i]!).dispose();
  const t0 = performance.now();
  for (let i = 0; i < n; i++) f(xs[i + 3]!).dispose();
  console.log(name.padEnd(40), ((performance.now() - t0) / n).toFixed(2), 'ms');
  tf.dispose(xs);
}
const ones = tf.ones([1, 128 * 7 * 7]);
for (let r = 0; r < 2; r++) {
time('stock sum [0,1,2]', (x) => tf.sum(x, [0, 1, 2]));
time('ones matmul fresh x', (x) => tf.matMul(ones, tf.reshape(x, [128 * 7 * 7, 64])));
time('js loop', (x) => { const v = x.dataSync() as Float32Array; const C = 64; const acc = new Float64Array(C); for (let i = 0; i < v.length; i += C) for (let c = 0; c < C; c++) acc[c] += v[i + c]!; return tf.tensor1d(Float32Array.from(acc)); });
time('js loop f32', (x) => { const v = x.dataSync() as Float32Array; const C = 64; const acc = new Float32Array(C); for (let i = 0; i < v.length; i += C) for (let c = 0; c < C; c++) acc[c] += v[i + c]!; return tf.tensor1d(acc); });
}
