import { beforeAll, describe, expect, it } from 'vitest';
import { registerBuiltins } from '../../plugins/index.js';
import { repeatedStratifiedSplits } from '../../src/evaluate/folds.js';
import { fitPreprocessor } from '../../src/evaluate/preprocess.js';
import { runEvaluation } from '../../src/evaluate/run.js';
import { Rng } from '../../src/random.js';
import { registerSynthesizer } from '../../src/registry.js';
import { seenByFit, spyFactory } from '../support/spy-synthesizer.js';
import { blobs, idsOf } from '../support/toy-data.js';

beforeAll(() => {
  registerBuiltins();
  registerSynthesizer(spyFactory);
});


describe('runEvaluation', () => {
  it('never lets a test row reach the synthesizer or a fitted preprocessor', async () => {
    const data = blobs({ majority: 60, minority: 15, withId: true });
    seenByFit.length = 0;
    const preprocessorSaw: number[][] = [];
    await runEvaluation(data, {
      folds: 3,
      repeats: 2,
      seed: 11,
      methods: ['none', 'spy'],
      classifiers: ['logistic'],
      fitPreprocessor: (train) => {
        preprocessorSaw.push(idsOf(train));
        return fitPreprocessor(train);
      },
    });
    const splits = repeatedStratifiedSplits(data.labels, 3, 2, new Rng(11));
    expect(seenByFit).toHaveLength(splits.length);
    expect(preprocessorSaw).toHaveLength(splits.length * 2); // none + spy per split
    splits.forEach((split, s) => {
      const test = new Set(split.test);
      const train = new Set(split.train);
      expect(seenByFit[s]!.every((id) => train.has(id) && !test.has(id))).toBe(true);
      expect(new Set(seenByFit[s]).size).toBe(split.train.length);
      for (const seen of [preprocessorSaw[2 * s]!, preprocessorSaw[2 * s + 1]!]) {
        expect(seen.every((id) => id === -1 || (train.has(id) && !test.has(id)))).toBe(true);
      }
      // The spy's fold was topped up with synthetic rows (id -1) to the majority count: 40 vs 10 -> +30.
      expect(preprocessorSaw[2 * s + 1]!.filter((id) => id === -1)).toHaveLength(30);
    });
  });

  it('is deterministic: same seed, same numbers; and reports summaries, comparisons and verdicts', async () => {
    const data = blobs({ majority: 50, minority: 12, gap: 1.2 });
    const options = { folds: 3, repeats: 2, seed: 4, methods: ['none', 'balanced', 'random', 'spy'], classifiers: ['logistic', 'forest'], classifierParams: { forest: { trees: 10 } } };
    const a = await runEvaluation(data, options);
    const b = await runEvaluation(data, options);
    const strip = (r: typeof a): unknown => ({ ...r, seconds: 0, runs: r.runs.map((x) => ({ ...x, classifierSeconds: 0 })), synthesizers: r.synthesizers.map((s) => ({ ...s, seconds: 0 })) });
    expect(strip(a)).toEqual(strip(b));
    expect(a.runs).toHaveLength(6 * 4 * 2);
    expect(a.dataset.minorityClass).toBe('minor');
    expect(a.summary.map((s) => `${s.method}/${s.classifier}`)).toContain('spy/forest');
    // verdicts: 3 methods x (2 classifiers + 'all') on minority_f1
    expect(a.verdicts).toHaveLength(9);
    for (const v of a.verdicts) {
      expect(['helps', 'no significant difference', 'hurts']).toContain(v.kind);
      expect(v.statement).toMatch(/(augmentation|class weighting) (helped|hurt|did not help)/);
    }
    const spy = a.synthesizers.find((s) => s.method === 'spy')!;
    expect(spy.history).toHaveLength(3);
    expect(spy.fidelity!.syntheticRows).toBeGreaterThan(0);
    expect(spy.fidelity!.meanKs).toBeLessThan(0.5);
    expect(spy.fidelity!.detectionAuc).toBeGreaterThanOrEqual(0);
    expect(spy.fidelity!.detectionAuc).toBeLessThanOrEqual(1);
    const other = await runEvaluation(data, { ...options, seed: 5 });
    expect(other.runs.map((r) => r.metrics.minority_f1)).not.toEqual(a.runs.map((r) => r.metrics.minority_f1));
  });

  it('balanced weights raise minority recall of logistic on an imbalanced overlap', async () => {
    const full = blobs({ majority: 120, minority: 15, gap: 0.7 });
    const data = { ...full, features: full.features.slice(0, 2) }; // numeric overlap only (colour gives it away)
    const r = await runEvaluation(data, { folds: 3, repeats: 1, methods: ['none', 'balanced'], classifiers: ['logistic'] });
    const recall = (m: string): number => r.summary.find((s) => s.method === m)!.metrics.minority_recall.mean;
    expect(recall('balanced')).toBeGreaterThan(recall('none'));
  });

  it('names an unknown method or classifier', async () => {
    const data = blobs({ majority: 20, minority: 10 });
    await expect(runEvaluation(data, { methods: ['nope'], classifiers: ['logistic'], folds: 2, repeats: 1 })).rejects.toThrow(/--methods: unknown synthesizer 'nope'/);
    await expect(runEvaluation(data, { methods: ['none'], classifiers: ['svm'], folds: 2, repeats: 1 })).rejects.toThrow(/--classifiers: unknown classifier 'svm'/);
  });
});
