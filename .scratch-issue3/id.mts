import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../src/backend/pick.js';
await initBackend('wasm');
const k = tf.getKernel('Identity', 'wasm');
const orig = k.kernelFunc;
(k as any).kernelFunc = (args: any) => { if (!args.inputs.x) { console.log('inputs', Object.keys(args.inputs), new Error().stack?.split('\n').slice(1, 12).join('\n')); } return orig(args); };
const x = tf.randomNormal([2, 8, 8, 1]) as tf.Tensor4D;
const w = tf.variable(tf.randomNormal([3, 3, 1, 4]));
const c = tf.conv2d(x, w as tf.Tensor4D, 2, 'same');
try {
const g = tf.grad((inp: tf.Tensor) => { const m = tf.moments(inp, [0, 1, 2]); return tf.sum(tf.batchNorm(inp, m.mean, m.variance, undefined, undefined, 1e-5)); })(c);
console.log('ok', g.shape);
} catch (e) { console.log('ERR', (e as Error).message); }
