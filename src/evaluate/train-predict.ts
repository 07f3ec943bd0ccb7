/**
 * Train every classifier on one (augmented) training set and predict class probabilities for a
 * held-out set: the preprocessor is fitted on the training set only and applied unchanged to the
 * held-out rows. Used for the outer test folds and for the inner folds of threshold tuning.
 */
import type { ClassifierFactory, Dataset } from '../contracts.js';
import type { Rng } from '../random.js';
import type { AugmentedFold } from './augment-fold.js';
import type { Preprocessor } from './preprocess.js';

export interface TrainContext {
  readonly classifiers: readonly ClassifierFactory[];
  readonly classifierParams?: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
  readonly classCount: number;
  readonly prepare: (train: Dataset) => Preprocessor;
}

export interface Prediction {
  /** rows x classCount probabilities of the held-out rows, row-major. */
  readonly proba: Float32Array;
  readonly seconds: number;
}

/**
 * One prediction per classifier, in `context.classifiers` order. Classifier `name` draws from
 * `rngFor(name)`, so callers decide the fork names.
 */
export async function trainAndPredict(augmented: AugmentedFold, heldOut: Dataset, context: TrainContext, rngFor: (classifier: string) => Rng): Promise<Prediction[]> {
  const prep = context.prepare(augmented.train);
  const xTrain = prep.transform(augmented.train);
  const xTest = prep.transform(heldOut);
  const out: Prediction[] = [];
  for (const factory of context.classifiers) {
    const started = performance.now();
    const classifier = factory.create(context.classifierParams?.[factory.name] ?? {});
    try {
      await classifier.fit(xTrain, augmented.train.labels, {
        rng: rngFor(factory.name),
        classCount: context.classCount,
        ...(augmented.sampleWeight ? { sampleWeight: augmented.sampleWeight } : {}),
      });
      out.push({ proba: await classifier.predictProba(xTest), seconds: (performance.now() - started) / 1000 });
    } finally {
      classifier.dispose();
    }
  }
  return out;
}
