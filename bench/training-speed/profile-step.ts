/**
 * Where a training step spends its time on a backend — the tabular (CTGAN) step or the image
 * (conditional DCGAN, batch 64, 28x28x1) one: per kernel name, the
 * number of calls and milliseconds per step (top-level kernel calls only; kernels that call other
 * kernels are charged with them), and the rest (engine bookkeeping, tape, JS). Times are CPU time
 * of this process (process.cpuUsage), which other processes on a busy machine disturb far less
 * than wall-clock time; the step's wall-clock time is printed too, and the tensors the engine
 * created and the buffers the backend allocated per step.
 * Usage: tsx bench/training-speed/profile-step.ts [tabular|image] [wasm|cpu] [steps]
 */
import * as tf from '@tensorflow/tfjs';
import type { KernelConfig } from '@tensorflow/tfjs';
import { initBackend } from '../../src/backend/pick.js';
import { buildCtganBenchStep } from './ctgan-step.js';
import { buildDcganBenchStep, IMAGE_BENCH } from './dcgan-step.js';
import { TABULAR_BENCH } from './tabular-config.js';

const model = process.argv[2] ?? 'tabular';
const backendName = process.argv[3] ?? 'wasm';
const steps = Number(process.argv[4] ?? 20);
if (model !== 'tabular' && model !== 'image') throw new Error(`model must be tabular or image, got '${model}'`);
await initBackend(backendName === 'cpu' ? 'cpu' : 'wasm', { convolutions: model === 'image' });
const bench =
  model === 'tabular'
    ? buildCtganBenchStep(TABULAR_BENCH)
    : buildDcganBenchStep(IMAGE_BENCH);
for (let i = 0; i < 5; i++) bench.step();

const stats = new Map<string, { calls: number; ms: number }>();
let depth = 0;
for (const config of tf.getKernelsForBackend(backendName)) {
  const inner = config.kernelFunc;
  const wrapped: KernelConfig = {
    ...config,
    kernelFunc: (args) => {
      if (depth > 0) return inner(args);
      depth++;
      const t0 = process.cpuUsage();
      try {
        return inner(args);
      } finally {
        const used = process.cpuUsage(t0);
        const ms = (used.user + used.system) / 1000;
        depth--;
        const s = stats.get(config.kernelName) ?? { calls: 0, ms: 0 };
        s.calls++;
        s.ms += ms;
        stats.set(config.kernelName, s);
      }
    },
  };
  tf.unregisterKernel(config.kernelName, backendName);
  tf.registerKernel(wrapped);
}
// Allocations: engine tensors (tfjs-core numbers every tensor it creates) and backend buffers
// (every output a kernel allocates, including the intermediates inside composed kernels).
const engineClass = tf.engine().constructor as unknown as { nextTensorId: number };
const backend = tf.backend() as unknown as Record<'write' | 'makeOutput', ((...args: unknown[]) => unknown) | undefined>;
let buffers = 0;
for (const name of ['write', 'makeOutput'] as const) {
  const original = backend[name]?.bind(backend);
  if (original) backend[name] = (...args: unknown[]) => (buffers++, original(...args));
}
const tensors0 = engineClass.nextTensorId;
const t0 = performance.now();
const c0 = process.cpuUsage();
for (let i = 0; i < steps; i++) bench.step();
const cpu = process.cpuUsage(c0);
const tensors = (engineClass.nextTensorId - tensors0) / steps;
const wall = (performance.now() - t0) / steps;
const total = (cpu.user + cpu.system) / 1000 / steps;
const rows = [...stats.entries()].sort((a, b) => b[1].ms - a[1].ms);
const kernelMs = rows.reduce((n, [, s]) => n + s.ms, 0) / steps;
const calls = rows.reduce((n, [, s]) => n + s.calls, 0) / steps;
console.log(`${model} on ${backendName}: ${total.toFixed(1)} ms CPU/step (${wall.toFixed(1)} ms wall), ${calls.toFixed(0)} kernel calls/step, kernels ${kernelMs.toFixed(1)} ms, rest ${(total - kernelMs).toFixed(1)} ms`);
console.log(`per step: ${tensors.toFixed(0)} engine tensors created, ${(buffers / steps).toFixed(0)} backend buffers allocated`);
for (const [name, s] of rows) console.log(`${name.padEnd(22)} ${(s.calls / steps).toFixed(0).padStart(5)} calls ${(s.ms / steps).toFixed(2).padStart(7)} ms`);
bench.dispose();
