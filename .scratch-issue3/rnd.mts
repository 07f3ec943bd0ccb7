import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../src/backend/pick.js';
await initBackend('wasm');
const x = tf.randomNormal([128, 14, 14, 32]);
for (let r = 0; r < 2; r++) {
  let t0 = performance.now();
  for (let i = 0; i < 5; i++) tf.randomUniform([128, 14, 14, 32], 0, 1, 'float32', i).dispose();
  console.log('randomUniform 800K', ((performance.now() - t0) / 5).toFixed(1), 'ms');
  t0 = performance.now();
  for (let i = 0; i < 5; i++) tf.dropout(x, 0.3, undefined, i).dispose();
  console.log('dropout 800K', ((performance.now() - t0) / 5).toFixed(1), 'ms');
  t0 = performance.now();
  for (let i = 0; i < 5; i++) tf.leakyRelu(x, 0.2).dispose();
  console.log('leakyRelu 800K', ((performance.now() - t0) / 5).toFixed(1), 'ms');
}
