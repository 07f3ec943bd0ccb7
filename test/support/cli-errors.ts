/**
 * Shared pieces of the bad-input tests: run the CLI in-process with captured output, write small
 * input files into a temporary folder, hash files to prove they were not modified.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { captureIO } from '../../src/cli/terminal.js';
import { main } from '../../src/cli/main.js';

export const repoRoot = path.resolve(import.meta.dirname, '..', '..');
/** /work/shared in development; resolved next to the repository so CI's layout works too. */
export const sharedDir = path.resolve(repoRoot, '..', 'shared');
export const badParquetDir = path.join(sharedDir, 'parquet-testing', 'bad_data');
export const hasBadParquet = existsSync(badParquetDir);
if (!hasBadParquet) console.warn(`test/integration: ${badParquetDir} is missing; the parquet-testing bad_data cases are skipped.`);

export interface CliRun {
  readonly code: number;
  readonly stderr: string;
  readonly stdout: string;
}

/** `gan-augment ...argv` in-process; stderr as text. */
export async function cli(argv: string[]): Promise<CliRun> {
  const io = captureIO();
  const code = await main(argv, io);
  return { code, stderr: io.stderrText(), stdout: io.stdoutText() };
}

/** A temporary folder, removed by the returned cleanup. */
export function tempDir(prefix: string): { dir: string; put: (name: string, content: string | Uint8Array) => string; cleanup: () => void } {
  const dir = mkdtempSync(path.join(os.tmpdir(), `gan-augment-${prefix}-`));
  return {
    dir,
    put(name, content) {
      const p = path.join(dir, name);
      writeFileSync(p, content);
      return p;
    },
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}

export function sha256(file: string): string {
  return createHash('sha256').update(readFileSync(file)).digest('hex');
}

/**
 * The error line printed for a failed run: exactly one line starting 'gan-augment: ', no stack
 * trace (that needs --verbose).
 */
export function errorLine(run: CliRun): string {
  const lines = run.stderr.trimEnd().split('\n');
  if (lines.length !== 1 || !lines[0]!.startsWith('gan-augment: ')) {
    throw new Error(`expected one error line on stderr, got:\n${run.stderr}`);
  }
  return lines[0]!;
}

/** `rows` lines of x,y,label with `rare` every `every`-th row (ids 0..rows-1). */
export function csv(rows: number, every = 5): string {
  const lines = ['x,y,label'];
  for (let i = 0; i < rows; i++) lines.push(`${i},${(i * 7) % 11},${i % every === 0 ? 'rare' : 'common'}`);
  return `${lines.join('\n')}\n`;
}
