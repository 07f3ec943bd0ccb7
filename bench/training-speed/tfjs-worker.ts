/**
 * One tfjs contestant of the training-speed benchmark:
 * `tsx tfjs-worker.ts <tabular|image> <wasm-patched|wasm-stock|cpu> [threads]` (threads: wasm only, default 1).
 * Speaks the line protocol of `protocol.ts`.
 */
import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../../src/backend/pick.js';
import { buildCtganBenchStep } from './ctgan-step.js';
import { buildDcganBenchStep, IMAGE_BENCH } from './dcgan-step.js';
import { serve } from './protocol.js';
import { TABULAR_BENCH } from './tabular-config.js';

type Step = { step(): void; dispose(): void };

const [model, variant, threadsArg] = process.argv.slice(2);
const threads = Number(threadsArg ?? 1);

/** The plugins' own training steps (same networks and trainers as `fit`). */
function build(): { bench: Step; source: string } {
  if (model === 'tabular') {
    return { bench: buildCtganBenchStep(TABULAR_BENCH), source: 'bench/training-speed/ctgan-step.ts' };
  }
  return { bench: buildDcganBenchStep(IMAGE_BENCH), source: 'bench/training-speed/dcgan-step.ts' };
}

const info = variant === 'cpu' ? await initBackend('cpu') : await initBackend('wasm', { customKernels: variant === 'wasm-patched', threads, convolutions: model === 'image' });
let built: { bench: Step; source: string } | undefined;
let buildError: string | undefined;
try {
  built = build();
} catch (err) {
  buildError = (err as Error).message.split('\n')[0];
}

function wasmHeapMb(): number | undefined {
  const backend = tf.backend() as unknown as { wasm?: { HEAPU8: Uint8Array } };
  return backend.wasm ? backend.wasm.HEAPU8.buffer.byteLength / 2 ** 20 : undefined;
}

serve(
  (n) => {
    if (!built) throw new Error(buildError ?? 'not built');
    const ms: number[] = [];
    for (let i = 0; i < n; i++) {
      const t0 = performance.now();
      built.bench.step();
      ms.push(performance.now() - t0);
    }
    return ms;
  },
  () => {
    const heap = wasmHeapMb();
    return {
      peakRssMb: process.resourceUsage().maxRSS / 1024,
      note: `${info.name}${info.kernels.length ? ` +${info.kernels.length} kernels` : ''}, ${info.threads ?? '?'} thread(s); ${built?.source ?? 'not built'}; tensors ${tf.memory().numTensors}${heap ? `; wasm heap ${heap.toFixed(0)} MB` : ''}`,
    };
  },
);
