/**
 * The detection test of the fidelity report: can a classifier tell the real rows of the augmented
 * classes from the synthetic ones? Cross-validated logistic regression (the evaluator's own
 * `logistic` classifier and preprocessing) on real (0) vs synthetic (1) rows; the score is the mean
 * ROC-AUC over the folds: 0.5 means indistinguishable, 1 means every synthetic row is recognised.
 * SDMetrics' LogisticDetection reports the same quantity as 1 - AUC.
 */
import type { Dataset } from '../contracts.js';
import { concatRows, takeRows } from '../dataset.js';
import type { Rng } from '../random.js';
import { getClassifier } from '../registry.js';
import { repeatedStratifiedSplits } from './folds.js';
import { rocAuc } from './ranking.js';
import { fitPreprocessor } from './preprocess.js';

export const DETECTION_FOLDS = 5;

/**
 * Mean held-out ROC-AUC of logistic regression separating `real` from `synthetic` rows (same
 * columns). The synthetic rows are subsampled (seeded) to the real count, so both sides weigh the
 * same and the cost stays that of the real rows. NaN when either side has fewer rows than 2.
 *
 * @example
 * const auc = await detectionAuc(realMinority, syntheticMinority, rng.fork('detection')); // ~0.5 is good
 */
export async function detectionAuc(real: Dataset, synthetic: Dataset, rng: Rng, folds: number = DETECTION_FOLDS): Promise<number> {
  const n = Math.min(real.rowCount, synthetic.rowCount);
  const k = Math.min(folds, n);
  if (k < 2) return Number.NaN;
  const picked = synthetic.rowCount > n ? rng.fork('subsample').permutation(synthetic.rowCount).slice(0, n).sort() : Int32Array.from({ length: n }, (_, i) => i);
  const both = concatRows(real, takeRows(synthetic, picked));
  const labels = new Int32Array(both.rowCount).fill(1, real.rowCount);
  const data: Dataset = { ...both, labels, classes: ['real', 'synthetic'] };
  const factory = getClassifier('logistic', 'the detection test');
  const aucs: number[] = [];
  for (const split of repeatedStratifiedSplits(labels, k, 1, rng.fork('folds'))) {
    const train = takeRows(data, split.train);
    const test = takeRows(data, split.test);
    const prep = fitPreprocessor(train);
    const classifier = factory.create({});
    try {
      await classifier.fit(prep.transform(train), train.labels, { rng: rng.fork(`fit:${split.fold}`), classCount: 2 });
      const proba = await classifier.predictProba(prep.transform(test));
      const score = Float64Array.from({ length: test.rowCount }, (_, i) => proba[i * 2 + 1]!);
      aucs.push(rocAuc(Uint8Array.from(test.labels), score));
    } finally {
      classifier.dispose();
    }
  }
  const finite = aucs.filter((a) => Number.isFinite(a));
  return finite.length === 0 ? Number.NaN : finite.reduce((a, b) => a + b, 0) / finite.length;
}
