/**
 * Runs job units (units.ts): for each method of a unit, augment the split's training fold, train
 * every classifier on it and predict the untouched test fold (tuning the threshold on the training
 * fold where asked). The same code runs in this process (`--workers 1`), in a child of the local
 * pool and in a queue worker. The fits of the last split are kept, so `auto` reuses a fit of the
 * method it chose when that ran here before.
 */
import type { Dataset } from '../contracts.js';
import type { AmountChooser } from '../options/index.js';
import { countByClass, takeRows } from '../dataset.js';
import { isGanAugmentError } from '../errors.js';
import { getClassifier } from '../registry.js';
import { Rng } from '../random.js';
import { splitMethod } from '../stage/filters/method-name.js';
import { augmentFold, type AugmentSettings, type AugmentedFold } from './augment-fold.js';
import { detectionAuc } from './detection.js';
import { measureFidelity, type FidelityReport } from './fidelity.js';
import { imageSamples } from './image-samples.js';
import { repeatedStratifiedSplits, type Split } from './folds.js';
import { fitPreprocessor, type Preprocessor } from './preprocess.js';
import type { EvaluationReport } from './report-types.js';
import { tuneThresholds } from './threshold.js';
import { trainAndPredict, type Prediction, type TrainContext } from './train-predict.js';
import { augmenterOf, type EvaluateUnit, type FitDiagnostics, type MethodOutcome, type UnitResult, type UnitSettings } from './units.js';

/**
 * The inner evaluation behind `auto`: 3 folds x 2 repeats. Six paired splits is the fewest at which
 * the exact Wilcoxon test can reach p < 0.05 (with five it never goes below 0.0625), so fewer
 * splits could never recommend augmenting.
 */
export const AUTO_INNER_FOLDS = 3;
export const AUTO_INNER_REPEATS = 2;

/** An in-process evaluation of a training fold (runEvaluation, passed in: it is the caller above this file). */
export type InnerEvaluation = (
  train: Dataset,
  options: Omit<UnitSettings, 'autoCandidates'> & { readonly methods: readonly string[]; readonly autoCandidates: readonly string[]; readonly signal?: AbortSignal | undefined; readonly fitPreprocessor?: (train: Dataset) => Preprocessor },
) => Promise<EvaluationReport>;

export interface UnitRunnerHooks {
  readonly inner: InnerEvaluation;
  readonly signal?: AbortSignal | undefined;
  /** Test seam: how the classifier input is prepared (default fitPreprocessor). */
  readonly prepare?: (train: Dataset) => Preprocessor;
  /** Test seam: how `--amount auto` chooses (default chooseAmount; in-process runs only). */
  readonly amountChooser?: AmountChooser | undefined;
}

interface Fitted {
  readonly augmented: AugmentedFold;
  readonly predictions: Prediction[];
  diagnostics?: FitDiagnostics;
}

/**
 * @example const runner = new UnitRunner(data, settings, { inner: runEvaluation }); const result = await runner.run({ split: 0, methods: ['smote'], diagnose: true });
 */
export class UnitRunner {
  private readonly root: Rng;
  private readonly splits: Split[];
  private readonly context: TrainContext;
  private readonly minority: number;
  private cached: { split: number; train: Dataset; test: Dataset; fits: Map<string, Fitted> } | undefined;

  constructor(
    private readonly data: Dataset,
    private readonly settings: UnitSettings,
    private readonly hooks: UnitRunnerHooks,
  ) {
    this.root = new Rng(settings.seed);
    this.splits = repeatedStratifiedSplits(data.labels, settings.folds, settings.repeats, this.root);
    this.context = {
      classifiers: settings.classifiers.map((name) => getClassifier(name, '--classifiers')),
      classCount: data.classes.length,
      prepare: hooks.prepare ?? fitPreprocessor,
      ...(settings.classifierParams ? { classifierParams: settings.classifierParams } : {}),
    };
    this.minority = minorityIndex(data);
  }

  async run(unit: EvaluateUnit): Promise<UnitResult> {
    const split = this.splits[unit.split]!;
    if (this.cached?.split !== unit.split) {
      this.cached = { split: unit.split, train: takeRows(this.data, split.train), test: takeRows(this.data, split.test), fits: new Map() };
    }
    const { train, test, fits } = this.cached;
    const { root, settings, context } = this;
    const at = `${split.repeat}:${split.fold}`;
    const outcomes: MethodOutcome[] = [];
    for (const method of unit.methods) {
      this.hooks.signal?.throwIfAborted();
      // `auto` chooses on this training fold alone (an inner evaluation), then runs its choice.
      const chosen = method === 'auto' ? await this.chooseOnTrainingFold(train, root.fork(`auto:${at}`)) : method;
      const base = augmenterOf(chosen);
      let fit = fits.get(base);
      try {
        if (!fit) {
          const augmented = await augmentFold(train, base, this.augmentSettings(base), root.fork(`augment:${at}:${base}`));
          const predictions = await trainAndPredict(augmented, test, context, (name) => root.fork(`classifier:${at}:${base}:${name}`));
          fit = { augmented, predictions };
          fits.set(base, fit);
        }
        if (unit.diagnose && fit.augmented.synthetic && !fit.diagnostics) fit.diagnostics = await this.diagnose(base, fit.augmented, train, test);
        const thresholds =
          chosen === 'threshold' || (settings.tuneThreshold && chosen !== 'none')
            ? await tuneThresholds(train, base, this.augmentSettings(base), context, settings.metric, this.minority, root.fork(`threshold:${at}:${base}`))
            : context.classifiers.map(() => undefined);
        outcomes.push({ method, chosen, fit: fitRecord(base, fit), predictions: fit.predictions, thresholds, trainRows: fit.augmented.train.rowCount, realRows: fit.augmented.realRows });
      } catch (err) {
        // A method that cannot run on this split (too few rows for its neighbours, ...) is recorded
        // and left out of this split's comparisons; usage errors (unknown name) stop the run.
        if (!isGanAugmentError(err) || err.code !== 'data' || method === 'none') throw err;
        outcomes.push({ method, chosen, fit: fit ? fitRecord(base, fit) : undefined, failure: err.message });
      }
    }
    return { split: unit.split, outcomes };
  }

  private augmentSettings(method: string): AugmentSettings {
    const s = this.settings;
    return {
      strategy: s.strategy,
      minority: s.minority,
      epochs: s.epochs,
      // A filtered method ('ctgan+critic') takes its synthesizer's parameters.
      params: s.synthesizerParams?.[splitMethod(method, []).model],
      plan: s.plan,
      ...(s.backend ? { backend: s.backend } : {}),
      ...(s.filter ? { filter: s.filter } : {}),
      ...(s.amount !== undefined ? { amount: s.amount } : {}),
      ...(this.hooks.amountChooser ? { amountChooser: this.hooks.amountChooser } : {}),
      signal: this.hooks.signal,
    };
  }

  private async diagnose(base: string, augmented: AugmentedFold, train: Dataset, test: Dataset): Promise<FitDiagnostics> {
    const synthetic = augmented.synthetic!;
    return {
      fidelity: await firstSplitFidelity(train, test, synthetic, this.root.fork(`detection:${base}`)),
      history: augmented.fitReport?.history ?? [],
      imageSamples: imageSamples(train, synthetic),
    };
  }

  /**
   * The method `auto` runs on one training fold: an inner evaluation of the candidates against the
   * baselines on that fold's rows only (the outer test fold is not an argument), and the
   * recommendation's choice: the winning augmenter, else the best baseline. It runs in this
   * process: the pool already spreads the outer units, one per core.
   */
  private async chooseOnTrainingFold(train: Dataset, rng: Rng): Promise<string> {
    const { folds: _folds, repeats: _repeats, seed: _seed, ...inner } = this.settings;
    const report = await this.hooks.inner(train, {
      ...inner,
      folds: AUTO_INNER_FOLDS,
      repeats: AUTO_INNER_REPEATS,
      seed: rng.int(0x7fffffff),
      methods: ['none', 'balanced', 'threshold', ...inner.autoCandidates],
      ...(this.hooks.signal ? { signal: this.hooks.signal } : {}),
      ...(this.hooks.prepare ? { fitPreprocessor: this.hooks.prepare } : {}),
    });
    const r = report.recommendation;
    return r.kind === 'augment' ? r.method : r.bestBaseline;
  }
}

function fitRecord(base: string, fit: Fitted): MethodOutcome['fit'] {
  const { synthetic, seconds, filter, amount } = fit.augmented;
  return synthetic ? { base, seconds, diagnostics: fit.diagnostics, ...(filter ? { filter } : {}), ...(amount ? { amount: amount.fraction } : {}) } : undefined;
}

/** The smallest class of the full dataset (the first of equal ones): the class minority_* metrics describe. */
export function minorityIndex(data: Dataset): number {
  const counts = countByClass(data);
  let minority = 0;
  counts.forEach((count, c) => {
    if (count < counts[minority]!) minority = c;
  });
  return minority;
}

/** Fidelity (with the detection test) of the synthetic rows against the real training rows of the classes they were made for. */
async function firstSplitFidelity(train: Dataset, test: Dataset, synthetic: Dataset, rng: Rng): Promise<FidelityReport | undefined> {
  if (synthetic.rowCount === 0) return undefined;
  const augmentedClasses = new Set(synthetic.labels);
  const rowsOf = (d: Dataset): number[] => {
    const out: number[] = [];
    for (let i = 0; i < d.rowCount; i++) if (augmentedClasses.has(d.labels[i]!)) out.push(i);
    return out;
  };
  const real = takeRows(train, rowsOf(train));
  return { ...measureFidelity(real, synthetic, train, takeRows(test, rowsOf(test))), detectionAuc: await detectionAuc(real, synthetic, rng) };
}
