/**
 * SIGTERM and SIGHUP are handled like Ctrl-C, in a real child process of the CLI: the run stops,
 * nothing is written, no `.tmp` is left beside the output and no synthetic-rows spill in the temp
 * dir, and the exit status is 128 + the signal's number.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeGeneratedParquet } from '../support/generated-parquet.js';

const repoRoot = path.resolve(import.meta.dirname, '..', '..');
const demoCsv = path.join(repoRoot, 'fixtures', 'demo-churn.csv');
let dir: string;

beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'gan-augment-signals-'));
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

/**
 * Run the CLI and send `signal` once `when` holds (stderr matches, or a polled condition is true);
 * resolves with the exit code, stderr and pid.
 */
function runAndSignal(args: string[], when: RegExp | (() => boolean), signal: NodeJS.Signals): Promise<{ code: number | null; stderr: string; pid: number; sent: boolean }> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(repoRoot, 'src', 'cli', 'run.ts'), ...args], { cwd: repoRoot, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  let sent = false;
  const check = (): void => {
    if (sent || child.exitCode !== null) return;
    if (typeof when === 'function' ? when() : when.test(stderr)) {
      sent = true;
      child.kill(signal);
    }
  };
  const poll = typeof when === 'function' ? setInterval(check, 5) : undefined;
  child.stderr.on('data', (d: Buffer) => {
    stderr += d.toString();
    check();
  });
  return new Promise((resolve) =>
    child.on('exit', (code) => {
      clearInterval(poll);
      resolve({ code, stderr, pid: child.pid!, sent });
    }),
  );
}

function leftovers(folder: string, pid: number): string[] {
  const beside = readdirSync(folder).filter((f) => f.endsWith('.tmp') || f.includes('.tmp.'));
  const spills = readdirSync(os.tmpdir()).filter((f) => f.startsWith(`gan-augment-synthetic-${pid}-`));
  return [...beside, ...spills];
}

describe('stop signals during training', () => {
  for (const [signal, code] of [['SIGTERM', 143], ['SIGHUP', 129]] as const) {
    it(`${signal}: stops at the next step, writes nothing, keeps the checkpoint, exits ${code}`, async () => {
      const out = path.join(dir, `train-${signal}.parquet`);
      const checkpoints = path.join(dir, `ckpt-${signal}`);
      const run = await runAndSignal(
        ['augment', '--input', demoCsv, '--label', 'churned', '--output', out, '--model', 'ctgan', '--epochs', '300', '--checkpoint-dir', checkpoints],
        /^fit\s+epoch 1\//m,
        signal,
      );
      expect(run.sent, run.stderr).toBe(true);
      expect(run.code, run.stderr).toBe(code);
      expect(run.stderr).toContain(`gan-augment: stopped by ${signal}; nothing was written.`);
      expect(existsSync(out)).toBe(false);
      expect(leftovers(dir, run.pid)).toEqual([]);
      expect(readdirSync(checkpoints).some((f) => f.endsWith('.ckpt'))).toBe(true);
    }, 120_000);
  }
});

describe('SIGTERM while writing', () => {
  it('removes the half-written .tmp and the spill folder, writes nothing, exits 143', async () => {
    // Enough synthetic rows to spill to disk (SPILL_ABOVE_ROWS), written as CSV (a slow writer).
    const input = path.join(dir, 'big.parquet');
    await writeGeneratedParquet(input, { rows: 300_000, cols: 1, minority: 0.02, seed: 5 });
    const out = path.join(dir, 'big-out.csv');
    // Signalled once the temporary output exists: the write has started (it takes seconds).
    const writing = (): boolean => readdirSync(dir).some((f) => f.startsWith('.big-out.csv.') && f.endsWith('.tmp'));
    const run = await runAndSignal(['augment', '--input', input, '--label', 'label', '--output', out, '--model', 'random', '--ignore', 'city'], writing, 'SIGTERM');
    expect(run.sent, run.stderr).toBe(true);
    expect(run.code, run.stderr).toBe(143);
    expect(run.stderr).toContain('gan-augment: stopped by SIGTERM; nothing was written.');
    expect(existsSync(out)).toBe(false);
    expect(leftovers(dir, run.pid)).toEqual([]);
  }, 180_000);
});
