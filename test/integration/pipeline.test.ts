import { spawn } from 'node:child_process';
import { Readable } from 'node:stream';
import path from 'node:path';
import { tableFromArrays, tableFromIPC, tableToIPC, type Table } from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import { captureIO } from '../../src/cli/terminal.js';
import { main } from '../../src/cli/main.js';

const repoRoot = path.resolve(import.meta.dirname, '..', '..');

function imbalanced(): Table {
  const n = 60;
  const x = new Float64Array(n);
  const label: string[] = [];
  const colour: string[] = [];
  for (let i = 0; i < n; i++) {
    x[i] = i / 7;
    label.push(i % 6 === 0 ? 'rare' : 'common');
    colour.push(i % 4 === 0 ? 'red' : 'blue');
  }
  return tableFromArrays({ x, colour, label });
}

function counts(table: Table, column: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const v of table.getChild(column)!.toArray() as Iterable<unknown>) out[String(v)] = (out[String(v)] ?? 0) + 1;
  return out;
}

describe('stdin -> stdout Arrow pipeline', () => {
  it('reads an Arrow IPC stream from --input - and writes one to --output - (in-process)', async () => {
    const input = tableToIPC(imbalanced(), 'stream');
    const io = captureIO({ stdin: Readable.from([Buffer.from(input)]) });
    const code = await main(['augment', '--input', '-', '--label', 'label', '--output', '-', '--model', 'random', '--seed', '3'], io);
    expect(io.stderrText()).not.toContain('gan-augment: ');
    expect(code).toBe(0);
    const out = tableFromIPC(io.stdoutBytes());
    expect(counts(out, 'label')).toEqual({ common: 50, rare: 50 });
    expect(counts(out, 'is_synthetic')).toEqual({ false: 60, true: 40 });
    expect(out.schema.metadata.get('gan_augment')).toContain('"model":"random"');
    // Progress and the summary went to stderr only.
    expect(io.stderrText()).toContain('wrote standard output');
  });

  it('writes CSV to stdout with --format csv', async () => {
    const io = captureIO({ stdin: Readable.from([Buffer.from(tableToIPC(imbalanced(), 'stream'))]) });
    const code = await main(['augment', '--input', '-', '--label', 'label', '--output', '-', '--format', 'csv', '--model', 'random', '--quiet'], io);
    expect(code).toBe(0);
    expect(io.stderrText()).toBe('');
    const lines = io.stdoutText().trimEnd().split('\n');
    expect(lines[0]).toBe('x,colour,label,is_synthetic');
    expect(lines).toHaveLength(101);
  });

  it('says so when nothing arrives on stdin', async () => {
    const io = captureIO();
    const code = await main(['augment', '--input', '-', '--label', 'label', '--output', '-', '--model', 'random'], io);
    expect(code).toBe(3);
    expect(io.stderrText()).toContain('nothing arrived on standard input');
  });

  it('works as a real process pipe (tsx entry, stdin and stdout are pipes)', async () => {
    const input = Buffer.from(tableToIPC(imbalanced(), 'stream'));
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/run.ts', 'augment', '--input', '-', '--label', 'label', '--output', '-', '--model', 'smote', '--seed', '1'], {
      cwd: repoRoot,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (c: Buffer) => out.push(c));
    child.stderr.on('data', (c: Buffer) => err.push(c));
    child.stdin.end(input);
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    const stderr = Buffer.concat(err).toString('utf8');
    expect(code, stderr).toBe(0);
    const table = tableFromIPC(Buffer.concat(out));
    expect(counts(table, 'label')).toEqual({ common: 50, rare: 50 });
    expect(stderr).not.toContain('\r');
    expect(stderr).toMatch(/label\s+before -> after/);
  });
});
