/**
 * The evaluator's fold loop: repeated stratified k-fold; in each split every method augments the
 * training fold only, the preprocessor is fitted on that (augmented) training fold, each classifier
 * is trained and then scored on the untouched real test fold (at a threshold tuned on the training
 * fold for `threshold`, and for every method with `tuneThreshold`). Then summaries, paired
 * comparisons against `none`, verdicts, pooled out-of-fold metrics, method against method, the
 * recommendation, and fidelity/privacy of each synthesizer on the first split.
 *
 * Runs sequentially on purpose: TensorFlow.js and the JS classifiers are single-threaded here, so
 * p-limit concurrency would only interleave the same CPU work. Every random draw comes from a fork of
 * the root Rng named by (repeat, fold, method, classifier), so results never depend on run order.
 */
import type { Dataset } from '../contracts.js';
import { countByClass, takeRows } from '../dataset.js';
import { GanAugmentError, isGanAugmentError } from '../errors.js';
import type { ProgressSink } from '../progress.js';
import { Rng } from '../random.js';
import { getClassifier } from '../registry.js';
import { augmentFold, type AugmentSettings, type AugmentedFold } from './augment-fold.js';
import type { BackendName } from '../backend/names.js';
import type { JsonValue } from '../contracts.js';
import type { TablePlan } from '../schema/plan.js';
import type { SamplingStrategy } from '../strategy.js';
import type { AmountChooser, FilterRules } from '../options/index.js';
import { addFilterTally, emptyFilterTally, filterSummary, type FilterTally } from '../stage/filters/tally.js';
import { BOOTSTRAP_RESAMPLES, summarize } from './compare.js';
import { detectionAuc } from './detection.js';
import { measureFidelity, type FidelityReport } from './fidelity.js';
import { imageSamples, type ImageSamples } from './image-samples.js';
import { checkFoldable, repeatedStratifiedSplits } from './folds.js';
import { decide, scoreRows, minorityScores, type MetricName } from './metrics.js';
import { aggregateName, analysePooled, OutOfFoldStore } from './pooled.js';
import { fitPreprocessor, type Preprocessor } from './preprocess.js';
import { decideMethods } from './recommend.js';
import type { EvaluationReport, MethodFailure, RunRecord, SynthesizerDiagnostics } from './report-types.js';
import { compareWithBaseline, RunIndex, summarizeRuns } from './summaries.js';
import { INNER_FOLDS, tuneThresholds, tuningMetric } from './threshold.js';
import { trainAndPredict, type Prediction, type TrainContext } from './train-predict.js';
import { decideVerdict } from './verdict.js';
import { DEFAULT_CLASSIFIERS, DEFAULT_METHODS } from '../options/table.js';

export { DEFAULT_CLASSIFIERS, DEFAULT_METHODS };

export interface RunOptions {
  readonly folds?: number;
  readonly repeats?: number;
  readonly seed?: number;
  readonly methods?: readonly string[];
  readonly classifiers?: readonly string[];
  /** The verdict's metric (default minority_f1). */
  readonly metric?: MetricName;
  readonly alpha?: number;
  /** Decide every method other than `none` at a minority threshold tuned on its training fold. */
  readonly tuneThreshold?: boolean;
  /** Synthesizer epochs (passed to every synthesizer's fit). */
  readonly epochs?: number;
  /** Rows each class ends with in a training fold (the stage's --strategy); default auto: every minority class up to the majority count. */
  readonly strategy?: SamplingStrategy;
  /** Only these classes get synthetic rows (the stage's --minority). */
  readonly minority?: readonly string[];
  /** Describes the strategy in the report. */
  readonly targetDescription?: string;
  /** The input's table plan: synthetic rows are rounded to its types, as `augment` writes them. */
  readonly plan?: TablePlan;
  /** The backend synthesizers run on (already started by the caller). */
  readonly backend?: BackendName;
  /** The post-generation filter rules of every synthesizer method (a method 'NAME+purity' asks for its own). */
  readonly filter?: FilterRules;
  /** --amount of every synthesizer method: a share of the planned rows, or 'auto' (chosen per training fold on its rows only). */
  readonly amount?: number | 'auto';
  /** Test seam: how 'auto' chooses. */
  readonly amountChooser?: AmountChooser | undefined;
  readonly synthesizerParams?: Readonly<Record<string, Readonly<Record<string, JsonValue>>>>;
  readonly classifierParams?: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
  readonly datasetName?: string;
  readonly progress?: ProgressSink;
  readonly signal?: AbortSignal;
  /** The synthesizers the method `auto` chooses among (default AUTO_CANDIDATES). */
  readonly autoCandidates?: readonly string[];
  /** Test seam: how the classifier input is prepared (default fitPreprocessor). */
  readonly fitPreprocessor?: (train: Dataset) => Preprocessor;
}

/**
 * Cross-validate every method x classifier on `data`.
 *
 * @example
 * const report = await runEvaluation(dataset, { methods: ['none', 'smote'], classifiers: ['logistic'] });
 * console.log(report.verdicts.map((v) => v.statement).join('\n'));
 */
export async function runEvaluation(data: Dataset, options: RunOptions = {}): Promise<EvaluationReport> {
  const started = performance.now();
  const folds = options.folds ?? 5;
  const repeats = options.repeats ?? 3;
  const seed = options.seed ?? 0;
  const methods = [...new Set(['none', ...(options.methods ?? DEFAULT_METHODS)])];
  const classifierNames = [...(options.classifiers ?? DEFAULT_CLASSIFIERS)];
  const metric = options.metric ?? 'minority_f1';
  const alpha = options.alpha ?? 0.05;
  const prepare = options.fitPreprocessor ?? fitPreprocessor;
  const progress = options.progress;
  if (classifierNames.length === 0) throw new GanAugmentError('usage', '--classifiers: give at least one classifier.');
  const classifierFactories = classifierNames.map((name) => getClassifier(name, '--classifiers'));
  if (data.classes.length < 2) {
    throw new GanAugmentError('data', `The label has ${data.classes.length} class(es); evaluation needs at least two.`);
  }
  if (!(alpha > 0 && alpha < 1)) throw new GanAugmentError('usage', `alpha must be between 0 and 1, got ${alpha}.`);
  checkFoldable(data.labels, data.classes, folds);

  const classCounts = countByClass(data);
  let minority = 0;
  classCounts.forEach((count, c) => {
    if (count < classCounts[minority]!) minority = c;
  });

  const root = new Rng(seed);
  const splits = repeatedStratifiedSplits(data.labels, folds, repeats, root);
  const tuneAll = options.tuneThreshold ?? false;
  const context: TrainContext = {
    classifiers: classifierFactories,
    classCount: data.classes.length,
    prepare,
    ...(options.classifierParams ? { classifierParams: options.classifierParams } : {}),
  };
  const settingsFor = (method: string): AugmentSettings => ({
    strategy: options.strategy ?? { kind: 'auto' },
    minority: options.minority ?? [],
    epochs: options.epochs,
    params: options.synthesizerParams?.[method],
    plan: options.plan,
    ...(options.backend ? { backend: options.backend } : {}),
    ...(options.filter ? { filter: options.filter } : {}),
    ...(options.amount !== undefined ? { amount: options.amount } : {}),
    ...(options.amountChooser ? { amountChooser: options.amountChooser } : {}),
    signal: options.signal,
  });
  const runs: RunRecord[] = [];
  const failures: MethodFailure[] = [];
  const oof = new OutOfFoldStore(data.rowCount, data.classes.length, minority);
  const fidelity = new Map<string, FidelityReport | undefined>();
  const histories = new Map<string, SynthesizerDiagnostics['history']>();
  const images = new Map<string, ImageSamples>();
  const synthSeconds = new Map<string, number[]>();
  const filtered = new Map<string, FilterTally>();
  const amounts = new Map<string, number[]>();
  const total = splits.length * methods.length;
  let done = 0;
  const autoChoices: string[] = [];

  for (const split of splits) {
    const train = takeRows(data, split.train);
    const test = takeRows(data, split.test);
    // `threshold` is `none`'s trained classifiers at a tuned threshold: one fit serves both.
    const fitted = new Map<string, { augmented: AugmentedFold; predictions: Prediction[] }>();
    for (const method of methods) {
      options.signal?.throwIfAborted();
      // `auto` chooses on this training fold alone (an inner evaluation), then runs its choice.
      const chosen = method === 'auto' ? await chooseOnTrainingFold(train, options, classifierNames, metric, root.fork(`auto:${split.repeat}:${split.fold}`)) : method;
      if (method === 'auto') autoChoices.push(chosen);
      const base = augmenterOf(chosen);
      let thresholds: readonly (number | undefined)[];
      let fit = fitted.get(base);
      try {
        if (!fit) {
          const augmented = await augmentFold(train, base, settingsFor(base), root.fork(`augment:${split.repeat}:${split.fold}:${base}`));
          const predictions = await trainAndPredict(augmented, test, context, (name) => root.fork(`classifier:${split.repeat}:${split.fold}:${base}:${name}`));
          fit = { augmented, predictions };
          fitted.set(base, fit);
          if (augmented.synthetic) await recordSynthesizer(base, augmented, train, test);
        }
        thresholds =
          chosen === 'threshold' || (tuneAll && chosen !== 'none')
            ? await tuneThresholds(train, base, settingsFor(base), context, metric, minority, root.fork(`threshold:${split.repeat}:${split.fold}:${base}`))
            : classifierFactories.map(() => undefined);
      } catch (err) {
        // A method that cannot run on this split (too few rows for its neighbours, ...) is recorded
        // and left out of this split's comparisons; usage errors (unknown name) stop the run.
        if (!isGanAugmentError(err) || err.code !== 'data' || method === 'none') throw err;
        failures.push({ repeat: split.repeat, fold: split.fold, method, message: err.message });
        progress?.({ phase: 'evaluate', done: ++done, total, unit: 'fold', message: `${method} failed: ${err.message}` });
        continue;
      }
      const { augmented, predictions } = fit;
      predictions.forEach((prediction, ci) => {
        const classifier = classifierFactories[ci]!.name;
        const threshold = thresholds[ci];
        const predicted = decide(prediction.proba, data.classes.length, minority, threshold);
        oof.record(split.repeat, method, classifier, split.test, predicted, prediction.proba);
        runs.push({
          repeat: split.repeat,
          fold: split.fold,
          method,
          classifier,
          metrics: scoreRows({ truth: test.labels, predicted, scores: minorityScores(prediction.proba, data.classes.length, minority) }, data.classes.length, minority),
          trainRows: augmented.train.rowCount,
          syntheticRows: augmented.train.rowCount - augmented.realRows,
          testRows: test.rowCount,
          classifierSeconds: prediction.seconds,
          ...(threshold !== undefined ? { threshold } : {}),
        });
      });
      progress?.({ phase: 'evaluate', done: ++done, total, unit: 'fold', message: `repeat ${split.repeat + 1} fold ${split.fold + 1}: ${method}` });
    }
  }

  async function recordSynthesizer(method: string, augmented: AugmentedFold, train: Dataset, test: Dataset): Promise<void> {
    const list = synthSeconds.get(method) ?? [];
    list.push(augmented.seconds);
    synthSeconds.set(method, list);
    if (augmented.filter) {
      if (!filtered.has(method)) filtered.set(method, emptyFilterTally(augmented.filter.rules));
      addFilterTally(filtered.get(method)!, augmented.filter);
    }
    if (augmented.amount) amounts.set(method, [...(amounts.get(method) ?? []), augmented.amount.fraction]);
    if (fidelity.has(method)) return;
    fidelity.set(method, await firstSplitFidelity(train, test, augmented.synthetic!, root.fork(`detection:${method}`)));
    histories.set(method, augmented.fitReport?.history ?? []);
    const samples = imageSamples(train, augmented.synthetic!);
    if (samples) images.set(method, samples);
  }

  const summary = summarizeRuns(runs, methods, classifierNames);
  const index = new RunIndex(runs);
  const comparisons = compareWithBaseline(index, 'none', methods, classifierNames, root.fork('bootstrap'));
  const verdicts = comparisons
    .filter((c) => c.metric === metric)
    .map((c) => decideVerdict(c.method, c.classifier, metric, c.comparison, alpha));
  const pooled = analysePooled(oof, data, methods, classifierNames, repeats, metric, minority, root.fork('pooled-bootstrap'));
  const decision = decideMethods({
    index,
    methods,
    classifiers: classifierNames,
    aggregate: aggregateName(classifierNames),
    metric,
    alpha,
    pooled,
    comparisons,
    tuned: tuneAll,
    rng: root.fork('pairwise'),
  });
  const synthesizers: SynthesizerDiagnostics[] = [...fidelity.keys()].map((method) => ({
    method,
    fidelity: fidelity.get(method),
    history: histories.get(method) ?? [],
    seconds: summarize(synthSeconds.get(method) ?? []),
    ...(filtered.has(method) ? { filter: filterSummary(filtered.get(method)!) } : {}),
    ...(amounts.has(method) ? { amountChosen: amounts.get(method)! } : {}),
    ...(images.has(method) ? { imageSamples: images.get(method)! } : {}),
  }));
  const notes = [
    'minority_* metrics describe the smallest class of the full dataset; F1/precision/recall at the argmax decision (0.5 for two classes), or at the tuned threshold for `threshold`' + (tuneAll ? ' and every method but `none`.' : '.'),
    `Thresholds are tuned by ${INNER_FOLDS}-fold cross-validation inside each training fold (the test fold never takes part), for ${tuningMetricText(metric)}.`,
    'Paired differences are per (repeat, fold); the splits share training rows, so p-values are somewhat optimistic.',
    'Pooled figures score every row once per repeat with its own fold\'s model (like cross_val_predict); intervals come from a class-stratified bootstrap of rows.',
  ];
  if (autoChoices.length > 0) notes.push(`auto chose, per training fold (by an inner ${AUTO_INNER_FOLDS}-fold x ${AUTO_INNER_REPEATS} evaluation of ${autoCandidates(options).join(', ')} against the baselines): ${countText(autoChoices)}.`);
  if (failures.length > 0) notes.push(`${failures.length} method x split combination(s) could not run and are left out of the comparisons (see failures).`);

  return {
    tool: 'gan-augment',
    reportVersion: 2,
    dataset: {
      name: options.datasetName ?? 'dataset',
      rows: data.rowCount,
      classes: data.classes,
      classCounts,
      minorityClass: data.classes[minority]!,
      minorityIndex: minority,
      features: data.features.map((f) => ({ name: f.name, kind: f.kind })),
    },
    protocol: {
      folds,
      repeats,
      seed,
      methods,
      classifiers: classifierNames,
      metric,
      alpha,
      tuneThreshold: tuneAll,
      innerFolds: INNER_FOLDS,
      epochs: options.epochs ?? null,
      target: options.targetDescription ?? 'every minority class up to the majority count',
      bootstrapResamples: BOOTSTRAP_RESAMPLES,
      notes,
    },
    runs,
    failures,
    summary,
    comparisons,
    verdicts,
    recommendation: decision.recommendation,
    ranking: decision.ranking,
    pairwise: decision.pairwise,
    pooled: { figures: pooled.figures, differences: pooled.differences },
    perClass: pooled.perClass,
    cautions: decision.notes,
    synthesizers,
    seconds: (performance.now() - started) / 1000,
  };
}

/** The augmenter behind a method name: `threshold` trains like `none`. */
function augmenterOf(method: string): string {
  return method === 'threshold' ? 'none' : method;
}

function tuningMetricText(metric: MetricName): string {
  const target = tuningMetric(metric);
  return target === metric ? `the verdict's metric (${metric})` : `${target} (the verdict's metric, ${metric}, does not depend on the threshold)`;
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

/** The synthesizers `auto` chooses among, unless the caller lists its own. */
export const AUTO_CANDIDATES = ['smote', 'random', 'ctgan'] as const;
/**
 * The inner evaluation behind `auto`: 3 folds x 2 repeats. Six paired splits is the fewest at which
 * the exact Wilcoxon test can reach p < 0.05 (with five it never goes below 0.0625), so fewer
 * splits could never recommend augmenting.
 */
export const AUTO_INNER_FOLDS = 3;
export const AUTO_INNER_REPEATS = 2;

function autoCandidates(options: RunOptions): readonly string[] {
  return options.autoCandidates ?? AUTO_CANDIDATES;
}

/**
 * The method `auto` runs on one training fold: an inner evaluation of the candidates against the
 * baselines on that fold's rows only (the outer test fold is not an argument), and the
 * recommendation's choice: the winning augmenter, else the best baseline.
 */
async function chooseOnTrainingFold(train: Dataset, options: RunOptions, classifiers: readonly string[], metric: MetricName, rng: Rng): Promise<string> {
  const { progress: _progress, folds: _folds, repeats: _repeats, seed: _seed, methods: _methods, ...inner } = options;
  const report = await runEvaluation(train, {
    ...inner,
    folds: AUTO_INNER_FOLDS,
    repeats: AUTO_INNER_REPEATS,
    seed: rng.int(0x7fffffff),
    methods: ['none', 'balanced', 'threshold', ...autoCandidates(options)],
    classifiers,
    metric,
  });
  const r = report.recommendation;
  return r.kind === 'augment' ? r.method : r.bestBaseline;
}

function countText(items: readonly string[]): string {
  const counts = new Map<string, number>();
  for (const i of items) counts.set(i, (counts.get(i) ?? 0) + 1);
  return [...counts].map(([k, n]) => `${k} ${n}x`).join(', ');
}
