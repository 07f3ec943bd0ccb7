/**
 * The worker processes of `evaluate --workers` under the real CLI: a worker that dies fails the run
 * with one clear line (no hang), and SIGTERM to the command stops every worker and leaves no
 * temporary file behind.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Rng } from '../../src/random.js';
import { repoRoot, tempDir } from '../support/cli-errors.js';

let folder: ReturnType<typeof tempDir>;
let csv: string;

beforeAll(() => {
  folder = tempDir('pool-lifecycle');
  const rng = new Rng(4);
  const lines = ['x1,x2,label'];
  for (let i = 0; i < 120; i++) lines.push(`${rng.normal().toFixed(4)},${rng.normal().toFixed(4)},${i % 5 === 0 ? 'yes' : 'no'}`);
  csv = folder.put('toy.csv', `${lines.join('\n')}\n`);
});
afterAll(() => folder.cleanup());

/** Live evaluate workers whose parent is `pid` (from /proc; tsx may start an esbuild child too). */
function workersOf(pid: number): number[] {
  const out: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      // pid (comm) state ppid ...: comm may hold spaces, so split after its closing parenthesis.
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid === pid && readFileSync(`/proc/${entry}/cmdline`, 'utf8').includes('evaluate-worker-entry')) out.push(Number(entry));
    } catch {
      // The process ended while we looked.
    }
  }
  return out;
}

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return !readFileSync(`/proc/${pid}/stat`, 'utf8').includes(') Z ');
  } catch {
    return false;
  }
};

/** `gan-augment evaluate` with two workers on a run long enough to interrupt. */
interface Run {
  readonly child: ChildProcess;
  readonly exit: Promise<{ code: number | null; stderr: string }>;
  stderr(): string;
}

function startEvaluate(): Run {
  const args = ['--import', 'tsx', path.join(repoRoot, 'src/cli/worker-entry.ts'), 'evaluate', '--input', csv, '--label', 'label', '--methods', 'none,ctgan', '--epochs', '3000', '--classifiers', 'logistic', '--folds', '3', '--repeats', '2', '--workers', '2', '--backend', 'cpu', '--json', path.join(folder.dir, 'report.json')];
  // tsx resolves from the package root; every path is absolute.
  const child = spawn(process.execPath, args, { cwd: repoRoot, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return { child, exit: new Promise((resolve) => child.once('close', (code) => resolve({ code, stderr }))), stderr: () => stderr };
}

/** The run's two workers once units are coming back (so both started and run units; start-up takes seconds under tsx). */
async function startedWorkers(run: Run): Promise<number[]> {
  for (let i = 0; i < 3000; i++) {
    if (run.child.exitCode !== null) throw new Error(`evaluate ended early: ${run.stderr()}`);
    const workers = workersOf(run.child.pid!);
    if (workers.length === 2 && /^evaluate\s/m.test(run.stderr())) return workers;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`the workers did not start: ${run.stderr()}`);
}

async function gone(pids: readonly number[]): Promise<boolean> {
  for (let i = 0; i < 100 && pids.some(alive); i++) await new Promise((r) => setTimeout(r, 100));
  return !pids.some(alive);
}

describe('evaluate --workers, the processes', () => {
  it('fails the run with a clear error when a worker dies, and stops the other', async () => {
    const run = startEvaluate();
    const workers = await startedWorkers(run);
    expect(workers).toHaveLength(2);
    // Under load one worker may still be starting while the other runs units: either way it must fail the run.
    process.kill(workers[0]!, 'SIGKILL');
    const { code, stderr } = await run.exit;
    expect(code).toBe(5);
    expect(stderr).toMatch(/evaluate --workers: worker process \d died (while starting|while running repeat \d fold \d \((none|ctgan)\)) \(killed by SIGKILL\)/);
    expect(await gone(workers)).toBe(true);
  });

  it('stops every worker on SIGTERM and leaves no temporary file', async () => {
    const run = startEvaluate();
    const workers = await startedWorkers(run);
    expect(workers).toHaveLength(2);
    run.child.kill('SIGTERM');
    const { code } = await run.exit;
    expect(code).toBe(143);
    expect(await gone(workers)).toBe(true);
    expect(readdirSync(folder.dir)).toEqual(['toy.csv']);
  });
});
