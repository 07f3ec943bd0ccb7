/**
 * Training-speed benchmark (`npm run bench`): time steps of the tabular GAN (CTGAN sizes, batch
 * 500) and of the image GAN (conditional DCGAN, batch 64, 28x28x1) on each tfjs backend (wasm
 * with gan-augment's kernel fixes, stock wasm, cpu) and, when `python3 -c 'import torch'` works,
 * the same steps in PyTorch, each with one thread; then patched wasm and PyTorch again with all
 * cores (BENCH_THREADS). Every contestant is its own process; runs are interleaved
 * (A B C A B C ...) and per-step medians reported. The last lines are
 * `ratio tfjs/pytorch tabular=X image=Y` (one thread each) and
 * `ratio tfjs/pytorch N threads tabular=X image=Y`: time per step of patched wasm over PyTorch's,
 * the median over rounds of the quotient of the two back-to-back runs (the lines before give the
 * plain ratio of the overall medians, and of CPU times).
 *
 * Environment: BENCH_ROUNDS (default 5), BENCH_RUN_MS (target milliseconds per run, default 2000),
 * BENCH_VARIANTS (comma-separated subset of wasm-patched,wasm-stock,cpu; default all),
 * BENCH_MODELS (comma-separated subset of tabular,image; default both), BENCH_THREADS (the
 * all-cores count, default os.availableParallelism(); 1 skips the all-cores contestants),
 * BENCH_PYTHON (python executable), BENCH_SKIP_E2E=1 to skip the end-to-end part,
 * BENCH_TORCH_BLAS (a folder holding the libblas.so.3 PyTorch should load; default below).
 *
 * Which BLAS PyTorch gets decides whether it is a fair contestant. Debian's python3-torch does its
 * matrix products through whatever libblas.so.3 the system's alternatives point at: the reference
 * BLAS (libblas3) when no optimised one is installed, about 8x slower on the tabular step (518 ms
 * against 50 ms measured 2026-12-07), or OpenBLAS. OpenBLAS's pthread build keeps its own thread
 * pool beside torch's OpenMP pool, and with 2 threads the two fight (tabular 93 ms, image 274 ms:
 * slower than one thread); the OpenMP build shares torch's pool (43 / 79 ms). So by default the
 * worker is started with LD_LIBRARY_PATH on Debian's OpenMP OpenBLAS when it is installed
 * (`apt-get install libopenblas0-openmp`), and its note names the BLAS it actually loaded.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { initBackend } from '../src/backend/pick.js';
import { ctganLayout } from './training-speed/ctgan-layout.js';
import { IMAGE_BENCH } from './training-speed/dcgan-step.js';
import { runEndToEnd } from './training-speed/end-to-end.js';
import { Worker } from './training-speed/protocol.js';
import { TABULAR_BENCH } from './training-speed/tabular-config.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const ROUNDS = Number(process.env['BENCH_ROUNDS'] ?? 5);
const RUN_MS = Number(process.env['BENCH_RUN_MS'] ?? 2000);
const SLOW_MS = 15_000;
const ALL_MODELS = ['tabular', 'image'] as const;
type Model = (typeof ALL_MODELS)[number];
const MODELS = (process.env['BENCH_MODELS']?.split(',').map((m) => m.trim()) ?? [...ALL_MODELS]).filter((m): m is Model =>
  (ALL_MODELS as readonly string[]).includes(m),
);
const ROWS_PER_STEP: Record<Model, number> = { tabular: TABULAR_BENCH.batchSize, image: IMAGE_BENCH.batchSize };
const THREADS = Number(process.env['BENCH_THREADS'] ?? os.availableParallelism());
const ALL_VARIANTS = ['wasm-patched', 'wasm-stock', 'cpu'] as const;
const TFJS_VARIANTS = (process.env['BENCH_VARIANTS']?.split(',').map((v) => v.trim()) ?? [...ALL_VARIANTS]).filter((v) =>
  (ALL_VARIANTS as readonly string[]).includes(v),
);

interface Contestant {
  readonly model: Model;
  readonly name: string;
  /** The contestants the ratio lines compare: patched wasm and PyTorch, by thread count. */
  readonly paired?: { readonly side: 'tfjs' | 'torch'; readonly threads: number };
  readonly worker: Worker;
  steps: number;
  readonly ms: number[];
  /** Median ms/step of each interleaved round (for round-paired ratios). */
  readonly roundMedians: number[];
  /** CPU time per step of each round (the worker process's own), less disturbed by other processes than wall-clock time. */
  readonly roundCpu: number[];
  error?: string;
  /** Too slow for rounds: reported from its first step. */
  slow?: boolean;
}

function findTorchPython(): string | undefined {
  const candidates = [process.env['BENCH_PYTHON'], '/usr/bin/python3', 'python3'].filter((c): c is string => !!c);
  for (const python of candidates) {
    try {
      execFileSync(python, ['-c', 'import torch'], { stdio: 'ignore', timeout: 60_000 });
      return python;
    } catch {
      // try the next one
    }
  }
  return undefined;
}

const OPENMP_OPENBLAS = '/usr/lib/x86_64-linux-gnu/openblas-openmp';

/** The environment of a PyTorch worker: its BLAS chosen as above. */
function torchEnv(): NodeJS.ProcessEnv | undefined {
  const blas = process.env['BENCH_TORCH_BLAS'] ?? (existsSync(path.join(OPENMP_OPENBLAS, 'libblas.so.3')) ? OPENMP_OPENBLAS : undefined);
  if (!blas) return undefined;
  const previous = process.env['LD_LIBRARY_PATH'];
  return { ...process.env, LD_LIBRARY_PATH: previous ? `${blas}:${previous}` : blas };
}

function median(values: readonly number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

function machine(): string {
  const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
  return `${os.availableParallelism()} cores (nproc), ${cpu}, node ${process.version}, load avg ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}`;
}

async function main(): Promise<void> {
  console.log(`training-speed benchmark — ${machine()}`);
  await initBackend('cpu');
  const layout = ctganLayout();
  if (MODELS.includes('tabular')) console.log(`tabular: ${TABULAR_BENCH.rows} rows, ${TABULAR_BENCH.numeric} numeric + ${TABULAR_BENCH.categoricalLevels.length} categorical columns -> data width ${layout.dataDim}, condition width ${layout.condDim}, batch ${layout.batchSize}, pac ${layout.pac}, generator ${layout.generatorDims.join('x')}, critic ${layout.criticDims.join('x')}`);
  if (MODELS.includes('image')) console.log(`image: conditional DCGAN, batch ${IMAGE_BENCH.batchSize}, ${IMAGE_BENCH.imageShape.join('x')}, ${IMAGE_BENCH.classes} classes`);

  const python = findTorchPython();
  if (!python) console.log("PyTorch: not available (no python3 with 'import torch'; apt-get install -y python3-torch)");
  const tsx = path.join(here, '..', 'node_modules', '.bin', 'tsx');
  const contestants: Contestant[] = [];
  const tfjs = (model: Model, variant: string, threads: number): Contestant => ({
    model,
    name: `tfjs ${variant}${threads > 1 ? ` ${threads} thr` : ''}`,
    ...(variant === 'wasm-patched' ? { paired: { side: 'tfjs' as const, threads } } : {}),
    worker: new Worker(`${model} ${variant} ${threads}`, tsx, [path.join(here, 'training-speed', 'tfjs-worker.ts'), model, variant, String(threads)]),
    steps: 1, ms: [], roundMedians: [], roundCpu: [],
  });
  const torch = (model: Model, python: string, threads: number): Contestant => ({
    model,
    name: `pytorch ${threads} thread${threads > 1 ? 's' : ''}`,
    paired: { side: 'torch', threads },
    worker: new Worker(`${model} pytorch ${threads}`, python, [path.join(here, 'pytorch', 'worker.py'), model, String(threads), ...(model === 'tabular' ? [JSON.stringify(layout)] : [])], torchEnv()),
    steps: 1, ms: [], roundMedians: [], roundCpu: [],
  });
  for (const model of MODELS) {
    for (const variant of TFJS_VARIANTS) contestants.push(tfjs(model, variant, 1));
    if (python) contestants.push(torch(model, python, 1));
    if (THREADS > 1) {
      if (TFJS_VARIANTS.includes('wasm-patched')) contestants.push(tfjs(model, 'wasm-patched', THREADS));
      if (python) contestants.push(torch(model, python, THREADS));
    }
  }

  // Warm-up (not timed) and calibration: steps per run so one run takes about RUN_MS. A
  // contestant slower than SLOW_MS per step (cpu on the image GAN: minutes) is reported from its
  // first step alone — on the cpu backend there is little to warm up.
  for (const c of contestants) {
    process.stderr.write(`warm-up ${c.model} ${c.name}\n`);
    const first = await c.worker.run(1);
    if (first.error || !first.ms) {
      c.error = first.error ?? 'no reply';
      continue;
    }
    if (first.ms[0]! > SLOW_MS) {
      c.ms.push(...first.ms);
      c.slow = true;
      continue;
    }
    const timed = await c.worker.run(1);
    if (timed.error || !timed.ms) {
      c.error = timed.error ?? 'no reply';
      continue;
    }
    c.steps = Math.max(1, Math.min(50, Math.round(RUN_MS / Math.max(1, timed.ms[0]!))));
  }
  // Interleaved rounds.
  for (let round = 0; round < ROUNDS; round++) {
    for (const c of contestants) {
      if (c.error || c.slow) continue;
      const reply = await c.worker.run(c.steps);
      if (reply.error || !reply.ms) c.error = reply.error ?? 'no reply';
      else {
        c.ms.push(...reply.ms);
        c.roundMedians.push(median(reply.ms));
        if (reply.cpuMs !== undefined) c.roundCpu.push(reply.cpuMs);
      }
    }
    process.stderr.write(`round ${round + 1}/${ROUNDS} done\n`);
  }

  console.log('');
  console.log('model    contestant               ms/step  steps/s   rows/s  peak RSS MB  steps  CPU ms/step  notes');
  for (const c of contestants) {
    const stats = await c.worker.stats();
    c.worker.quit();
    if (c.error || c.ms.length === 0) {
      console.log(`${c.model.padEnd(8)} ${c.name.padEnd(23)} ${'—'.padStart(8)} ${''.padStart(8)} ${''.padStart(8)} ${stats.peakRssMb ? stats.peakRssMb.toFixed(0).padStart(12) : ''.padStart(12)}         fails: ${c.error}`);
      continue;
    }
    const ms = median(c.ms);
    console.log(
      `${c.model.padEnd(8)} ${c.name.padEnd(23)} ${ms.toFixed(1).padStart(8)} ${(1000 / ms).toFixed(2).padStart(8)} ${((1000 / ms) * ROWS_PER_STEP[c.model]).toFixed(0).padStart(8)} ${stats.peakRssMb.toFixed(0).padStart(12)} ${String(c.ms.length).padStart(6)} ${(c.roundCpu.length ? median(c.roundCpu).toFixed(1) : '—').padStart(12)}  ${c.slow ? '(too slow for rounds: first step only) ' : ''}${stats.note ?? ''}`,
    );
  }

  if (process.env['BENCH_SKIP_E2E'] === '1') console.log('\nend-to-end: skipped (BENCH_SKIP_E2E=1)');
  else await runEndToEnd(console.log);

  // Round-paired ratio: tfjs and PyTorch ran back to back within each round, so their quotient
  // there cancels most of the (slowly drifting) background load; report the median quotient.
  const pair = (m: Model, threads: number): [Contestant, Contestant] | undefined => {
    const find = (side: 'tfjs' | 'torch'): Contestant | undefined =>
      contestants.find((c) => c.model === m && c.paired?.side === side && c.paired.threads === threads && !c.error && c.ms.length > 0);
    const [a, b] = [find('tfjs'), find('torch')];
    return a && b ? [a, b] : undefined;
  };
  const pairedRatio = (m: Model, threads: number): string => {
    const p = pair(m, threads);
    const n = p ? Math.min(p[0].roundMedians.length, p[1].roundMedians.length) : 0;
    return p && n > 0 ? median(Array.from({ length: n }, (_, i) => p[0].roundMedians[i]! / p[1].roundMedians[i]!)).toFixed(2) : 'n/a';
  };
  const ratioOfMedians = (m: Model, threads: number): string => {
    const p = pair(m, threads);
    return p ? (median(p[0].ms) / median(p[1].ms)).toFixed(2) : 'n/a';
  };
  // CPU time per step (each worker's own process time): a cross-check on a busy machine, where
  // wall-clock time mostly measures the scheduler. PyTorch's CPU time can include idle spinning of
  // its OpenMP threads (and with several threads both sides' CPU time exceeds their wall time), so
  // on an idle machine the wall-clock ratios below are the ones to quote.
  const cpuRatio = (m: Model, threads: number): string => {
    const p = pair(m, threads);
    return p && p[0].roundCpu.length && p[1].roundCpu.length ? (median(p[0].roundCpu) / median(p[1].roundCpu)).toFixed(2) : 'n/a';
  };
  const counts = THREADS > 1 ? [1, THREADS] : [1];
  for (const threads of counts) {
    const label = threads > 1 ? ` ${threads} threads` : '';
    console.log(`ratio of medians tfjs/pytorch${label} tabular=${ratioOfMedians('tabular', threads)} image=${ratioOfMedians('image', threads)}`);
    console.log(`ratio by CPU time tfjs/pytorch${label} tabular=${cpuRatio('tabular', threads)} image=${cpuRatio('image', threads)}`);
  }
  // Last: the round-paired ratios, one thread each, then all cores each.
  for (const threads of counts) {
    console.log(`ratio tfjs/pytorch${threads > 1 ? ` ${threads} threads` : ''} tabular=${pairedRatio('tabular', threads)} image=${pairedRatio('image', threads)}`);
  }
}

if (!existsSync(path.join(here, 'training-speed', 'tfjs-worker.ts'))) throw new Error('bench/training-speed/tfjs-worker.ts missing');
await main();
