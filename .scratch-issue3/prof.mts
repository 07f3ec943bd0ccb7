import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../src/backend/pick.js';
import { buildDcganBenchStep as buildBenchDcganStep } from '../plugins/dcgan/bench-step.js';
import { buildCtganBenchStep } from '../plugins/ctgan/bench-step.js';
import { TABULAR_BENCH } from '../bench/training-speed/tabular-config.js';
await initBackend('wasm');
const which = process.argv[2] ?? 'image';
const b = which === 'image' ? buildBenchDcganStep({ batchSize: 64, imageShape: [28, 28, 1], classes: 10, seed: 1 })
  : buildCtganBenchStep({ ...TABULAR_BENCH, categoricalLevels: [...TABULAR_BENCH.categoricalLevels] });
for (let i = 0; i < 3; i++) b.step();
const t0 = performance.now();
const prof = await tf.profile(() => { b.step(); b.step(); b.step(); });
const wall = performance.now() - t0;
const agg = new Map<string, { ms: number; n: number }>();
let total = 0;
for (const k of prof.kernels) {
  const ms = typeof k.kernelTimeMs === 'number' ? k.kernelTimeMs : 0;
  const key = k.name + ' ' + (true ? JSON.stringify(k.inputShapes) : '');
  const e = agg.get(key) ?? { ms: 0, n: 0 };
  e.ms += ms; e.n++; agg.set(key, e); total += ms;
}
console.log('wall', wall.toFixed(0), 'kernel total', total.toFixed(0), 'kernels', prof.kernels.length);
for (const [k, v] of [...agg].sort((a, b) => b[1].ms - a[1].ms).slice(0, 45)) console.log(v.ms.toFixed(1).padStart(8), String(v.n).padStart(4), k);
