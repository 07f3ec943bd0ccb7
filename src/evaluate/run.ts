/**
 * The evaluator's fold loop: repeated stratified k-fold; in each split every method augments the
 * training fold only, the preprocessor is fitted on that (augmented) training fold, each classifier
 * is trained and then scored on the untouched real test fold (at a threshold tuned on the training
 * fold for `threshold`, and for every method with `tuneThreshold`). Then summaries, paired
 * comparisons against `none`, verdicts, pooled out-of-fold metrics, method against method, the
 * recommendation, and fidelity/privacy of each synthesizer on the first split.
 *
 * The work is cut into job units (units.ts: a split and the methods sharing its augmented training
 * fold), run by an executor: in this process one after another (the default, `--workers 1`), by
 * the local process pool (process-pool.ts) or through the queue (src/queue/evaluate-jobs.ts).
 * Every random draw comes from a fork of the root Rng named by (repeat, fold, method, classifier),
 * so a unit's result never depends on where or in which order it ran, and the results are merged
 * here in (repeat, fold, method) order: the report is the same for any executor.
 */
import type { Dataset } from '../contracts.js';
import { countByClass } from '../dataset.js';
import { GanAugmentError } from '../errors.js';
import type { ProgressSink } from '../progress.js';
import { Rng } from '../random.js';
import { getClassifier } from '../registry.js';
import type { BackendName } from '../backend/names.js';
import type { JsonValue } from '../contracts.js';
import type { TablePlan } from '../schema/plan.js';
import type { SamplingStrategy } from '../strategy.js';
import type { AmountChooser, FilterRules } from '../options/index.js';
import { filterSummary } from '../stage/filters/tally.js';
import { BOOTSTRAP_RESAMPLES, summarize } from './compare.js';
import { checkFoldable, repeatedStratifiedSplits } from './folds.js';
import type { MetricName } from './metrics.js';
import { aggregateName, analysePooled } from './pooled.js';
import type { Preprocessor } from './preprocess.js';
import { decideMethods } from './recommend.js';
import type { EvaluationReport, SynthesizerDiagnostics } from './report-types.js';
import { compareWithBaseline, RunIndex, summarizeRuns } from './summaries.js';
import { INNER_FOLDS, tuningMetric } from './threshold.js';
import { AUTO_INNER_FOLDS, AUTO_INNER_REPEATS, UnitRunner, minorityIndex } from './unit-runner.js';
import { mergeResults, type MergedRuns } from './merge-units.js';
import { planUnits, type UnitExecutorFactory, type UnitResult, type UnitSettings } from './units.js';
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
  /** Test seam: how the classifier input is prepared (default fitPreprocessor; in-process runs only). */
  readonly fitPreprocessor?: (train: Dataset) => Preprocessor;
  /** Where the job units run (default: in this process, one after another). */
  readonly executor?: UnitExecutorFactory;
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
  const progress = options.progress;
  if (classifierNames.length === 0) throw new GanAugmentError('usage', '--classifiers: give at least one classifier.');
  for (const name of classifierNames) getClassifier(name, '--classifiers');
  if (data.classes.length < 2) {
    throw new GanAugmentError('data', `The label has ${data.classes.length} class(es); evaluation needs at least two.`);
  }
  if (!(alpha > 0 && alpha < 1)) throw new GanAugmentError('usage', `alpha must be between 0 and 1, got ${alpha}.`);
  checkFoldable(data.labels, data.classes, folds);

  const classCounts = countByClass(data);
  const minority = minorityIndex(data);
  const root = new Rng(seed);
  const splits = repeatedStratifiedSplits(data.labels, folds, repeats, root);
  const tuneAll = options.tuneThreshold ?? false;
  const settings: UnitSettings = {
    folds,
    repeats,
    seed,
    classifiers: classifierNames,
    metric,
    alpha,
    tuneThreshold: tuneAll,
    epochs: options.epochs,
    strategy: options.strategy ?? { kind: 'auto' },
    minority: options.minority ?? [],
    plan: options.plan,
    backend: options.backend,
    filter: options.filter,
    amount: options.amount,
    synthesizerParams: options.synthesizerParams,
    classifierParams: options.classifierParams,
    autoCandidates: autoCandidates(options),
  };
  const total = splits.length * methods.length;
  let done = 0;
  const announce = (result: UnitResult): void => {
    const split = splits[result.split]!;
    for (const o of result.outcomes) {
      const message = o.failure !== undefined ? `${o.method} failed: ${o.failure}` : `repeat ${split.repeat + 1} fold ${split.fold + 1}: ${o.method}`;
      progress?.({ phase: 'evaluate', done: ++done, total, unit: 'fold', message });
    }
  };
  const executor = await (options.executor ?? localExecutor(options))({ data, settings });
  let merged: MergedRuns;
  try {
    const results = await executor.run(planUnits(splits.length, methods), announce);
    merged = mergeResults(results, splits, methods, classifierNames, data, minority);
    // A synthesizer first fitted after the first split (it failed there): its diagnostics come from that later split.
    if (merged.pending.length > 0) {
      const again = await executor.run(merged.pending.map(({ split, base }) => ({ split, methods: [base], diagnose: true })), () => undefined);
      again.forEach((result, i) => merged.diagnostics.set(merged.pending[i]!.base, result.outcomes[0]!.fit?.diagnostics));
    }
  } finally {
    await executor.close();
  }
  const { runs, failures, oof, diagnostics, synthSeconds, filtered, amounts, autoChoices } = merged;

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
  const synthesizers: SynthesizerDiagnostics[] = [...diagnostics].map(([method, d]) => ({
    method,
    fidelity: d?.fidelity,
    history: d?.history ?? [],
    seconds: summarize(synthSeconds.get(method) ?? []),
    ...(filtered.has(method) ? { filter: filterSummary(filtered.get(method)!) } : {}),
    ...(amounts.has(method) ? { amountChosen: amounts.get(method)! } : {}),
    ...(d?.imageSamples ? { imageSamples: d.imageSamples } : {}),
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

function tuningMetricText(metric: MetricName): string {
  const target = tuningMetric(metric);
  return target === metric ? `the verdict's metric (${metric})` : `${target} (the verdict's metric, ${metric}, does not depend on the threshold)`;
}

/** The synthesizers `auto` chooses among, unless the caller lists its own. */
export const AUTO_CANDIDATES = ['smote', 'random', 'ctgan'] as const;
export { AUTO_INNER_FOLDS, AUTO_INNER_REPEATS };

function autoCandidates(options: RunOptions): readonly string[] {
  return options.autoCandidates ?? AUTO_CANDIDATES;
}

/**
 * The default executor: every unit in this process, in order (what `--workers 1` runs).
 * @example await runEvaluation(data, { executor: localExecutor({}) });
 */
export function localExecutor(options: Pick<RunOptions, 'signal' | 'fitPreprocessor' | 'amountChooser'>): UnitExecutorFactory {
  return ({ data, settings }) => {
    const runner = new UnitRunner(data, settings, {
      inner: runEvaluation,
      signal: options.signal,
      ...(options.fitPreprocessor ? { prepare: options.fitPreprocessor } : {}),
      ...(options.amountChooser ? { amountChooser: options.amountChooser } : {}),
    });
    return {
      async run(units, onResult) {
        const results: UnitResult[] = [];
        for (const unit of units) {
          const result = await runner.run(unit);
          onResult(result);
          results.push(result);
        }
        return results;
      },
      close: async () => undefined,
    };
  };
}

function countText(items: readonly string[]): string {
  const counts = new Map<string, number>();
  for (const i of items) counts.set(i, (counts.get(i) ?? 0) + 1);
  return [...counts].map(([k, n]) => `${k} ${n}x`).join(', ');
}
