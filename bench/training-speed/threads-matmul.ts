/**
 * Does the threaded wasm build use its threads? Times a matMul-heavy op (a [512, 512] · [512, 512]
 * product, and a CTGAN-sized dense layer's [500, 1320] · [1320, 256]) on patched wasm with 1 thread
 * and with N, each in its own process (the thread count is fixed per process), interleaved.
 * Usage: tsx bench/training-speed/threads-matmul.ts [N (default: the cores)] [rounds (default 5)]
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
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

/** CPU ticks of each OS thread of this process other than the main one (Linux /proc; empty elsewhere). */
function otherThreadTicks(): number {
  const dir = '/proc/self/task';
  if (!existsSync(dir)) return 0;
  let ticks = 0;
  for (const tid of readdirSync(dir)) {
    if (Number(tid) === process.pid) continue;
    try {
      // utime and stime: fields 14 and 15, after the parenthesised command name.
      const fields = readFileSync(`${dir}/${tid}/stat`, 'utf8').split(') ')[1]!.split(' ');
      ticks += Number(fields[11]) + Number(fields[12]);
    } catch {
      // the thread ended meanwhile
    }
  }
  return ticks;
}

function mainThreadTicks(): number {
  const fields = readFileSync(`/proc/self/task/${process.pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return Number(fields[11]) + Number(fields[12]);
}

/**
 * In a child: ms per product (median of 30 after warm-up) for each shape, the process's CPU time
 * over its wall time during them (near N when N threads run at once on an idle machine), and the
 * share of that CPU time spent off the main thread (near (N - 1) / N when the work is split, however
 * loaded the machine), as one JSON line.
 */
async function child(threads: number): Promise<void> {
  const info = await initBackend('wasm', { threads });
  const [c0, t0] = [process.cpuUsage(), performance.now()];
  const linux = existsSync('/proc/self/task');
  const [main0, other0] = linux ? [mainThreadTicks(), otherThreadTicks()] : [0, 0];
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
  const c = process.cpuUsage(c0);
  const busy = (c.user + c.system) / 1000 / (performance.now() - t0);
  const [main, other] = linux ? [mainThreadTicks() - main0, otherThreadTicks() - other0] : [0, 0];
  const offMain = main + other > 0 ? other / (main + other) : NaN;
  process.stdout.write(`${JSON.stringify({ threads: info.threads, ms, busy, offMain })}\n`);
}

function parent(threads: number, rounds: number): void {
  const tsx = path.join(path.dirname(here), '..', '..', 'node_modules', '.bin', 'tsx');
  console.log(`threads-matmul: 1 vs ${threads} threads, ${rounds} rounds, load avg ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}`);
  const results = new Map<number, number[][]>([[1, []], [threads, []]]);
  const busy = new Map<number, number[]>([[1, []], [threads, []]]);
  const offMain = new Map<number, number[]>([[1, []], [threads, []]]);
  for (let r = 0; r < rounds; r++) {
    for (const t of [1, threads]) {
      const out = execFileSync(tsx, [here, '--child', String(t)], { encoding: 'utf8' });
      const reply = JSON.parse(out.trim().split('\n').pop()!) as { threads: number; ms: number[]; busy: number; offMain: number };
      if (reply.threads !== t) throw new Error(`asked for ${t} threads, the backend runs ${reply.threads}`);
      results.get(t)!.push(reply.ms);
      busy.get(t)!.push(reply.busy);
      offMain.get(t)!.push(reply.offMain);
    }
  }
  const med = (v: number[]): number => [...v].sort((a, b) => a - b)[v.length >> 1]!;
  SHAPES.forEach(([m, k, n], i) => {
    const one = med(results.get(1)!.map((ms) => ms[i]!));
    const many = med(results.get(threads)!.map((ms) => ms[i]!));
    console.log(`[${m}, ${k}] · [${k}, ${n}]: 1 thread ${one.toFixed(2)} ms, ${threads} threads ${many.toFixed(2)} ms, speed-up ${(one / many).toFixed(2)}x`);
  });
  console.log(`CPU time / wall time while multiplying: 1 thread ${med(busy.get(1)!).toFixed(2)}, ${threads} threads ${med(busy.get(threads)!).toFixed(2)}`);
  console.log(`share of that CPU time off the main thread: 1 thread ${med(offMain.get(1)!).toFixed(2)}, ${threads} threads ${med(offMain.get(threads)!).toFixed(2)}`);
}

const args = process.argv.slice(2);
if (args[0] === '--child') await child(Number(args[1]));
else parent(Number(args[0] ?? os.availableParallelism()), Number(args[1] ?? 5));
