import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../src/backend/pick.js';
await initBackend('wasm');
const eng = tf.engine() as any;
const orig = eng.getTensorsForGradient.bind(eng);
eng.getTensorsForGradient = (name: string, inputs: any, outputs: any) => { const r = orig(name, inputs, outputs); if (r.some((t: any) => t === undefined)) console.log('undefined saved for', name, Object.keys(inputs), outputs.length); return r; };
const x = tf.randomNormal([2, 8, 8, 1]) as tf.Tensor4D;
const w = tf.variable(tf.randomNormal([3, 3, 1, 4]));
const c = tf.conv2d(x, w as tf.Tensor4D, 2, 'same');
try {
const g = tf.grad((inp: tf.Tensor) => { const m = tf.moments(inp, [0, 1, 2]); return tf.sum(tf.batchNorm(inp, m.mean, m.variance, undefined, undefined, 1e-5)); })(c);
console.log('ok', g.shape);
} catch (e) { console.log('ERR', (e as Error).message); }
