import * as tf from '@tensorflow/tfjs';
import type { KernelConfig } from '@tensorflow/tfjs';
import { initBackend } from '../../src/backend/pick.js';
import { buildDcganBenchStep, IMAGE_BENCH } from './dcgan-step.js';
await initBackend('wasm');
const bench = buildDcganBenchStep(IMAGE_BENCH);
for (let i = 0; i < 5; i++) bench.step();
const stats = new Map<string, { calls: number; ms: number }>();
let depth = 0;
for (const config of tf.getKernelsForBackend('wasm')) {
  const inner = config.kernelFunc;
  const wrapped: KernelConfig = { ...config, kernelFunc: (args) => {
    const nested = depth > 0;
    depth++;
    const t0 = process.cpuUsage();
    try { return inner(args); } finally {
      const u = process.cpuUsage(t0); depth--;
      const ins = Object.entries(args.inputs).map(([n, t]) => `${n}${JSON.stringify((t as tf.TensorInfo).shape)}`).join(' ');
      const key = `${nested ? '  (in) ' : ''}${config.kernelName} ${ins} ${JSON.stringify(args.attrs ?? {}).slice(0, 80)}`;
      const s = stats.get(key) ?? { calls: 0, ms: 0 }; s.calls++; s.ms += (u.user + u.system) / 1000; stats.set(key, s);
    }
  } };
  tf.unregisterKernel(config.kernelName, 'wasm'); tf.registerKernel(wrapped);
}
const N = Number(process.argv[2] ?? 10);
for (let i = 0; i < N; i++) bench.step();
for (const [k, s] of [...stats.entries()].sort((a, b) => b[1].ms - a[1].ms).slice(0, 45)) console.log(`${(s.ms / N).toFixed(2).padStart(7)} ms ${(s.calls / N).toFixed(1).padStart(5)}x ${k}`);
