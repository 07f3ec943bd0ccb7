import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../src/backend/pick.js';
for (const b of ['cpu', 'stock-wasm'] as const) {
  if (b === 'cpu') await initBackend('cpu'); else await initBackend('wasm', { customKernels: false });
  try {
    const c = tf.randomNormal([2, 4, 4, 3]);
    tf.grad((inp: tf.Tensor) => { const m = tf.moments(inp, [0, 1, 2]); return tf.sum(tf.batchNorm(inp, m.mean, m.variance, undefined, undefined, 1e-5)); })(c);
    console.log(b, 'ok');
  } catch (e) { console.log(b, 'ERR', (e as Error).message); }
}
