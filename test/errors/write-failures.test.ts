/**
 * Every write path checks every write and its final flush: stdout (`--output -`) to /dev/full and
 * to a full disk, a file output on a full disk, checkpoints on a full disk and in a read-only
 * folder. Each ends with exit 7 and one line naming the target, claims no bytes, and leaves no
 * temporary file.
 */
import { spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdtempSync, openSync, readdirSync, rmSync, writeSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { augment as augmentApi } from '../../src/index.js';
import { cli, repoRoot } from '../support/cli-errors.js';
import { mountTmpfs, readOnlyFolder, type Mount } from './mounts.js';

const demoCsv = path.join(repoRoot, 'fixtures', 'demo-churn.csv');
const augment = (output: string, ...more: string[]): string[] => ['augment', '--input', demoCsv, '--label', 'churned', '--model', 'random', '--output', output, ...more];

/** The CLI in a child whose stdout is the file at `stdoutPath`. */
function cliWithStdout(args: string[], stdoutPath: string): { code: number | null; stderr: string } {
  const fd = openSync(stdoutPath, 'w');
  try {
    const child = spawnSync(process.execPath, ['--import', 'tsx', path.join(repoRoot, 'src', 'cli', 'run.ts'), ...args], { cwd: repoRoot, stdio: ['ignore', fd, 'pipe'], encoding: 'utf8', timeout: 120_000 });
    return { code: child.status, stderr: child.stderr };
  } finally {
    closeSync(fd);
  }
}

function expectOneLineFailure(stderr: string, pattern: RegExp): void {
  const errors = stderr.split('\n').filter((l) => l.startsWith('gan-augment:'));
  expect(errors, stderr).toHaveLength(1);
  expect(errors[0]).toMatch(pattern);
  expect(stderr).not.toMatch(/\bwrote\b|at .*\.ts:\d+/);
}

describe('stdout that cannot take the data', () => {
  it('/dev/full: exit 7, one line naming standard output, no stack trace', () => {
    const run = cliWithStdout(augment('-'), '/dev/full');
    expect(run.code, run.stderr).toBe(7);
    expectOneLineFailure(run.stderr, /^gan-augment: Cannot write to standard output \(--output -\): the disk is full; the output is incomplete\./);
  }, 120_000);
});

describe('a full disk', () => {
  let full: Mount | undefined;
  beforeAll(() => {
    full = mountTmpfs('64k');
  });
  afterAll(() => full?.unmount());

  it('stdout redirected to a file on it: exit 7, no bytes claimed (the short write is caught)', (ctx) => {
    if (!full) return ctx.skip();
    const stdout = path.join(full.dir, 'out.arrows');
    const run = cliWithStdout(augment('-'), stdout);
    rmSync(stdout); // the shell's file, not ours: free the disk for the next case
    expect(run.code, run.stderr).toBe(7);
    expectOneLineFailure(run.stderr, /^gan-augment: Cannot write to standard output \(--output -\): the disk is full/);
  }, 120_000);

  it('a file output on it: exit 7 naming the file, no output and no temporary file left', async (ctx) => {
    if (!full) return ctx.skip();
    const out = path.join(full.dir, 'big.csv');
    const run = await cli(augment(out, '--strategy', '1'));
    expect(run.code, run.stderr).toBe(7);
    expectOneLineFailure(run.stderr, /^gan-augment: Cannot write '.*big\.csv': the disk is full\./);
    expect(existsSync(out)).toBe(false);
    expect(readdirSync(full.dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  }, 120_000);

  it('checkpoints on it: an output error naming --checkpoint-dir, no temporary checkpoint left', async (ctx) => {
    if (!full) return ctx.skip();
    const checkpoints = path.join(full.dir, 'ckpt');
    const run = await cli(['augment', '--input', demoCsv, '--label', 'churned', '--model', 'ctgan', '--epochs', '2', '--output', path.join(full.dir, 'o.parquet'), '--checkpoint-dir', checkpoints]);
    expect(run.code, run.stderr).toBe(7);
    expectOneLineFailure(run.stderr, /^gan-augment: --checkpoint-dir: cannot write a checkpoint into '.*ckpt': the disk is full\./);
    expect(readdirSync(checkpoints).filter((f) => f.includes('.tmp'))).toEqual([]);
  }, 180_000);
});

describe('a read-only folder', () => {
  let ro: Mount | undefined;
  beforeAll(() => {
    ro = readOnlyFolder();
  });
  afterAll(() => ro?.unmount());

  it('as --checkpoint-dir: refused before training, naming the folder', async (ctx) => {
    if (!ro) return ctx.skip();
    const run = await cli(['augment', '--input', demoCsv, '--label', 'churned', '--model', 'ctgan', '--epochs', '300', '--output', path.join(repoRoot, 'never.parquet'), '--checkpoint-dir', path.join(ro.dir, 'sub')]);
    expect(run.code, run.stderr).toBe(7);
    expectOneLineFailure(run.stderr, /^gan-augment: --checkpoint-dir: cannot write into '.*sub': the file system is read-only\./);
    expect(run.stderr).not.toMatch(/epoch/);
  });

  it('as the --output folder and the --summary folder: refused before any work', async (ctx) => {
    if (!ro) return ctx.skip();
    const out = await cli(augment(path.join(ro.dir, 'sub', 'out.parquet')));
    expect(out.code, out.stderr).toBe(7);
    expectOneLineFailure(out.stderr, /^gan-augment: --output: cannot write '.*out\.parquet': the folder '.*sub' is not writable \(the file system is read-only\)\./);
    expect(out.stderr).not.toMatch(/^fit/m);
    const summary = await cli(augment(path.join(repoRoot, 'never.parquet'), '--summary', path.join(ro.dir, 'sub', 's.json')));
    expect(summary.code, summary.stderr).toBe(7);
    expectOneLineFailure(summary.stderr, /^gan-augment: --summary: cannot write '.*s\.json': the folder '.*sub' is not writable/);
    expect(existsSync(path.join(repoRoot, 'never.parquet'))).toBe(false);
  });
});

/** Fill `dir`'s file system to the last byte, so that the next write into it fails with ENOSPC. */
function fillUp(dir: string): void {
  const fd = openSync(path.join(dir, 'filler'), 'w');
  const block = Buffer.alloc(4096, 1);
  try {
    for (;;) writeSync(fd, block);
  } catch {
    // ENOSPC: full.
  } finally {
    closeSync(fd);
  }
}

describe('a disk that fills while the summary is written', () => {
  let full: Mount | undefined;
  let roomy: string;
  beforeAll(() => {
    full = mountTmpfs('64k');
    if (full) fillUp(full.dir);
    roomy = mkdtempSync(path.join(os.tmpdir(), 'gan-augment-roomy-'));
  });
  afterAll(() => {
    full?.unmount();
    rmSync(roomy, { recursive: true, force: true });
  });
  const expectNothingLeft = (out: string): void => {
    expect(existsSync(out)).toBe(false);
    expect(readdirSync(roomy)).toEqual([]);
    expect(readdirSync(full!.dir)).toEqual(['filler']);
  };

  it('the streaming CLI writes neither the output nor the summary (exit 7 naming --summary\'s file)', async (ctx) => {
    if (!full) return ctx.skip();
    const out = path.join(roomy, 'out.parquet');
    const run = await cli(augment(out, '--summary', path.join(full.dir, 'summary.json')));
    expect(run.code, run.stderr).toBe(7);
    expectOneLineFailure(run.stderr, /^gan-augment: Cannot write '.*summary\.json': the disk is full\./);
    expectNothingLeft(out);
  }, 120_000);

  it('the library augment() writes neither either', async (ctx) => {
    if (!full) return ctx.skip();
    const out = path.join(roomy, 'out.arrow');
    await expect(augmentApi({ input: demoCsv, label: 'churned', model: 'random', output: out, summaryPath: path.join(full.dir, 'summary.json') })).rejects.toThrow(/summary\.json': the disk is full/);
    expectNothingLeft(out);
  }, 120_000);
});
