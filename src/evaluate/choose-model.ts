/**
 * `augment --model auto`: cross-validate the candidate synthesizers against the baselines (none,
 * class weights, a tuned threshold) on the user's training rows, and take the recommendation: the
 * synthesizer that significantly beats the best baseline, or none at all ("do not augment").
 */
import type { Table } from 'apache-arrow';
import type { BackendName } from '../backend/names.js';
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
  readonly recommendation: Recommendation;
  readonly candidates: readonly string[];
}

export interface ChooseModelOptions {
  readonly input: string | Table;
  readonly label: string;
  readonly delimiter?: string | undefined;
  readonly categorical?: readonly string[];
  readonly numeric?: readonly string[];
  readonly ignore?: readonly string[];
  readonly strategy?: SamplingStrategy;
  readonly minority?: readonly string[];
  readonly seed: number;
  readonly epochs?: number | undefined;
  readonly backend?: BackendName;
  /** The verdict's metric (default minority_f1). */
  readonly metric?: string;
  readonly candidates?: readonly string[];
  /** Worker processes of the cross-validation (evaluate's --workers; default: the cores available). */
  readonly workers?: number;
  readonly progress?: ProgressSink;
  readonly signal?: AbortSignal | undefined;
}

/** The summary's record of a choice: candidates, what was used, why, and the ranking's figures. */
export function autoChoiceRecord(choice: ModelChoice): AutoChoice {
  return {
    candidates: [...choice.candidates],
    chosen: choice.model ?? null,
    statement: choice.recommendation.statement,
    ranking: choice.ranking.map((r) => ({ method: r.method, mean: r.mean, pooled: r.pooled })),
  };
}

/**
 * @example const { model } = await chooseModel({ input: 'train.csv', label: 'y', seed: 42 }); // 'smote', or undefined
 */
export async function chooseModel(options: ChooseModelOptions): Promise<ModelChoice> {
  const candidates = options.candidates ?? AUTO_CANDIDATES;
  const report = await evaluateWith(
    resolveEvaluateOptions({
      input: options.input,
      label: options.label,
      ...(options.delimiter !== undefined ? { delimiter: options.delimiter } : {}),
      categorical: options.categorical ?? [],
      numeric: options.numeric ?? [],
      ignore: options.ignore ?? [],
      ...(options.strategy ? { strategy: options.strategy.kind === 'counts' ? options.strategy.counts : formatStrategy(options.strategy) } : {}),
      minority: options.minority ?? [],
      seed: options.seed,
      folds: AUTO_FOLDS,
      repeats: AUTO_REPEATS,
      methods: ['none', 'balanced', 'threshold', ...candidates],
      ...(options.epochs !== undefined ? { epochs: options.epochs } : {}),
      ...(options.backend ? { backend: options.backend } : {}),
      ...(options.metric ? { metric: options.metric } : {}),
      ...(options.workers !== undefined ? { workers: options.workers } : {}),
      ...(options.progress ? { progress: options.progress } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
    }),
  );
  const r = report.recommendation;
  return { model: r.kind === 'augment' ? r.method : undefined, recommendation: r, candidates, ranking: report.ranking };
}
