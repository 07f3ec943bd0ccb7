/**
 * `evaluate --workers`: the job units in worker processes give the same report as in this process
 * (JSON and HTML byte for byte once the wall-time fields of test/support/wall-times.ts are zeroed),
 * for every kind of unit: the baselines, `threshold` sharing `none`'s fit, synthesizers with their
 * fidelity and loss history, and `auto` with its inner evaluation.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { registerBuiltins } from '../../plugins/index.js';
import { processPool } from '../../src/evaluate/process-pool.js';
import { runEvaluation, type RunOptions } from '../../src/evaluate/run.js';
import { registerSynthesizer } from '../../src/registry.js';
import { renderReportHtml } from '../../src/report/html.js';
import { reportToJson } from '../../src/report/json.js';
import { GanAugmentError } from '../../src/errors.js';
import { spyFactory } from '../support/spy-synthesizer.js';
import { blobs } from '../support/toy-data.js';
import { withoutWallTimes } from '../support/wall-times.js';

beforeAll(() => {
  registerBuiltins();
  registerSynthesizer(spyFactory);
});

const data = blobs({ majority: 60, minority: 15 });
const options: RunOptions = {
  folds: 3,
  repeats: 1,
  seed: 5,
  methods: ['none', 'balanced', 'threshold', 'random', 'smote', 'smote+purity', 'ctgan', 'auto'],
  classifiers: ['logistic', 'forest'],
  epochs: 2,
  autoCandidates: ['smote', 'random'],
  backend: 'cpu',
};

describe('evaluate in worker processes', () => {
  it('gives the report of a run in this process, JSON and HTML byte for byte', async () => {
    const progress: string[] = [];
    const local = await runEvaluation(data, options);
    const pooled = await runEvaluation(data, { ...options, executor: processPool(2), progress: (e) => void progress.push(e.message ?? '') });
    expect(pooled.runs).toHaveLength(3 * 8 * 2);
    expect(pooled.synthesizers.map((s) => s.method)).toEqual(['random', 'smote', 'smote+purity', 'ctgan']);
    // The filter's tally crosses the process boundary and is summed over the splits.
    expect(pooled.synthesizers.find((s) => s.method === 'smote+purity')!.filter?.rules).toEqual(['purity']);
    expect(pooled.synthesizers.find((s) => s.method === 'ctgan')!.history).toHaveLength(2);
    expect(progress).toHaveLength(3 * 8);
    const a = withoutWallTimes(local);
    const b = withoutWallTimes(pooled);
    expect(reportToJson(b)).toBe(reportToJson(a));
    expect(renderReportHtml(b)).toBe(renderReportHtml(a));
  });

  it('refuses a plugin registered in this process only, naming it', async () => {
    const run = runEvaluation(data, { folds: 3, repeats: 1, methods: ['none', 'spy'], classifiers: ['logistic'], executor: processPool(1) });
    await expect(run).rejects.toThrow(GanAugmentError);
    await expect(run).rejects.toThrow("--workers: 'spy' is registered in this process only");
  });
});
