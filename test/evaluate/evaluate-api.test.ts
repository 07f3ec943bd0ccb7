import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerBuiltins } from '../../plugins/index.js';
import { main } from '../../src/cli/main.js';
import { captureIO } from '../../src/cli/terminal.js';
import { evaluate } from '../../src/evaluate/index.js';
import { checkImprovement } from '../../src/evaluate/require-improvement.js';
import { Rng } from '../../src/random.js';

let dir: string;
let csv: string;

beforeAll(async () => {
  registerBuiltins();
  dir = await mkdtemp(join(tmpdir(), 'gan-augment-eval-'));
  csv = join(dir, 'toy.csv');
  const rng = new Rng(3);
  const lines = ['x1,x2,colour,label'];
  for (let i = 0; i < 90; i++) {
    const minority = i % 6 === 0;
    const shift = minority ? 1.2 : 0;
    lines.push(`${(rng.normal() + shift).toFixed(4)},${(rng.normal() - shift).toFixed(4)},${rng.next() < 0.5 ? 'red' : 'blue'},${minority ? 'yes' : 'no'}`);
  }
  await writeFile(csv, `${lines.join('\n')}\n`);
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('evaluate (API)', () => {
  it('reads a CSV, encodes it and evaluates', async () => {
    const report = await evaluate({ input: csv, label: 'label', methods: 'none,random', classifiers: 'logistic', folds: 3, repeats: 1, backend: 'cpu' });
    expect(report.dataset.name).toBe('toy');
    expect(report.dataset.minorityClass).toBe('yes');
    expect(report.dataset.classCounts).toEqual([75, 15]);
    expect(report.runs).toHaveLength(6);
    expect(report.runs.filter((r) => r.method === 'random').every((r) => r.syntheticRows === 40)).toBe(true);
  });

  it('names a bad option', async () => {
    await expect(evaluate({ input: csv, label: 'label', metric: 'auc' })).rejects.toThrow(/--metric: unknown metric 'auc'/);
    await expect(evaluate({ input: csv, label: 'label', folds: '1' })).rejects.toThrow(/--folds must be an integer of at least 2/);
    await expect(evaluate({ input: csv, label: 'nope', classifiers: 'logistic' })).rejects.toThrow(/--label: column 'nope'/);
  });

  it('checkImprovement answers with a reason', async () => {
    const r = await checkImprovement({ input: csv, label: 'label', model: 'random', metric: 'minority_f1', classifiers: 'logistic', folds: 3, repeats: 1, backend: 'cpu' });
    expect(typeof r.improved).toBe('boolean');
    expect(r.reason).toMatch(/random with logistic: augmentation (helped|hurt|did not help) minority F1/);
    expect(r.report.protocol.methods).toEqual(['none', 'random']);
  });
});

describe('gan-augment evaluate (CLI)', () => {
  it('prints the table and verdicts and writes JSON and HTML reports', async () => {
    const io = captureIO({ cwd: dir });
    const code = await main(
      ['evaluate', '--input', 'toy.csv', '--label', 'label', '--methods', 'none,balanced', '--classifiers', 'logistic', '--folds', '3', '--repeats', '2', '--json', 'r.json', '--report', 'r.html', '--backend', 'cpu', '--quiet'],
      io,
    );
    expect(io.stderrText()).toBe('');
    expect(code).toBe(0);
    expect(io.stdoutText()).toMatch(/Verdict on minority F1/);
    expect(io.stdoutText()).toMatch(/balanced with logistic: class weighting/);
    const json = JSON.parse(await readFile(join(dir, 'r.json'), 'utf8')) as { runs: unknown[] };
    expect(json.runs).toHaveLength(2 * 3 * 2);
    expect(await readFile(join(dir, 'r.html'), 'utf8')).toMatch(/^<!DOCTYPE html>/);
  });

  it('takes --tune-threshold and reports the tuned thresholds', async () => {
    const io = captureIO({ cwd: dir });
    const code = await main(['evaluate', '--input', 'toy.csv', '--label', 'label', '--methods', 'none,random', '--classifiers', 'logistic', '--folds', '3', '--repeats', '1', '--tune-threshold', '--json', 't.json', '--backend', 'cpu', '--quiet'], io);
    expect(code).toBe(0);
    expect(io.stdoutText()).toMatch(/^Recommendation: (Use random|Do not augment)/m);
    expect(io.stdoutText()).toContain('every method but none at a tuned threshold');
    const json = JSON.parse(await readFile(join(dir, 't.json'), 'utf8')) as { protocol: { tuneThreshold: boolean }; runs: Array<{ method: string; threshold?: number }> };
    expect(json.protocol.tuneThreshold).toBe(true);
    expect(json.runs.filter((r) => r.method === 'random').every((r) => typeof r.threshold === 'number')).toBe(true);
    await expect(evaluate({ input: csv, label: 'label', tuneThreshold: 'maybe' })).rejects.toThrow(/--tune-threshold must be true or false/);
  });

  it('exits with the usage code on a bad flag, naming it', async () => {
    const io = captureIO({ cwd: dir });
    const code = await main(['evaluate', '--input', 'toy.csv', '--label', 'label', '--repeats', 'two'], io);
    expect(code).toBe(2);
    expect(io.stderrText()).toMatch(/--repeats/);
  });

  it('has --help listing its flags', async () => {
    const io = captureIO({ cwd: dir });
    expect(await main(['evaluate', '--help'], io)).toBe(0);
    for (const flag of ['--methods', '--classifiers', '--metric', '--report', '--json', '--folds', '--repeats', '--tune-threshold']) expect(io.stdoutText()).toContain(flag);
  });
});
