/**
 * The method `auto`: on each outer training fold it chooses by an inner evaluation of that fold's
 * rows alone (the outer test fold never reaches it).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { registerBuiltins } from '../../plugins/index.js';
import type { Dataset } from '../../src/contracts.js';
import { runEvaluation } from '../../src/evaluate/run.js';
import { repeatedStratifiedSplits } from '../../src/evaluate/folds.js';
import { Rng } from '../../src/random.js';
import { registerSynthesizer } from '../../src/registry.js';
import { seenByFit, spyFactory } from '../support/spy-synthesizer.js';
import { blobs } from '../support/toy-data.js';

beforeAll(() => {
  registerBuiltins();
  registerSynthesizer(spyFactory);
});

describe("evaluate --methods auto", () => {
  it('chooses on the outer training fold only: no outer test row reaches any inner fit', async () => {
    const data: Dataset = blobs({ majority: 60, minority: 15, withId: true });
    seenByFit.length = 0;
    const report = await runEvaluation(data, { folds: 3, repeats: 1, seed: 5, methods: ['none', 'auto'], classifiers: ['logistic'], autoCandidates: ['spy'] });
    const splits = repeatedStratifiedSplits(data.labels, 3, 1, new Rng(5));
    // Per outer split: 6 inner fits (3 folds x 2 repeats), plus one outer fit when auto chose the spy.
    expect(seenByFit.length).toBeGreaterThanOrEqual(splits.length * 6);
    let at = 0;
    for (const split of splits) {
      const test = new Set(split.test);
      const inner = seenByFit.slice(at, at + 6);
      for (const seen of inner) expect(seen.some((id) => test.has(id))).toBe(false);
      at += 6;
      if (seenByFit[at] && seenByFit[at]!.length === split.train.length) {
        expect(seenByFit[at]!.some((id) => test.has(id))).toBe(false);
        at++;
      }
    }
    expect(report.protocol.notes.join(' ')).toMatch(/auto chose, per training fold .* 3-fold x 2 evaluation of spy/);
    expect(report.runs.filter((r) => r.method === 'auto')).toHaveLength(splits.length);
  });
});
