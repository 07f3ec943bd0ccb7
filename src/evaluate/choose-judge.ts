/**
 * The downstream score that choices made on data use (`--amount auto`, ctgan's `snapshot: 'auto'`
 * through FitOptions.judge): a logistic regression trained on real rows plus synthetic ones, its
 * minority F1 on held-out real rows. Never a loss; the caller splits the rows, so in evaluate only
 * the training fold is ever used.
 */
import type { Dataset, SyntheticJudge } from '../contracts.js';
import { concatRows, countByClass } from '../dataset.js';
import type { Rng } from '../random.js';
import { getClassifier } from '../registry.js';
import { decide, minorityScores, scoreRows } from './metrics.js';
import { fitPreprocessor } from './preprocess.js';
import { trainAndPredict } from './train-predict.js';

/** The judge: fast, deterministic, and the evaluator's first classifier. */
export const JUDGE_CLASSIFIER = 'logistic';

/**
 * Minority F1 on `validation` of the judge trained on `train` plus `synthetic` (none: `train` alone).
 * @example const f1 = await validationF1(half, synthetic, otherHalf, minority, () => rng.fork('classifier'), '--amount');
 */
export async function validationF1(train: Dataset, synthetic: Dataset | undefined, validation: Dataset, minority: number, rngFor: () => Rng, option: string): Promise<number> {
  const context = { classifiers: [getClassifier(JUDGE_CLASSIFIER, option)], classCount: train.classes.length, prepare: fitPreprocessor };
  const augmented = synthetic && synthetic.rowCount > 0 ? concatRows(train, synthetic) : train;
  const [prediction] = await trainAndPredict(
    { train: augmented, realRows: train.rowCount, synthetic, sampleWeight: undefined, fitReport: undefined, seconds: 0 },
    validation,
    context,
    rngFor,
  );
  const proba = prediction!.proba;
  const metrics = scoreRows({ truth: validation.labels, predicted: decide(proba, context.classCount, minority), scores: minorityScores(proba, context.classCount, minority) }, context.classCount, minority);
  return metrics.minority_f1;
}

/** The smallest class present (the first of equals). */
export function smallestClass(rows: Dataset): number {
  const counts = countByClass(rows);
  let minority = counts.findIndex((c) => c > 0);
  counts.forEach((c, i) => {
    if (c > 0 && c < counts[minority]!) minority = i;
  });
  return minority;
}

/** FitOptions.judge as the package's entry points and evaluate supply it: minority F1 of the smallest class of `train`. */
export const judgeSynthetic: SyntheticJudge = (train, synthetic, validation, rng) => validationF1(train, synthetic, validation, smallestClass(train), () => rng, 'snapshot auto');
