import { mkdtempSync, readdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { captureIO } from '../../src/cli/terminal.js';
import { main } from '../../src/cli/main.js';
import { estimateFit } from '../../src/cli/dry-run-estimate.js';

const demoCsv = path.resolve(import.meta.dirname, '..', '..', 'fixtures', 'demo-churn.csv');

/** The demo table's classes (fixtures/generate-demo.ts): 1500 customers, 137 churned. */
const NO = 1363;
const YES = 137;

describe('--dry-run', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'gan-augment-dry-run-'));

  it('--model auto: a candidate parameter is checked by its candidate, as the real run checks it (augment and fit)', async () => {
    for (const args of [
      ['augment', '--input', demoCsv, '--label', 'churned', '--output', path.join(dir, 'auto.csv')],
      ['fit', '--input', demoCsv, '--label', 'churned', '--model-dir', path.join(dir, 'auto-model')],
    ]) {
      const io = captureIO();
      const code = await main([...args, '--model', 'auto', '--auto-candidates', 'random,smote', '--model-param', 'smote.pac=5', '--dry-run'], io);
      expect(code).toBe(2);
      expect(io.stderrText().trim().split('\n')).toEqual([expect.stringMatching(/^gan-augment: smote: unknown parameter 'pac'\. Known parameters: k_neighbors/)]);
    }
  });

  it('augment: prints the classes before and after, the model, the outputs and a rough time, and writes nothing', async () => {
    const io = captureIO();
    const out = path.join(dir, 'out.parquet');
    const code = await main(['augment', '--input', demoCsv, '--label', 'churned', '--output', out, '--summary', path.join(dir, 's.json'), '--dry-run', '--epochs', '10'], io);
    expect(code, io.stderrText()).toBe(0);
    const text = io.stdoutText();
    expect(text).toContain('nothing was trained or written');
    expect(text).toMatch(new RegExp(`yes +${YES} -> +${NO} +\\+${NO - YES}`));
    expect(text).toContain('model: ctgan');
    expect(text).toContain(`training rows: ${YES} of 1500 (--train-on minority, ctgan's default`);
    expect(text).toContain(`would write: output ${out}, summary JSON`);
    expect(text).toMatch(/rough time: ~\d+s \(rough: 10 epochs over 137 training rows/);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('augment --summary -: the plan as JSON on stdout, the same rows per class', async () => {
    const io = captureIO();
    const code = await main(['augment', '--input', demoCsv, '--label', 'churned', '--output', path.join(dir, 'o.csv'), '--model', 'smote', '--strategy', '0.5', '--summary', '-', '--dry-run', '--quiet'], io);
    expect(code, io.stderrText()).toBe(0);
    const plan = JSON.parse(io.stdoutText()) as { dryRun: boolean; classes: { class: string; before: number; after: number; training: number }[]; model: string; estimate: unknown };
    expect(plan.dryRun).toBe(true);
    expect(plan.model).toBe('smote');
    expect(plan.classes.find((c) => c.class === 'yes')).toMatchObject({ before: YES, after: Math.floor(NO * 0.5), training: YES });
    // SMOTE has no training loop to time.
    expect(plan.estimate).toBeNull();
    expect(io.stderrText()).toBe('');
    expect(readdirSync(dir)).toEqual([]);
  });

  it('makes the checks a run makes first: an unknown model fails as it would', async () => {
    const io = captureIO();
    const code = await main(['augment', '--input', demoCsv, '--label', 'churned', '--output', path.join(dir, 'o.csv'), '--model', 'nope', '--dry-run'], io);
    expect(code).toBe(2);
    expect(io.stderrText()).toContain('nope');
    expect(readdirSync(dir)).toEqual([]);
  });

  it('fit: says which classes the model would generate, and saves nothing', async () => {
    const io = captureIO();
    const modelDir = path.join(dir, 'models', 'ctgan');
    const code = await main(['fit', '--input', demoCsv, '--label', 'churned', '--model-dir', modelDir, '--dry-run'], io);
    expect(code, io.stderrText()).toBe(0);
    expect(io.stdoutText()).toContain('the model would generate: yes (fit with --train-on all to sample every class)');
    expect(io.stdoutText()).toContain(`would write: model folder ${modelDir}`);
    const all = captureIO();
    expect(await main(['fit', '--input', demoCsv, '--label', 'churned', '--model-dir', modelDir, '--train-on', 'all', '--dry-run', '--summary', '-'], all)).toBe(0);
    const plan = JSON.parse(all.stdoutText()) as { generates: string[]; estimate: { seconds: number } };
    expect(plan.generates).toEqual(['no', 'yes']);
    expect(plan.estimate.seconds).toBeGreaterThan(0);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('evaluate: folds x repeats x methods x classifiers = jobs, units and workers', async () => {
    const io = captureIO();
    const code = await main(['evaluate', '--input', demoCsv, '--label', 'churned', '--folds', '3', '--repeats', '2', '--methods', 'smote,ctgan', '--classifiers', 'logistic', '--workers', '2', '--dry-run'], io);
    expect(code, io.stderrText()).toBe(0);
    expect(io.stdoutText()).toContain('3 folds x 2 repeats x 3 methods (none, smote, ctgan) x 1 classifiers (logistic) = 18 jobs');
    expect(io.stdoutText()).toContain('18 job units');
    expect(io.stdoutText()).toContain('on 2 workers; 12 synthesizer fits');
    const json = captureIO();
    expect(await main(['evaluate', '--input', demoCsv, '--label', 'churned', '--dry-run', '--json', '-', '--quiet'], json)).toBe(0);
    const plan = JSON.parse(json.stdoutText()) as { jobs: number; folds: number; repeats: number; methods: string[]; classifiers: string[] };
    expect(plan.jobs).toBe(plan.folds * plan.repeats * plan.methods.length * plan.classifiers.length);
    expect(readdirSync(dir)).toEqual([]);
  });
});

describe('the rough estimate', () => {
  it("follows ctgan's epochs rule: 600 one-step epochs below 1000 training rows, 300 above", () => {
    const small = estimateFit('ctgan', [NO, YES], { epochs: undefined, batchSize: undefined, trainOn: undefined })!;
    expect(small).toMatchObject({ epochs: 600, rowsTrainedOn: YES });
    expect(small.seconds).toBeCloseTo((600 * YES) / 10_283, 5);
    const large = estimateFit('ctgan', [5000, 3000], { epochs: undefined, batchSize: undefined, trainOn: 'all' })!;
    expect(large).toMatchObject({ epochs: 300, rowsTrainedOn: 8000 });
    expect(estimateFit('smote', [NO, YES], { epochs: undefined, batchSize: undefined, trainOn: undefined })).toBeUndefined();
  });
});
