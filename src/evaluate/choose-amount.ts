/**
 * `--amount auto`: how many of the rows the strategy asks for to add, chosen on the training rows
 * alone by what the rows do downstream, never by a loss. A stratified 2-fold split of the training
 * rows: the synthesizer is fitted on each half (with everything else as the run sets it), a
 * logistic regression is trained on the half plus the first 0.25, 0.5 or all of each class's
 * synthetic rows, and scored by minority F1 on the other half. The best mean share wins (ties: the
 * smaller share). In evaluate this runs on the outer training fold, so the test fold is never seen.
 */
import type { Dataset } from '../contracts.js';
import { countByClass, takeRows } from '../dataset.js';
import { GanAugmentError, isGanAugmentError } from '../errors.js';
import { AMOUNT_CANDIDATES, type AmountChoice, type AmountChooser } from '../options/index.js';
import { JUDGE_CLASSIFIER, smallestClass, validationF1 } from './choose-judge.js';
import { stratifiedFoldIds } from './folds.js';

/** Halves of the validation split: two extra fits, each on half the rows. */
export const AMOUNT_FOLDS = 2;
/** The judge (choose-judge.ts). */
export const AMOUNT_CLASSIFIER = JUDGE_CLASSIFIER;

/**
 * @example const { fraction } = await chooseAmount(training, (rows, rng) => fitAndSample(rows, rng), rng.fork('amount'));
 */
export const chooseAmount: AmountChooser = async (training, synthesize, rng) => {
  const counts = countByClass(training);
  const present = counts.filter((c) => c > 0);
  if (Math.min(...present) < AMOUNT_FOLDS) {
    const small = training.classes[counts.findIndex((c) => c > 0 && c < AMOUNT_FOLDS)];
    throw new GanAugmentError('data', `--amount auto: class '${small}' has fewer than ${AMOUNT_FOLDS} training rows, too few for the validation split.`, { hint: 'Give --amount a number (e.g. 0.5 or 1) instead.' });
  }
  const minority = smallestClass(training);
  const ids = stratifiedFoldIds(training.labels, AMOUNT_FOLDS, rng.fork('folds'));
  const sums = AMOUNT_CANDIDATES.map(() => 0);
  for (let fold = 0; fold < AMOUNT_FOLDS; fold++) {
    const inner: number[] = [];
    const held: number[] = [];
    for (let i = 0; i < ids.length; i++) (ids[i] === fold ? held : inner).push(i);
    const train = takeRows(training, inner);
    const validation = takeRows(training, held);
    const synthetic = await synthesize(train, rng.fork(`fold-${fold}`)).catch((err: unknown) => {
      // A class too small for the model on half the rows (glass's 8-row class under ctgan's 5).
      if (!isGanAugmentError(err) || err.code !== 'data') throw err;
      throw new GanAugmentError('data', `--amount auto fits the model on half of the training rows, and there it failed: ${err.message}`, { hint: 'Give --amount a number (e.g. 0.5 or 1) instead.', cause: err });
    });
    for (const [j, share] of AMOUNT_CANDIDATES.entries()) {
      const extra = synthetic ? takeRows(synthetic, firstShare(synthetic, share)) : undefined;
      const f1 = await validationF1(train, extra, validation, minority, () => rng.fork(`fold-${fold}:classifier`), '--amount');
      sums[j]! += f1 / AMOUNT_FOLDS;
    }
  }
  let best = 0;
  sums.forEach((s, j) => {
    if (s > sums[best]! + 1e-12) best = j;
  });
  return { fraction: AMOUNT_CANDIDATES[best]!, metric: 'minority_f1', scores: AMOUNT_CANDIDATES.map((fraction, j) => ({ fraction, score: sums[j]! })) } satisfies AmountChoice;
};

/** Indexes of the first ceil(share x n_c) rows of each class c, in row order (the rows are drawn independently, so any prefix is a fair sample). */
function firstShare(rows: Dataset, share: number): number[] {
  const counts = countByClass(rows);
  const limit = counts.map((n) => Math.ceil(share * n));
  const taken = counts.map(() => 0);
  const keep: number[] = [];
  for (let i = 0; i < rows.rowCount; i++) {
    const c = rows.labels[i]!;
    if (taken[c]! < limit[c]!) {
      keep.push(i);
      taken[c]! += 1;
    }
  }
  return keep;
}
