/**
 * --amount auto: the share of the planned rows chosen by a classifier's score on a split of the
 * training rows, never by the loss, and inside evaluate never on the test fold.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { tableFromArrays } from 'apache-arrow';
import { registerBuiltins } from '../../plugins/index.js';
import type { Dataset } from '../../src/contracts.js';
import { takeRows } from '../../src/dataset.js';
import { chooseAmount } from '../../src/evaluate/choose-amount.js';
import { repeatedStratifiedSplits } from '../../src/evaluate/folds.js';
import { runEvaluation } from '../../src/evaluate/run.js';
import { augment } from '../../src/index.js';
import { GanAugmentError } from '../../src/errors.js';
import { Rng } from '../../src/random.js';
import { registerSynthesizer } from '../../src/registry.js';
import { seenByFit, spyFactory } from '../support/spy-synthesizer.js';
import { blobs } from '../support/toy-data.js';

beforeAll(() => {
  registerBuiltins();
  registerSynthesizer(spyFactory);
});

/** Synthetic minority rows for `rows`: the first `good` share copies of minority rows, the rest majority rows relabelled minority. */
function plantedSynthetic(rows: Dataset, good: number): Dataset {
  const minority = [...rows.labels.keys()].filter((i) => rows.labels[i] === 1);
  const majority = [...rows.labels.keys()].filter((i) => rows.labels[i] === 0);
  const need = majority.length - minority.length;
  const picks = Array.from({ length: need }, (_, k) => (k < good * need ? minority[k % minority.length]! : majority[k % majority.length]!));
  const out = takeRows(rows, picks);
  return { ...out, labels: new Int32Array(need).fill(1) };
}

describe('--amount auto', () => {
  it('chooses the share whose rows do least harm on the validation half: the smallest when every synthetic row misleads', async () => {
    const data = blobs({ majority: 120, minority: 30, gap: 3 });
    const harmful = await chooseAmount(data, async (rows) => plantedSynthetic(rows, 0), new Rng(1));
    expect(harmful.fraction).toBe(0.25);
    expect(harmful.scores.map((s) => s.fraction)).toEqual([0.25, 0.5, 1]);
    const [quarter, , all] = harmful.scores;
    expect(quarter!.score).toBeGreaterThan(all!.score);
    const tooSmall = chooseAmount(data, async () => Promise.reject(new GanAugmentError('data', "Class 'minor' has 4 rows.")), new Rng(1));
    await expect(tooSmall).rejects.toThrow(/--amount auto fits the model on half of the training rows, and there it failed: Class 'minor' has 4 rows\. Give --amount a number/);
  });

  it('never lets an outer test row reach a fit: 2 inner fits on halves of the training fold, then the real one', async () => {
    const data: Dataset = blobs({ majority: 60, minority: 15, withId: true });
    seenByFit.length = 0;
    const report = await runEvaluation(data, { folds: 3, repeats: 1, seed: 5, methods: ['none', 'spy'], classifiers: ['logistic'], amount: 'auto' });
    const splits = repeatedStratifiedSplits(data.labels, 3, 1, new Rng(5));
    expect(seenByFit).toHaveLength(splits.length * 3);
    splits.forEach((split, s) => {
      const test = new Set(split.test);
      const train = new Set(split.train);
      const [a, b, outer] = seenByFit.slice(s * 3, s * 3 + 3) as [number[], number[], number[]];
      for (const seen of [a, b, outer]) expect(seen.some((id) => test.has(id))).toBe(false);
      expect(a.length + b.length).toBe(split.train.length);
      expect(new Set([...a, ...b]).size).toBe(train.size);
      expect(outer).toHaveLength(split.train.length);
    });
    const spy = report.synthesizers.find((d) => d.method === 'spy')!;
    expect(spy.amountChosen).toHaveLength(splits.length);
    for (const share of spy.amountChosen!) expect([0.25, 0.5, 1]).toContain(share);
  });

  it('augment: a share adds that part of the planned rows; auto records its scores in the summary', async () => {
    const rng = new Rng(3);
    const labels = [...Array(80).fill('no'), ...Array(20).fill('yes')] as string[];
    const input = tableFromArrays({ x: Float64Array.from(labels, (l) => (l === 'yes' ? 3 : 0) + rng.normal()), label: labels });
    const half = await augment({ input, label: 'label', model: 'smote', quiet: true, amount: 0.5 });
    expect(half.summary.classes.find((c) => c.class === 'yes')!.added).toBe(30);
    const auto = await augment({ input, label: 'label', model: 'smote', quiet: true, amount: 'auto' });
    expect(auto.summary.amount!.scores).toHaveLength(3);
    expect(auto.summary.classes.find((c) => c.class === 'yes')!.added).toBe(Math.ceil(60 * auto.summary.amount!.fraction));
    expect(auto.summary.warnings.join(' ')).toMatch(/--amount auto: added (0.25|0.5|1) of the rows the strategy asks for \(minority_f1/);
    await expect(augment({ input, label: 'label', model: 'smote', quiet: true, amount: 1.5 })).rejects.toThrow(/--amount must be 'auto' or a share of the rows to add in \(0, 1\], got 1.5/);
  });
});
