/**
 * `--model auto` (augment and fit, CLI and API): cross-validate the candidate synthesizers against the baselines (none,
 * class weights, a tuned threshold) on the user's training rows, and take the recommendation: the
 * synthesizer that significantly beats the best baseline, or none at all ("do not augment").
 */
import type { Table } from 'apache-arrow';
import type { BackendName } from '../backend/names.js';
import type { JsonValue } from '../contracts.js';
import { GanAugmentError } from '../errors.js';
import { paramSpellings } from '../plugin-params.js';
import { getSynthesizer } from '../registry.js';
import { splitMethod } from '../stage/filters/method-name.js';
import { resolveEvaluateOptions, type AutoChoice } from '../options/index.js';
import type { ProgressSink } from '../progress.js';
import type { SamplingStrategy } from '../strategy.js';
import { formatStrategy } from '../strategy.js';
import { evaluateWith } from './index.js';
import type { Recommendation } from './recommend.js';
import { AUTO_CANDIDATES } from './run.js';

/**
 * Folds x repeats of the choice: 5 x 2, ten paired splits (the exact Wilcoxon test needs at least six
 * to reach p < 0.05), so the choice costs about 10 fits per candidate.
 */
export const AUTO_FOLDS = 5;
export const AUTO_REPEATS = 2;

export interface ModelChoice {
  /** The methods ranked on the verdict's metric (per-split mean, pooled out-of-fold value). */
  readonly ranking: readonly { readonly method: string; readonly mean: number; readonly pooled: number }[];
  /** The synthesizer to run ('ctgan', 'smote+purity', ...), or undefined: do not augment. */
  readonly model: string | undefined;
  /** Its parameters (those of `modelParams` addressed to it, without the prefix); {} when none or no model. */
  readonly modelParams: Readonly<Record<string, JsonValue>>;
  readonly recommendation: Recommendation;
  readonly candidates: readonly string[];
  readonly classifiers: readonly string[];
  readonly metric: string;
}

export interface ChooseModelOptions {
  readonly input: string | Table;
  readonly label: string;
  readonly delimiter?: string | undefined;
  readonly naValues?: readonly string[];
  readonly keepDefaultNa?: boolean;
  readonly categorical?: readonly string[];
  readonly numeric?: readonly string[];
  readonly ignore?: readonly string[];
  readonly strategy?: SamplingStrategy;
  readonly minority?: readonly string[];
  readonly seed: number;
  readonly epochs?: number | undefined;
  readonly backend?: BackendName;
  /** Threads of the training (evaluate's --threads): the run's fit after the choice trains with them too. */
  readonly threads?: number;
  /** The verdict's metric (default minority_f1). */
  readonly metric?: string;
  readonly candidates?: readonly string[];
  /**
   * Parameters for the candidates, each key prefixed with the candidate it is for: `'ctgan.pac': 10`
   * (the CLI's `--model-param ctgan.pac=10`). `smote.*` also reaches `smote+purity`. Checked by each
   * candidate as its own `--model-param` would be, before anything is cross-validated.
   */
  readonly modelParams?: Readonly<Record<string, JsonValue>>;
  /** Worker processes of the cross-validation (evaluate's --workers; default: the cores available). */
  readonly workers?: number;
  /** The classifiers the candidates are cross-validated with (default evaluate's). */
  readonly classifiers?: readonly string[];
  readonly progress?: ProgressSink | undefined;
  readonly signal?: AbortSignal | undefined;
}

/** The summary's record of a choice: candidates, what was used, why, and the figures behind it. */
export function autoChoiceRecord(choice: ModelChoice): AutoChoice {
  const e = choice.recommendation.evidence;
  return {
    candidates: [...choice.candidates],
    chosen: choice.model ?? null,
    statement: choice.recommendation.statement,
    metric: choice.metric,
    classifiers: [...choice.classifiers],
    ranking: choice.ranking.map((r) => ({ method: r.method, mean: r.mean, pooled: r.pooled })),
    evidence: e ? { method: e.method, against: e.other, meanDiff: e.comparison.meanDiff, ciLow: e.comparison.ciLow, ciHigh: e.comparison.ciHigh, pValue: e.comparison.pValue, splits: e.comparison.n } : null,
  };
}

/**
 * @example const { model } = await chooseModel({ input: 'train.csv', label: 'y', seed: 42 }); // 'smote', or undefined
 */
export async function chooseModel(options: ChooseModelOptions): Promise<ModelChoice> {
  const candidates = options.candidates ?? AUTO_CANDIDATES;
  const params = candidateParams(candidates, options.modelParams ?? {});
  const report = await evaluateWith(
    resolveEvaluateOptions({
      input: options.input,
      label: options.label,
      ...(options.delimiter !== undefined ? { delimiter: options.delimiter } : {}),
      ...(options.naValues !== undefined ? { naValues: options.naValues } : {}),
      ...(options.keepDefaultNa !== undefined ? { keepDefaultNa: options.keepDefaultNa } : {}),
      categorical: options.categorical ?? [],
      numeric: options.numeric ?? [],
      ignore: options.ignore ?? [],
      ...(options.strategy ? { strategy: options.strategy.kind === 'counts' ? options.strategy.counts : formatStrategy(options.strategy) } : {}),
      minority: options.minority ?? [],
      seed: options.seed,
      folds: AUTO_FOLDS,
      repeats: AUTO_REPEATS,
      methods: ['none', 'balanced', 'threshold', ...candidates],
      // Evaluate's parameters are per method: every candidate gets its synthesizer's.
      synthesizerParams: Object.fromEntries(candidates.flatMap((c) => (params.has(baseName(c)) ? [[c, params.get(baseName(c))!]] : []))),
      ...(options.classifiers ? { classifiers: options.classifiers } : {}),
      ...(options.epochs !== undefined ? { epochs: options.epochs } : {}),
      ...(options.backend ? { backend: options.backend } : {}),
      ...(options.threads !== undefined ? { threads: options.threads } : {}),
      ...(options.metric ? { metric: options.metric } : {}),
      ...(options.workers !== undefined ? { workers: options.workers } : {}),
      ...(options.progress ? { progress: options.progress } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
    }),
  );
  const r = report.recommendation;
  const model = r.kind === 'augment' ? r.method : undefined;
  return {
    model,
    modelParams: (model !== undefined ? params.get(baseName(model)) : undefined) ?? {},
    recommendation: r,
    candidates,
    classifiers: report.protocol.classifiers,
    metric: report.protocol.metric,
    ranking: report.ranking,
  };
}

/** 'smote+purity' -> 'smote': the synthesizer a candidate runs. */
function baseName(candidate: string): string {
  return splitMethod(candidate, []).model;
}

/**
 * `modelParams` of `model: 'auto'` by candidate synthesizer: each key names its candidate
 * ('ctgan.pac'), and each candidate checks its parameters now (an unknown one is its usual
 * one-line error), not after minutes of cross-validation.
 * @example candidateParams(['smote', 'ctgan'], { 'ctgan.pac': 5 }) // Map { 'ctgan' => { pac: 5 } }
 */
export function candidateParams(candidates: readonly string[], modelParams: Readonly<Record<string, JsonValue>>): Map<string, Record<string, JsonValue>> {
  const names = [...new Set(candidates.map(baseName))];
  const out = new Map<string, Record<string, JsonValue>>();
  for (const [key, value] of Object.entries(modelParams)) {
    // The longest candidate name the key starts with, so a plugin named 'a.b' can still be addressed.
    const name = names.filter((n) => key.startsWith(`${n}.`)).sort((a, b) => b.length - a.length)[0];
    if (name === undefined) throw unaddressedParam(key, names);
    out.set(name, { ...out.get(name), [key.slice(name.length + 1)]: value });
  }
  for (const [name, params] of out) getSynthesizer(name, '--auto-candidates').create(params).dispose();
  return out;
}

function unaddressedParam(key: string, names: readonly string[]): GanAugmentError {
  const dot = key.indexOf('.');
  if (dot > 0) {
    return new GanAugmentError('usage', `--model-param ${key}: '${key.slice(0, dot)}' is not among the --auto-candidates (${names.join(', ')}).`, {
      hint: `Add ${key.slice(0, dot)} to --auto-candidates, or leave out its parameters.`,
    });
  }
  // Name the candidates that declare it, if any, in the hint.
  const owners = names.filter((n) => Object.entries(getSynthesizer(n, '--auto-candidates').params ?? {}).some(([k, d]) => paramSpellings(k, d).includes(key)));
  const example = `${owners[0] ?? names[0]}.${key}`;
  return new GanAugmentError('usage', `--model-param ${key}: with --model auto, name the candidate a parameter is for (${names.join(', ')}), e.g. --model-param ${example}=VALUE.`, {
    hint: owners.length > 0 ? `${owners.join(', ')} ${owners.length > 1 ? 'take' : 'takes'} '${key}'.` : `None of the candidates takes '${key}' (gan-augment models lists their parameters).`,
  });
}

/** The options an entry point hands to the choice: its own, resolved. */
type ChoosingOptions = Omit<ChooseModelOptions, 'input' | 'candidates' | 'classifiers' | 'metric'> & {
  readonly model: string;
  readonly autoCandidates: readonly string[];
  readonly autoClassifiers: readonly string[];
  readonly autoChoice?: AutoChoice | undefined;
};

/** The choice, its record, and the entry point's options with the chosen synthesizer (and its `+rules` as the filter). */
async function choose<T extends ChoosingOptions>(options: T, input: string | Table, metric: string | undefined): Promise<{ options: T; choice: ModelChoice }> {
  const choice = await chooseModel({ ...options, input, candidates: options.autoCandidates, classifiers: options.autoClassifiers, ...(metric ? { metric } : {}) });
  const autoChoice = autoChoiceRecord(choice);
  options.progress?.({ phase: 'evaluate', done: 1, total: 1, message: `--model auto: ${choice.recommendation.statement}` });
  if (choice.model === undefined) return { options: { ...options, modelParams: {}, autoChoice }, choice };
  const { model, rules } = splitMethod(choice.model, []);
  // The run uses the chosen candidate's parameters, as it was cross-validated with them.
  return { options: { ...options, model, modelParams: choice.modelParams, ...(rules.length > 0 ? { filter: rules } : {}), autoChoice }, choice };
}

/**
 * `augment` with `model: 'auto'` (CLI and API): the options to run the stage with. When nothing
 * beats the best baseline the stage adds no rows (the input goes out unchanged, every row marked
 * real); with `requireImprovement` (the CLI's --require-improvement METRIC) it throws
 * 'no-improvement' instead, before anything is written.
 * @example const chosen = await chooseForAugment(resolved, resolved.input); await augmentWith(chosen);
 */
export async function chooseForAugment<T extends ChoosingOptions & { readonly strategy: SamplingStrategy }>(options: T, input: string | Table, requireImprovement?: string): Promise<T> {
  const { options: chosen, choice } = await choose(options, input, requireImprovement);
  if (choice.model !== undefined) return chosen;
  if (requireImprovement !== undefined) {
    throw new GanAugmentError('no-improvement', `--require-improvement ${requireImprovement}: --model auto found no synthesizer that beats the best baseline (${choice.recommendation.bestBaseline}).`, {
      hint: 'Nothing was written. Run `gan-augment evaluate` for the full comparison.',
    });
  }
  return { ...chosen, strategy: { kind: 'counts', counts: {} } };
}

/**
 * `fit` with `model: 'auto'`: the options to fit the chosen synthesizer with. A model folder is
 * only worth saving for a synthesizer that helps, so when nothing beats the best baseline it
 * throws 'no-improvement' (exit code 10) and nothing is saved.
 * @example const chosen = await chooseForFit(resolved, resolved.input); await fitModelWith(chosen);
 */
export async function chooseForFit<T extends ChoosingOptions>(options: T, input: string | Table): Promise<T> {
  const filtered = options.autoCandidates.find((c) => c.includes('+'));
  if (filtered !== undefined) {
    throw new GanAugmentError('usage', `--auto-candidates: fit cannot take '${filtered}': a filter acts when rows are generated, and fit saves a model.`, {
      hint: `List ${filtered.split('+')[0]} for fit, and pass its rules to augment's --filter instead.`,
    });
  }
  const { options: chosen, choice } = await choose(options, input, undefined);
  if (choice.model !== undefined) return chosen;
  throw new GanAugmentError('no-improvement', `--model auto: no candidate (${choice.candidates.join(', ')}) beats the best baseline (${choice.recommendation.bestBaseline}), so no synthesizer is worth fitting and nothing was saved.`, {
    hint: 'Use the baseline instead of synthetic rows, or run `gan-augment evaluate` for the full comparison.',
  });
}
