/**
 * Does the threaded wasm build use its threads? Times a matMul-heavy op (a [512, 512] · [512, 512]
 * product, and a CTGAN-sized dense layer's [500, 1320] · [1320, 256]) on patched wasm with 1 thread
 * and with N, each in its own process (the thread count is fixed per process), interleaved.
 * Usage: tsx bench/training-speed/threads-matmul.ts [N (default: the cores)] [rounds (default 5)]
 */
import { execFileSync } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../../src/backend/pick.js';

const SHAPES: ReadonlyArray<readonly [number, number, number]> = [
  [512, 512, 512],
  [500, 1320, 256],
];
const here = fileURLToPath(import.meta.url);

/** In a child: ms per product (median of 30 after warm-up) for each shape, as one JSON line. */
async function child(threads: number): Promise<void> {
  const info = await initBackend('wasm', { threads });
  const ms = SHAPES.map(([m, k, n]) => {
    const a = tf.randomNormal([m, k], 0, 1, 'float32', 1);
    const b = tf.randomNormal([k, n], 0, 1, 'float32', 2);
    const times: number[] = [];
    for (let i = 0; i < 40; i++) {
      const t0 = performance.now();
      tf.matMul(a, b).dispose();
      if (i >= 10) times.push(performance.now() - t0);
    }
    tf.dispose([a, b]);
    times.sort((x, y) => x - y);
    return times[times.length >> 1]!;
  });
  process.stdout.write(`${JSON.stringify({ threads: info.threads, ms })}\n`);
}

function parent(threads: number, rounds: number): void {
  const tsx = path.join(path.dirname(here), '..', '..', 'node_modules', '.bin', 'tsx');
  console.log(`threads-matmul: 1 vs ${threads} threads, ${rounds} rounds, load avg ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}`);
  const results = new Map<number, number[][]>([[1, []], [threads, []]]);
  for (let r = 0; r < rounds; r++) {
    for (const t of [1, threads]) {
      const out = execFileSync(tsx, [here, '--child', String(t)], { encoding: 'utf8' });
      const reply = JSON.parse(out.trim().split('\n').pop()!) as { threads: number; ms: number[] };
      if (reply.threads !== t) throw new Error(`asked for ${t} threads, the backend runs ${reply.threads}`);
      results.get(t)!.push(reply.ms);
    }
  }
  const med = (v: number[]): number => [...v].sort((a, b) => a - b)[v.length >> 1]!;
  SHAPES.forEach(([m, k, n], i) => {
    const one = med(results.get(1)!.map((ms) => ms[i]!));
    const many = med(results.get(threads)!.map((ms) => ms[i]!));
    console.log(`[${m}, ${k}] · [${k}, ${n}]: 1 thread ${one.toFixed(2)} ms, ${threads} threads ${many.toFixed(2)} ms, speed-up ${(one / many).toFixed(2)}x`);
  });
}

const args = process.argv.slice(2);
if (args[0] === '--child') await child(Number(args[1]));
else parent(Number(args[0] ?? os.availableParallelism()), Number(args[1] ?? 5));
