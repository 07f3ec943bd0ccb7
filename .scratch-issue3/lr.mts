import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../src/backend/pick.js';
await initBackend('wasm');
const xs = Array.from({ length: 12 }, () => tf.randomNormal([128, 14, 14, 32]));
for (let r = 0; r < 2; r++) {
  let t0 = performance.now();
  for (let i = 0; i < 10; i++) tf.leakyRelu(xs[i]!, 0.2).dispose();
  console.log('leakyRelu', ((performance.now() - t0) / 10).toFixed(2), 'ms');
  t0 = performance.now();
  for (let i = 0; i < 10; i++) tf.tidy(() => tf.maximum(xs[i]!, tf.mul(xs[i]!, 0.2)));
  console.log('max(x, a*x)', ((performance.now() - t0) / 10).toFixed(2), 'ms');
  t0 = performance.now();
  for (let i = 0; i < 10; i++) tf.prelu(xs[i]!, tf.scalar(0.2)).dispose();
  console.log('prelu', ((performance.now() - t0) / 10).toFixed(2), 'ms');
  t0 = performance.now();
  for (let i = 0; i < 10; i++) tf.relu(xs[i]!).dispose();
  console.log('relu', ((performance.now() - t0) / 10).toFixed(2), 'ms');
}
