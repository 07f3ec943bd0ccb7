import { existsSync, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { tableFromIPC } from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import { captureIO } from '../../src/cli/terminal.js';
import { main } from '../../src/cli/main.js';

const demoCsv = path.resolve(import.meta.dirname, '..', '..', 'fixtures', 'demo-churn.csv');

describe('gan-augment fit, then sample', () => {
  it('saves a model and generates the requested rows per class from it', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'gan-augment-fit-'));
    const modelDir = path.join(dir, 'model');
    const fitIO = captureIO();
    const fitCode = await main(['fit', '--input', demoCsv, '--label', 'churned', '--model', 'smote', '--model-param', 'k_neighbors=3', '--model-dir', modelDir], fitIO);
    expect(fitCode, fitIO.stderrText()).toBe(0);
    expect(existsSync(path.join(modelDir, 'manifest.json'))).toBe(true);
    expect(fitIO.stderrText()).toContain('gan-augment fit: done');

    const sampleIO = captureIO();
    const code = await main(['sample', '--model-dir', modelDir, '--count', 'yes=40,no=10', '--output', '-', '--seed', '5'], sampleIO);
    expect(code, sampleIO.stderrText()).toBe(0);
    const table = tableFromIPC(sampleIO.stdoutBytes());
    expect(table.numRows).toBe(50);
    const labels = table.getChild('churned')!.toArray() as string[];
    expect(labels.filter((v) => v === 'yes')).toHaveLength(40);
    expect([...(table.getChild('is_synthetic')!.toArray() as Iterable<boolean>)].every((v) => v === true)).toBe(true);

    const file = path.join(dir, 'synthetic.csv');
    const toFile = captureIO();
    expect(await main(['sample', '--model-dir', modelDir, '--counts', 'yes=5', '--output', file, '--quiet'], toFile)).toBe(0);
    expect(existsSync(file)).toBe(true);
  });

  it('names --model-dir when it is missing', async () => {
    const io = captureIO();
    expect(await main(['sample', '--count', 'yes=5', '--output', 'x.csv'], io)).toBe(2);
    expect(io.stderrText()).toContain('--model-dir');
  });
});
