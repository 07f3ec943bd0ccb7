import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../src/backend/pick.js';
const patched = process.argv[2] !== 'stock';
await initBackend('wasm', { customKernels: patched });
function time(name: string, mk: () => tf.Tensor[], f: (xs: tf.Tensor[]) => tf.Tensor, flop: number, n = 15) {
  const inputs = Array.from({ length: n + 3 }, mk);
  for (let i = 0; i < 3; i++) f(inputs[i]!).dispose();
  const t0 = performance.now();
  for (let i = 0; i < n; i++) f(inputs[i + 3]!).dispose();
  const ms = (performance.now() - t0) / n;
  console.log(name.padEnd(44), ms.toFixed(2), 'ms', (flop / ms / 1e6).toFixed(1), 'GFLOP/s');
  tf.dispose(inputs.flat());
}
const r = (s: number[]) => tf.randomNormal(s);
const w = r([440, 256]);
time('NN fresh b [500,440]x[440,256]', () => [r([500, 440]), r([440, 256])], ([a, b]) => tf.matMul(a as tf.Tensor2D, b as tf.Tensor2D), 2 * 500 * 440 * 256);
time('NN same b', () => [r([500, 440])], ([a]) => tf.matMul(a as tf.Tensor2D, w as tf.Tensor2D), 2 * 500 * 440 * 256);
time('NT fresh [500,256]x[440,256]^T', () => [r([500, 256]), r([440, 256])], ([a, b]) => tf.matMul(a as tf.Tensor2D, b as tf.Tensor2D, false, true), 2 * 500 * 440 * 256);
time('TN fresh [500,696]^T x [500,75]', () => [r([500, 696]), r([500, 75])], ([a, b]) => tf.matMul(a as tf.Tensor2D, b as tf.Tensor2D, true, false), 2 * 500 * 696 * 75);
time('NN fresh [696,500]x[500,75]', () => [r([696, 500]), r([500, 75])], ([a, b]) => tf.matMul(a as tf.Tensor2D, b as tf.Tensor2D), 2 * 500 * 696 * 75);
time('NN fresh [75,500]x[500,696]', () => [r([75, 500]), r([500, 696])], ([a, b]) => tf.matMul(a as tf.Tensor2D, b as tf.Tensor2D), 2 * 500 * 696 * 75);
time('NN fresh [50,1310]x[1310,256]', () => [r([50, 1310]), r([1310, 256])], ([a, b]) => tf.matMul(a as tf.Tensor2D, b as tf.Tensor2D), 2 * 50 * 1310 * 256);
