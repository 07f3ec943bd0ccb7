/**
 * ctgan's snapshot 'auto' inside evaluate: the judge only ever sees rows of the outer training
 * fold (two halves of it), never a row of the test fold.
 */
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { tableFromArrays } from 'apache-arrow';
import { registerBuiltins } from '../../plugins/index.js';
import type { Dataset } from '../../src/contracts.js';
import { repeatedStratifiedSplits } from '../../src/evaluate/folds.js';
import { runEvaluation } from '../../src/evaluate/run.js';
import { augment } from '../../src/index.js';
import { Rng } from '../../src/random.js';
import { blobs } from '../support/toy-data.js';

const seen = vi.hoisted(() => [] as Array<{ train: number[]; validation: number[] }>);

vi.mock('../../src/evaluate/choose-judge.js', async (original) => {
  const real = await original<typeof import('../../src/evaluate/choose-judge.js')>();
  const ids = (rows: Dataset): number[] => {
    const id = rows.features.find((f) => f.name === 'id');
    return id && id.kind === 'numeric' ? [...id.values] : [];
  };
  return {
    ...real,
    judgeSynthetic: (train: Dataset, synthetic: Dataset, validation: Dataset, rng: Rng) => {
      seen.push({ train: ids(train), validation: ids(validation) });
      return real.judgeSynthetic(train, synthetic, validation, rng);
    },
  };
});

describe('snapshot auto in evaluate', () => {
  beforeAll(() => {
    registerBuiltins();
  });

  it('judges snapshots on halves of each training fold only', async () => {
    const data = blobs({ majority: 60, minority: 20, withId: true });
    const params = { embeddingDim: 8, generatorDims: [16], criticDims: [16], snapshot: 'auto' };
    await runEvaluation(data, { folds: 3, repeats: 1, seed: 5, methods: ['none', 'ctgan'], classifiers: ['logistic'], epochs: 4, synthesizerParams: { ctgan: params } });
    const splits = repeatedStratifiedSplits(data.labels, 3, 1, new Rng(5));
    // Per split: two halves x four snapshots.
    expect(seen).toHaveLength(splits.length * 8);
    splits.forEach((split, s) => {
      const test = new Set(split.test);
      const calls = seen.slice(s * 8, s * 8 + 8);
      for (const { train, validation } of calls) expect([...train, ...validation].some((id) => test.has(id))).toBe(false);
      const [a, b] = [calls[0]!, calls[4]!];
      expect(new Set([...a.train, ...a.validation])).toEqual(new Set(split.train));
      expect(b.train).toEqual(a.validation);
    });
  }, 120_000);

  it('augment supplies the judge: the fit chooses its epochs on the input rows and says so in the summary', async () => {
    const rng = new Rng(3);
    const labels = [...Array(60).fill('no'), ...Array(20).fill('yes')] as string[];
    const input = tableFromArrays({ x: Float64Array.from(labels, (l) => (l === 'yes' ? 3 : 0) + rng.normal()), label: labels });
    seen.length = 0;
    const { summary } = await augment({ input, label: 'label', model: 'ctgan', modelParams: { embeddingDim: 8, generatorDims: [16], criticDims: [16], snapshot: 'auto' }, epochs: 4, quiet: true });
    expect(seen).toHaveLength(8);
    expect(summary.warnings.join(' ')).toMatch(/ctgan snapshot 'auto': trained [1-4] of 4 epochs \(share (0.25|0.5|0.75|1)\)/);
    expect(summary.classes.find((c) => c.class === 'yes')!.added).toBe(40);
  }, 120_000);
});
