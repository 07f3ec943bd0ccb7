/**
 * Nothing lost: the input is never modified, and the output appears complete or not at all. The
 * CLI (a real child process) writes a large-ish augmented Parquet file and is killed with SIGKILL at
 * seeded moments while the output is being written; each time the output is either
 * absent (or the previous complete file) or complete and valid. A normal run and an error exit leave
 * no temporary file; a SIGKILL can leave one, named `.<output>.<pid>.<random>.tmp`, which the next
 * run writing the same output removes.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readTable } from '../../src/io/index.js';
import { Rng } from '../../src/random.js';
import { repoRoot, sha256, tempDir } from '../support/cli-errors.js';

const ROWS = 20_000;
const RARE_EVERY = 10;
/** Rows once balanced: every class reaches the majority's count. */
const EXPECTED_ROWS = 2 * (ROWS - ROWS / RARE_EVERY);
const TEMP_NAME = /^\.out\.parquet\.\d+\.[0-9a-f]{8}\.tmp$/;

const tmp = tempDir('nothing-lost');
afterAll(tmp.cleanup);
let input: string;
let inputHash: string;
const output = path.join(tmp.dir, 'out.parquet');

beforeAll(() => {
  const rng = new Rng(5);
  const lines = ['x,y,colour,label'];
  for (let i = 0; i < ROWS; i++) {
    lines.push(`${(rng.next() * 100).toFixed(4)},${rng.normal().toFixed(5)},${'abcde'[rng.int(5)]},${i % RARE_EVERY === 0 ? 'rare' : 'common'}`);
  }
  input = tmp.put('in.csv', `${lines.join('\n')}\n`);
  inputHash = sha256(input);
});

function startCli(args: string[]): { child: ChildProcess; done: Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }> } {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(repoRoot, 'src/cli/run.ts'), ...args], { cwd: repoRoot, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const done = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>((resolve) => child.on('close', (code, signal) => resolve({ code, signal, stderr })));
  return { child, done };
}

const augmentArgs = (out: string) => ['augment', '--input', input, '--label', 'label', '--model', 'random', '--output', out, '--quiet', '--seed', '3'];

/** Read the output back: it must be the whole balanced table. */
async function expectComplete(file: string): Promise<void> {
  const { table } = await readTable(file);
  expect(table.numRows).toBe(EXPECTED_ROWS);
  expect(table.schema.fields.map((f) => f.name)).toEqual(['x', 'y', 'colour', 'label', 'is_synthetic']);
}

const temps = (): string[] => readdirSync(tmp.dir).filter((f) => f.endsWith('.tmp'));

describe('nothing lost', () => {
  it('a normal run writes a complete file, leaves no temporary file and does not touch the input', async () => {
    const { done } = startCli(augmentArgs(output));
    const res = await done;
    expect(res.code, res.stderr).toBe(0);
    await expectComplete(output);
    expect(temps()).toEqual([]);
    expect(sha256(input)).toBe(inputHash);
  });

  it('an error exit (during and before writing) leaves no output and no temporary file', async () => {
    const bad = path.join(tmp.dir, 'bad.parquet');
    const small = tmp.put('small.csv', 'x,label\n1,a\n2,b\n3,a\n');
    const res = await startCli(['augment', '--input', small, '--label', 'nope', '--model', 'random', '--output', bad, '--quiet']).done;
    expect(res.code).toBe(4);
    expect(res.stderr).toMatch(/^gan-augment: --label: column 'nope' is not in the input\./);
    // The output's folder is a file: refused before any work (checkWritableTarget).
    const into = path.join(tmp.dir, 'not-a-folder.csv');
    writeFileSync(into, 'x');
    const write = await startCli(['augment', '--input', small, '--label', 'label', '--model', 'random', '--output', path.join(into, 'out.parquet'), '--quiet']).done;
    expect(write.code).toBe(7);
    expect(write.stderr).toMatch(/^gan-augment: --output: cannot write '.*not-a-folder\.csv\/out\.parquet': '.*not-a-folder\.csv' is not a folder\./);
    expect(existsSync(bad)).toBe(false);
    expect(temps()).toEqual([]);
    expect(sha256(input)).toBe(inputHash);
  });

  it('SIGKILL at seeded moments: no file, the previous file, or a complete one; stray temp files are named as such', async () => {
    const rng = new Rng(2024);
    const outcomes: string[] = [];
    for (let round = 0; round < 3; round++) {
      const target = path.join(tmp.dir, `kill-${round}.parquet`);
      // Round 2 overwrites the complete output of the first test: it must survive the kill intact.
      const previous = round >= 2 ? output : undefined;
      const before = previous && existsSync(previous) ? sha256(previous) : undefined;
      const out = previous ?? target;
      const { child, done } = startCli(augmentArgs(out));
      // Wait for the temporary output to appear (the write has started), then kill after a seeded delay.
      const tempPrefix = `.${path.basename(out)}.`;
      const started = Date.now();
      while (!readdirSync(tmp.dir).some((f) => f.startsWith(tempPrefix)) && child.exitCode === null && Date.now() - started < 30_000) {
        await new Promise((r) => setTimeout(r, 5));
      }
      await new Promise((r) => setTimeout(r, rng.int(round % 2 === 0 ? 150 : 600)));
      child.kill('SIGKILL');
      const res = await done;
      outcomes.push(res.signal === 'SIGKILL' ? 'killed' : `exited ${res.code}`);
      if (existsSync(out)) {
        if (before !== undefined && sha256(out) === before) outcomes.push('previous intact');
        else await expectComplete(out);
      } else {
        outcomes.push('absent');
      }
      for (const t of temps()) expect(t).toMatch(/^\.(kill-\d|out)\.parquet\.\d+\.[0-9a-f]{8}\.tmp$/);
    }
    // At least one kill landed while the output was being written.
    expect(outcomes.filter((o) => o === 'killed').length, outcomes.join(', ')).toBeGreaterThan(0);
    console.info(`nothing-lost: SIGKILL outcomes: ${outcomes.join(', ')}`);
    // The next successful run, in the same folder as the leftovers, is unaffected.
    const leftovers = temps();
    const after = await startCli(augmentArgs(output)).done;
    expect(after.code, after.stderr).toBe(0);
    await expectComplete(output);
    // It adds no temporary file of its own, and removes the leftovers of killed runs beside its own
    // output (io/temp-files.ts); those beside other outputs stay until a run writes there.
    expect(temps()).toEqual(leftovers.filter((f) => !f.startsWith('.out.parquet.')));
    expect(leftovers.every((f) => TEMP_NAME.test(f) || /^\.kill-\d\.parquet\./.test(f))).toBe(true);
    expect(sha256(input)).toBe(inputHash);
  });
});
