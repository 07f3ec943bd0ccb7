/**
 * The batch/pac and default-epochs rules of plugins/ctgan/params.ts, with the reasons from the
 * small-class study in docs/ctgan.md ("Small classes"):
 * - the automatic pac is batch / 50 within [2, 10]: pac 1 (batches under 100 rows) fitted the
 *   minority marginals of 28-111-row classes worst at 100 epochs; every batch of 100 rows or more
 *   keeps the pac it had;
 * - epochs not given: at least 600 optimizer steps (300 epochs were 300 steps below 1000 rows, and
 *   600 steps fitted the minority better on all six datasets measured).
 */
import { describe, expect, it } from 'vitest';
import { Rng } from '../../../src/random.js';
import { ctganFactory } from '../../../plugins/ctgan/index.js';
import {
  DEFAULT_EPOCHS,
  MIN_AUTO_PAC,
  MIN_DEFAULT_STEPS,
  MIN_ROWS_PER_CLASS,
  defaultEpochs,
  resolveBatchAndPac,
  resolveBatchSize,
} from '../../../plugins/ctgan/params.js';
import { makeFixture } from '../../support/ctgan-fixture.js';

describe('resolveBatchAndPac', () => {
  it('keeps CTGAN pac 10 at batch 500 and about 50 packs for mid-sized classes (unchanged)', () => {
    expect(resolveBatchAndPac(undefined, undefined, 1000)).toEqual({ batch: 500, pac: 10 });
    expect(resolveBatchAndPac(undefined, undefined, 500)).toEqual({ batch: 500, pac: 10 });
    expect(resolveBatchAndPac(undefined, undefined, 400)).toEqual({ batch: 400, pac: 8 });
    // german_credit's minority training fold (240 rows) and the ctgan fixture (150, 153).
    expect(resolveBatchAndPac(undefined, undefined, 240)).toEqual({ batch: 240, pac: 4 });
    expect(resolveBatchAndPac(undefined, undefined, 153)).toEqual({ batch: 153, pac: 3 });
    // pima_diabetes (214): 4 and 3 do not divide 214, so 2.
    expect(resolveBatchAndPac(undefined, undefined, 214)).toEqual({ batch: 214, pac: 2 });
  });

  it('never picks pac 1 on its own: the batch is rounded down to a multiple of 2 instead', () => {
    expect(MIN_AUTO_PAC).toBe(2);
    // haberman (64-65 rows per training fold), ecoli_imu (28), glass without its largest class (111): pac 1 before.
    expect(resolveBatchAndPac(undefined, undefined, 65)).toEqual({ batch: 64, pac: 2 });
    expect(resolveBatchAndPac(undefined, undefined, 28)).toEqual({ batch: 28, pac: 2 });
    expect(resolveBatchAndPac(undefined, undefined, 111)).toEqual({ batch: 110, pac: 2 });
    // An odd 499: 9..3 do not divide it; pac 2 (it was 1).
    expect(resolveBatchAndPac(undefined, undefined, 499)).toEqual({ batch: 498, pac: 2 });
    // Fewer rows than a pack: one pack (real rows are drawn with replacement).
    expect(resolveBatchAndPac(undefined, undefined, 1)).toEqual({ batch: 2, pac: 2 });
    expect(resolveBatchAndPac(undefined, undefined, 7)).toEqual({ batch: 6, pac: 2 });
  });

  it('honours an explicit batch: the automatic pac is lowered until it divides it (to 1 if need be)', () => {
    expect(resolveBatchAndPac(120, undefined, 1000)).toEqual({ batch: 120, pac: 2 });
    expect(resolveBatchAndPac(105, undefined, 1000)).toEqual({ batch: 105, pac: 1 });
    expect(resolveBatchAndPac(300, undefined, 1000)).toEqual({ batch: 300, pac: 6 });
    expect(resolveBatchAndPac(500, undefined, 1000)).toEqual({ batch: 500, pac: 10 });
  });

  it('honours an explicit pac, also below the automatic floor', () => {
    expect(resolveBatchAndPac(undefined, 10, 153)).toEqual({ batch: 150, pac: 10 });
    expect(resolveBatchAndPac(undefined, 1, 65)).toEqual({ batch: 65, pac: 1 });
    expect(resolveBatchAndPac(40, 1, 214)).toEqual({ batch: 40, pac: 1 });
    expect(() => resolveBatchAndPac(25, 10, 63)).toThrow(/--batch-size 25/);
    expect(resolveBatchSize(undefined, 153, 10)).toBe(150);
  });

  it('asks for 5 rows per class with the automatic pac, one pack with an explicit one', () => {
    expect(MIN_ROWS_PER_CLASS).toBe(5);
    expect(ctganFactory.minRowsPerClass({})).toBe(5);
    expect(ctganFactory.minRowsPerClass({ pac: 'auto' })).toBe(5);
    expect(ctganFactory.minRowsPerClass({ pac: 10 })).toBe(10);
  });
});

describe('defaultEpochs', () => {
  it('lengthens a fit to at least 600 optimizer steps when one epoch is one step', () => {
    expect(MIN_DEFAULT_STEPS).toBe(600);
    expect(defaultEpochs(65, 64)).toBe(600);
    expect(defaultEpochs(240, 240)).toBe(600);
    expect(defaultEpochs(999, 500)).toBe(600);
  });

  it('keeps CTGAN 300 epochs when they already make 600 steps', () => {
    expect(defaultEpochs(1000, 500)).toBe(DEFAULT_EPOCHS);
    expect(defaultEpochs(5404, 500)).toBe(DEFAULT_EPOCHS);
    // An explicit small batch gives several steps per epoch: 300 rows / 50 = 6.
    expect(defaultEpochs(300, 50)).toBe(DEFAULT_EPOCHS);
    // 4 steps per epoch: 150 epochs would do, but not fewer than CTGAN's 300.
    expect(defaultEpochs(400, 100)).toBe(DEFAULT_EPOCHS);
  });

  it('the synthesizer applies it only when no epochs are given', async () => {
    const tiny = { embeddingDim: 8, generatorDims: [8], criticDims: [8] };
    const data = makeFixture(3, 30, 10); // 10 minority rows: batch 10, one step per epoch
    const explicit = ctganFactory.create(tiny);
    expect((await explicit.fit(data, { rng: new Rng(1), epochs: 2 })).epochs).toBe(2);
    explicit.dispose();
    const fromParams = ctganFactory.create({ ...tiny, epochs: 3 });
    expect((await fromParams.fit(data, { rng: new Rng(1) })).epochs).toBe(3);
    fromParams.dispose();
    // Default: 600 one-step epochs (the progress total), stopped after the first few to keep the test short.
    const controller = new AbortController();
    const totals: number[] = [];
    const lengthened = ctganFactory.create(tiny);
    const report = await lengthened.fit(data, { rng: new Rng(1), signal: controller.signal }, (event) => {
      if (event.phase !== 'fit') return;
      totals.push(event.total ?? -1);
      if (event.done >= 3) controller.abort();
    });
    lengthened.dispose();
    expect(totals[0]).toBe(600);
    expect(report.epochs).toBeLessThan(600);
  });
});
