import { existsSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
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

  it("says which classes a ctgan fit can generate, and sample of another says why and how", async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'gan-augment-fit-'));
    // models/ does not exist yet: fit creates it.
    const modelDir = path.join(dir, 'models', 'churn');
    const fitIO = captureIO();
    const fitCode = await main(['fit', '--input', demoCsv, '--label', 'churned', '--model', 'ctgan', '--epochs', '1', '--model-dir', modelDir, '--summary', '-'], fitIO);
    expect(fitCode, fitIO.stderrText()).toBe(0);
    expect(fitIO.stderrText()).toContain('the model can generate: yes (not no');
    // The backend's first start in this process is announced, not a silent pause after 'read'.
    expect(fitIO.stderrText()).toMatch(/^fit: starting TensorFlow\.js$/m);
    expect((JSON.parse(fitIO.stdoutText()) as { generates: string[] }).generates).toEqual(['yes']);
    expect(existsSync(path.join(modelDir, 'manifest.json'))).toBe(true);

    const io = captureIO();
    expect(await main(['sample', '--model-dir', modelDir, '--count', 'no=5', '--output', path.join(dir, 'x.csv')], io)).toBe(2);
    const lines = io.stderrText().trimEnd().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain("cannot generate class 'no'");
    expect(lines[0]).toContain('--train-on all');
    expect(readdirSync(dir)).toEqual(['models']);

    // augment filters ctgan's rows by default (purity); sample has no training rows and says so.
    const ok = captureIO();
    expect(await main(['sample', '--model-dir', modelDir, '--count', 'yes=3', '--output', path.join(dir, 'y.csv'), '--summary', '-', '--quiet'], ok), ok.stderrText()).toBe(0);
    const warnings = (JSON.parse(ok.stdoutText()) as { warnings: string[] }).warnings;
    expect(warnings.some((w) => w.startsWith("Not filtered: ctgan's rows get the purity filter by default"))).toBe(true);
  }, 60_000);

  it('refuses a --model-dir whose ancestor is a file, and creates nothing', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'gan-augment-fit-'));
    writeFileSync(path.join(dir, 'models'), 'not a folder');
    const io = captureIO();
    expect(await main(['fit', '--input', demoCsv, '--label', 'churned', '--model', 'random', '--model-dir', path.join(dir, 'models', 'a', 'b')], io)).toBe(7);
    expect(io.stderrText()).toContain('is not a folder');
    expect(readdirSync(dir)).toEqual(['models']);
  });

  it('names --model-dir when it is missing', async () => {
    const io = captureIO();
    expect(await main(['sample', '--count', 'yes=5', '--output', 'x.csv'], io)).toBe(2);
    expect(io.stderrText()).toContain('--model-dir');
  });
});
