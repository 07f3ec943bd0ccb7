import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../src/backend/pick.js';
await initBackend('wasm');
function time(name: string, mk: () => tf.Tensor[], f: (xs: tf.Tensor[]) => tf.Tensor, n = 15) {
  const inputs = Array.from({ length: n + 3 }, mk);
  for (let i = 0; i < 3; i++) f(inputs[i]!).dispose();
  const t0 = performance.now();
  for (let i = 0; i < n; i++) f(inputs[i + 3]!).dispose();
  console.log(name.padEnd(44), ((performance.now() - t0) / n).toFixed(2), 'ms');
  tf.dispose(inputs.flat());
}
for (let r = 0; r < 2; r++) {
time('deconv custom [64,7,7,64]->[64,14,14,32]', () => [tf.randomNormal([64, 7, 7, 64]), tf.randomNormal([4, 4, 32, 64])], ([dy, w]) => tf.conv2dTranspose(dy as tf.Tensor4D, w as tf.Tensor4D, [64, 14, 14, 32], 2, 'same'));
time('  inner conv pad1 [2,2,64,128]', () => [tf.randomNormal([64, 7, 7, 64]), tf.randomNormal([2, 2, 64, 128])], ([dy, w]) => tf.conv2d(dy as tf.Tensor4D, w as tf.Tensor4D, 1, [[0, 0], [1, 1], [1, 1], [0, 0]]));
time('  transpose6d', () => [tf.randomNormal([64, 8, 8, 2, 2, 32])], ([z]) => tf.transpose(z!, [0, 1, 3, 2, 4, 5]));
time('  slice', () => [tf.randomNormal([64, 16, 16, 32])], ([u]) => tf.slice(u!, [0, 1, 1, 0], [64, 14, 14, 32]));
time('stock conv fwd [64,14,14,32]x[4,4,32,64] s2', () => [tf.randomNormal([64, 14, 14, 32]), tf.randomNormal([4, 4, 32, 64])], ([x, w]) => tf.conv2d(x as tf.Tensor4D, w as tf.Tensor4D, 2, 'same'));
}
