import { existsSync, mkdtempSync, readdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { captureIO } from '../../src/cli/terminal.js';
import { main } from '../../src/cli/main.js';
import type { RunSummary } from '../../src/stage/metadata.js';
import { resolveFitModelOptions } from '../../src/options/index.js';

const demoCsv = path.resolve(import.meta.dirname, '..', '..', 'fixtures', 'demo-churn.csv');

describe('--summary -', () => {
  it('prints the summary JSON on stdout once the output file is written, and writes no file named -', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'gan-augment-summary-'));
    const out = path.join(dir, 'out.csv');
    const io = captureIO({ cwd: dir });
    const code = await main(['augment', '--input', demoCsv, '--label', 'churned', '--model', 'random', '--output', out, '--summary', '-'], io);
    expect(code, io.stderrText()).toBe(0);
    const summary = JSON.parse(io.stdoutText()) as RunSummary;
    expect(summary.command).toBe('augment');
    // Printed after the output was committed: the output entry is filled in.
    expect(summary.output?.path).toBe(out);
    expect(summary.output?.bytes).toBeGreaterThan(0);
    expect(io.stderrText()).toContain('summary JSON: standard output');
    expect(readdirSync(dir)).toEqual(['out.csv']);
    expect(existsSync(path.join(process.cwd(), '-'))).toBe(false);
  });

  it('with --output - too: a one-line usage error naming both options', async () => {
    const io = captureIO();
    const code = await main(['augment', '--input', demoCsv, '--label', 'churned', '--model', 'random', '--output', '-', '--summary', '-'], io);
    expect(code).toBe(2);
    const lines = io.stderrText().trimEnd().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('--summary -');
    expect(lines[0]).toContain('--output -');
    expect(io.stdoutText()).toBe('');
  });

  it("is the command line's: the API refuses summaryPath '-' rather than write a file named '-'", () => {
    expect(() => resolveFitModelOptions({ input: 'a.csv', label: 'y', modelDir: 'm', summaryPath: '-' })).toThrow(/--summary -: standard output is the command line's/);
  });
});
