/**
 * The evaluator's options, validated once for both the CLI (strings) and the API (numbers, arrays):
 * every error names the flag and says what is allowed.
 */
import type { Table } from 'apache-arrow';
import { BACKEND_NAMES, type BackendName } from '../backend/pick.js';
import type { Dataset } from '../contracts.js';
import { GanAugmentError } from '../errors.js';
import { csvDelimiter } from '../options.js';
import type { ProgressSink } from '../progress.js';
import { parseStrategy, type SamplingStrategy } from '../stage/strategy.js';
import { isMetricName, METRIC_NAMES, type MetricName } from './metrics.js';
import { DEFAULT_CLASSIFIERS, DEFAULT_METHODS } from './run.js';

type ListInput = string | readonly string[];

export interface EvaluateOptions {
  /** A CSV / Parquet / Arrow path, an Arrow Table, or an already encoded Dataset. */
  input: string | Table | Dataset;
  /** CSV field separator: one character, or 'tab' (default ','). */
  delimiter?: string;
  /** The class column (not needed for a Dataset). */
  label?: string;
  /** Stratified folds (default 5). */
  folds?: number | string;
  /** Repeats of the k-fold with different shuffles (default 3). */
  repeats?: number | string;
  /** Default 0. */
  seed?: number | string;
  /** Default none,balanced,random,smote,ctgan ('none' is always added: it is the baseline). */
  methods?: ListInput;
  /** Default logistic,mlp,forest. */
  classifiers?: ListInput;
  /** The verdict's metric (default minority_f1). */
  metric?: string;
  /** Significance level (default 0.05). */
  alpha?: number | string;
  /** Synthesizer training epochs (GAN models); their own default when absent. */
  epochs?: number | string;
  /** The stage's --strategy (default 'auto': every minority class up to the majority count). */
  strategy?: string | number | Readonly<Record<string, number>>;
  minority?: ListInput;
  categorical?: ListInput;
  numeric?: ListInput;
  ignore?: ListInput;
  backend?: string;
  /** Per-synthesizer parameters, e.g. { smote: { kNeighbors: 3 } }. */
  synthesizerParams?: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
  classifierParams?: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
  /** Name shown in reports (default: the file name). */
  name?: string;
  progress?: ProgressSink;
  signal?: AbortSignal;
}

export interface ResolvedEvaluateOptions {
  readonly input: string | Table | Dataset;
  readonly delimiter: string | undefined;
  readonly label: string | undefined;
  readonly folds: number;
  readonly repeats: number;
  readonly seed: number;
  readonly methods: readonly string[];
  readonly classifiers: readonly string[];
  readonly metric: MetricName;
  readonly alpha: number;
  readonly epochs: number | undefined;
  readonly strategy: SamplingStrategy;
  readonly strategyText: string;
  readonly minority: readonly string[];
  readonly categorical: readonly string[];
  readonly numeric: readonly string[];
  readonly ignore: readonly string[];
  readonly backend: BackendName;
}

/** Validate and fill defaults. */
export function resolveEvaluateOptions(raw: EvaluateOptions): ResolvedEvaluateOptions {
  const isDataset = typeof raw.input === 'object' && raw.input !== null && 'features' in raw.input && 'labels' in raw.input;
  if (raw.input === undefined || raw.input === '') throw usage('--input is required: the dataset to evaluate.');
  if (!isDataset && (raw.label === undefined || raw.label === '')) throw usage('--label is required: the class column.');
  const metric = raw.metric ?? 'minority_f1';
  if (!isMetricName(metric)) throw usage(`--metric: unknown metric '${metric}'.`, `Choose one of: ${METRIC_NAMES.join(', ')}.`);
  const backend = raw.backend ?? 'auto';
  if (!(BACKEND_NAMES as readonly string[]).includes(backend)) throw usage(`--backend: unknown backend '${backend}'.`, `Choose one of: ${BACKEND_NAMES.join(', ')}.`);
  const methods = list(raw.methods, '--methods') ?? [...DEFAULT_METHODS];
  const classifiers = list(raw.classifiers, '--classifiers') ?? [...DEFAULT_CLASSIFIERS];
  if (methods.length === 0) throw usage('--methods: give at least one method.', `For example --methods ${DEFAULT_METHODS.join(',')}.`);
  if (classifiers.length === 0) throw usage('--classifiers: give at least one classifier.', `For example --classifiers ${DEFAULT_CLASSIFIERS.join(',')}.`);
  const strategy = parseStrategy(raw.strategy);
  return {
    input: raw.input,
    delimiter: csvDelimiter(raw.delimiter),
    label: raw.label,
    folds: integer(raw.folds, '--folds', 5, 2),
    repeats: integer(raw.repeats, '--repeats', 3, 1),
    seed: integer(raw.seed, '--seed', 0, -0x80000000),
    methods,
    classifiers,
    metric,
    alpha: alphaOf(raw.alpha),
    epochs: raw.epochs === undefined || raw.epochs === '' ? undefined : integer(raw.epochs, '--epochs', 1, 1),
    strategy,
    strategyText: raw.strategy === undefined ? 'auto (every minority class up to the majority count)' : String(typeof raw.strategy === 'object' ? JSON.stringify(raw.strategy) : raw.strategy),
    minority: list(raw.minority, '--minority') ?? [],
    categorical: list(raw.categorical, '--categorical') ?? [],
    numeric: list(raw.numeric, '--numeric') ?? [],
    ignore: list(raw.ignore, '--ignore') ?? [],
    backend: backend as BackendName,
  };
}

function list(value: ListInput | undefined, flag: string): string[] | undefined {
  if (value === undefined) return undefined;
  const items = typeof value === 'string' ? value.split(',') : [...value];
  const out = items.map((s) => s.trim()).filter((s) => s !== '');
  const seen = new Set<string>();
  for (const item of out) {
    if (seen.has(item)) throw usage(`${flag}: '${item}' is listed twice.`);
    seen.add(item);
  }
  return out;
}

function integer(value: number | string | undefined, flag: string, fallback: number, min: number): number {
  if (value === undefined || value === '') return fallback;
  const n = typeof value === 'number' ? value : Number(value.trim());
  if (!Number.isInteger(n) || n < min || n > 0x7fffffff) throw usage(`${flag} must be an integer of at least ${min}, got '${value}'.`);
  return n;
}

function alphaOf(value: number | string | undefined): number {
  if (value === undefined || value === '') return 0.05;
  const n = typeof value === 'number' ? value : Number(value);
  if (!(n > 0 && n < 1)) throw usage(`alpha must be between 0 and 1, got '${value}'.`);
  return n;
}

function usage(message: string, hint?: string): GanAugmentError {
  return new GanAugmentError('usage', message, hint ? { hint } : {});
}
