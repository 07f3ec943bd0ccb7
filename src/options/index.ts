/**
 * The options of every public entry point: the API's input types (documented for users) and one
 * resolver per entry point. Each resolver checks the keys against the option table (table.ts),
 * parses them with the table's parsers and adds the few cross-checks one entry point needs; inner
 * code takes only the resolved, typed result.
 */
import type { Table } from 'apache-arrow';
import type { Dataset, SyntheticJudge } from '../contracts.js';
import type { DistanceThreshold } from '../privacy/privacy-filter.js';
import type { ProgressSink } from '../progress.js';
import { formatStrategy } from '../strategy.js';
import { usage } from './parse.js';
import { resolveOptions, optionName, type KeysOf, type Resolved } from './resolve.js';
import { OPTIONS, type AmountChooser, type AutoChoice, type OptionKey, type Scope } from './table.js';

export { DEFAULT_SEED, MAX_SEED, OUTPUT_FORMATS, type OutputFormat } from './parse.js';
export {
  DEFAULT_BLOCK_ROWS,
  DEFAULT_CLASSIFIERS,
  DEFAULT_METHODS,
  DEFAULT_MODEL,
  DEFAULT_PROVENANCE_COLUMN,
  DEFAULT_TRAINING_ROWS_PER_CLASS,
  DEMO_EPOCHS,
  AMOUNT_CANDIDATES,
  type AmountChoice,
  type AmountChooser,
  FILTER_RULES,
  type FilterRule,
  type FilterRules,
  LIMITS,
  OPTIONS,
  OUTPUT_LAYOUTS,
  TRAIN_ON,
  type AutoChoice,
  type OutputLayout,
  type Scope,
  type TrainOn,
} from './table.js';
export { keysOf, optionName, resolveOptions, type Resolved } from './resolve.js';

const STAGE_SCOPES: readonly Scope[] = ['augment', 'augment-stream', 'fit', 'sample', 'sample-shards'];

/** The stage's options (augment, fit, sample) by API key: the flag error messages name (the API key when it has none). */
export const OPTION_FLAGS = Object.fromEntries(
  (Object.keys(OPTIONS) as OptionKey[]).filter((k) => OPTIONS[k].scopes.some((s) => STAGE_SCOPES.includes(s))).map((k) => [k, optionName(k)]),
) as Readonly<Record<string, string>>;

type ListInput = string | readonly string[];

/** Options shared by entry points that read a labelled table and fit a synthesizer. */
export interface FitInputOptions {
  /** A CSV / Parquet / Arrow IPC path, or an Arrow Table already in memory. */
  input: string | Table;
  /** CSV field separator: one character, or 'tab' (default ','); ignored for Parquet and Arrow. */
  delimiter?: string;
  /** More CSV strings read as missing values (pandas' `na_values`): 'a,b' or a list. */
  naValues?: ListInput;
  /** Also pandas' default missing-value strings ('', NA, nan, NULL, ...); default true (pandas' `keep_default_na`). */
  keepDefaultNa?: boolean | string;
  /** The class column. */
  label: string;
  /** Synthesizer name from the registry (default 'ctgan'). */
  model?: string;
  /** Plugin parameters: a record, 'key=value,key2=value2', or a JSON object string. */
  modelParams?: string | Readonly<Record<string, unknown>>;
  epochs?: number | string;
  batchSize?: number | string;
  /** An integer from 0 to 2^32 - 1; default 42 (the same rule for every entry point). */
  seed?: number | string;
  /** 'auto', 'tensorflow-gpu', 'tensorflow', 'wasm' or 'cpu'; default GAN_AUGMENT_BACKEND, else 'auto'. */
  backend?: string;
  /** Threads the wasm backend trains with; default GAN_AUGMENT_THREADS, else the cores available. */
  threads?: number | string;
  categorical?: ListInput;
  numeric?: ListInput;
  ignore?: ListInput;
  /** Image shape for fixed-size list columns: 'HxWxC' (e.g. '28x28x1') or [h, w, c]. */
  imageShape?: string | readonly [number, number, number];
  /** 'all' (learn from every row, conditioned on the label) or 'minority'; passed to plugins that take it. */
  trainOn?: string;
  checkpointDir?: string;
  summaryPath?: string;
  /** The synthesizers `model: 'auto'` chooses among (default smote,random,ctgan). */
  autoCandidates?: ListInput;
  /** The classifiers `model: 'auto'` cross-validates them with (default logistic,mlp,forest). */
  autoClassifiers?: ListInput;
  /** What `model: 'auto'` chose and why, recorded in the run summary (set by the entry point after choosing). */
  autoChoice?: AutoChoice;
  progress?: ProgressSink;
  /** No progress events (the CLI also prints nothing but errors). */
  quiet?: boolean | string;
  signal?: AbortSignal;
  /** The downstream score plugins choose with on data (ctgan's snapshot 'auto'; the package entry supplies the evaluator's; a test seam). */
  judge?: SyntheticJudge;
}

export interface AugmentOptions extends FitInputOptions {
  /** Where to write the merged table; absent: nothing is written (API only). */
  output?: string;
  /** Output format; default from the output's extension. */
  format?: string;
  /** Restrict augmentation to these classes. */
  minority?: ListInput;
  /** 'auto' (default), 'not majority', 'not minority', 'minority', 'all', a ratio, or 'class=total,...'. */
  strategy?: string | number | Readonly<Record<string, number>>;
  /** Name of the boolean provenance column (default 'is_synthetic'). */
  provenanceColumn?: string;
  /** Keep synthetic rows identical to a training row instead of replacing them (default false). */
  keepCopies?: boolean | string;
  /**
   * Drop (and redraw) synthetic rows whose distance to the closest training row is at or below a
   * threshold: a number is an absolute Gower distance (e.g. 0.02 or '0.02'); 'q0.05' is the 5%
   * quantile of real-to-real nearest-neighbour distances; `{ quantile: 0.05 }` / `{ absolute: 0.02 }` too.
   */
  privacyDistance?: string | number | DistanceThreshold;
  /** Post-generation filters for any synthesizer: absent (the model's own default rules), 'none', or rules such as 'purity,distance' / ['purity', 'critic']. */
  filter?: ListInput;
  /** Share of the strategy's rows to add per class, in (0, 1] (default 1), or 'auto': chosen on a validation split of the training rows. */
  amount?: number | string;
  /** How 'auto' chooses (the package entry supplies the evaluator's; a test seam). */
  amountChooser?: AmountChooser;
}

export interface StreamAugmentOptions extends AugmentOptions {
  /** 'file' (default): one merged file. 'dataset': a folder of Parquet parts partitioned by the provenance column. */
  outputLayout?: string;
  /** Cap on the training rows kept per class (a seeded reservoir sample above it); default 100000. */
  trainingRowsPerClass?: number | string;
}

export interface FitModelOptions extends FitInputOptions {
  /** The model directory to write (manifest.json, config.json, weights.bin). */
  modelDir: string;
}

export interface SampleOptions {
  modelDir: string;
  /** Rows to generate per class: 'yes=500,maybe=200' or `{ yes: 500 }`. */
  counts: string | Readonly<Record<string, number>>;
  output?: string;
  format?: string;
  seed?: number | string;
  provenanceColumn?: string;
  summaryPath?: string;
  backend?: string;
  progress?: ProgressSink;
  quiet?: boolean | string;
  /** Also write a PNG contact sheet of the generated images here (one row per class); image models only. */
  gridPath?: string;
}

export interface ShardedSampleOptions extends Omit<SampleOptions, 'gridPath'> {
  /** Number of shards the job is cut into (default 1). */
  shards?: number | string;
  /** Write only this shard or these shards (0-based: 3, '1,3' or [1, 3]), in this process; absent: every shard. */
  shard?: number | string | readonly number[];
  /** Take the one shard this process writes from an array job's environment: 'auto', 'k8s', 'aws-batch' or 'slurm'. */
  shardFrom?: string;
  /** Processes that share the shards when writing every shard: this one and W - 1 children (default: the number of cores). */
  workers?: number | string;
  /** Rows per block, the unit of seeding and splitting (default 65536); must match across shards. */
  blockRows?: number | string;
}

/** `gan-augment worker`'s options beside the queue's URL and name. */
export interface QueueWorkerLimits {
  /** Jobs at once in one worker process (default 1). */
  concurrency?: number | string;
  /** How long a job stays locked without renewal before another worker takes it over (default 30000 ms). */
  lockMs?: number | string;
  /** Threads each job trains with (default GAN_AUGMENT_THREADS, else the cores available). */
  threads?: number | string;
  quiet?: boolean | string;
}

export interface EvaluateOptions {
  /** A CSV / Parquet / Arrow path, an Arrow Table, or an already encoded Dataset. */
  input: string | Table | Dataset;
  /** CSV field separator: one character, or 'tab' (default ','). */
  delimiter?: string;
  /** More CSV strings read as missing values (pandas' `na_values`). */
  naValues?: ListInput;
  /** Also pandas' default missing-value strings; default true (pandas' `keep_default_na`). */
  keepDefaultNa?: boolean | string;
  /** The class column (not needed for a Dataset). */
  label?: string;
  /** Stratified folds (default 5). */
  folds?: number | string;
  /** Repeats of the k-fold with different shuffles (default 3). */
  repeats?: number | string;
  /** An integer from 0 to 2^32 - 1; default 42 (the same rule for every entry point). */
  seed?: number | string;
  /** Default none,balanced,threshold,random,smote,ctgan ('none' is always added: it is the baseline). */
  methods?: ListInput;
  /** Default logistic,mlp,forest. */
  classifiers?: ListInput;
  /** The verdict's metric (default minority_f1). */
  metric?: string;
  /** Significance level (default 0.05). */
  alpha?: number | string;
  /** Decide every method but `none` at a minority threshold tuned on its training fold (default false). */
  tuneThreshold?: boolean | string;
  /** Synthesizer training epochs (GAN models); their own default when absent. */
  epochs?: number | string;
  /** The stage's --strategy (default 'auto': every minority class up to the majority count). */
  strategy?: string | number | Readonly<Record<string, number>>;
  minority?: ListInput;
  categorical?: ListInput;
  numeric?: ListInput;
  ignore?: ListInput;
  /** The synthesizers the method `auto` chooses among (default smote,random,ctgan). */
  autoCandidates?: ListInput;
  /** The post-generation filters every synthesizer method uses (absent: each model's own default rules; 'none'; or rules such as 'purity,distance'); a method 'NAME+purity' sets them for one method. */
  filter?: ListInput;
  /** As for augment, per training fold: 'auto' chooses on a split of that fold's rows only. */
  amount?: number | string;
  /** As for augment (a test seam). */
  amountChooser?: AmountChooser;
  /** As for augment; default GAN_AUGMENT_BACKEND, else 'auto'. */
  backend?: string;
  /** As for augment, shared out among the worker processes (each gets max(1, floor(threads / workers))). */
  threads?: number | string;
  /** Per-synthesizer parameters, e.g. { smote: { k_neighbors: 3 } }. */
  synthesizerParams?: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
  classifierParams?: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
  /** Name shown in reports (default: the file name). */
  name?: string;
  /** Worker processes running the job units at once (default: the cores available); 1 runs them in this process. */
  workers?: number | string;
  progress?: ProgressSink;
  /** No progress events. */
  quiet?: boolean | string;
  signal?: AbortSignal;
}

/** An input that is a path or a Table (the stage does not take encoded Datasets). */
type TableInput<T> = Omit<T, 'input' | 'label'> & { readonly input: string | Table; readonly label: string };

export type ResolvedAugmentOptions = TableInput<Resolved<'augment'>>;
export type ResolvedStreamAugmentOptions = TableInput<Resolved<'augment-stream'>>;
export type ResolvedFitModelOptions = TableInput<Resolved<'fit'>>;
/** What any fit needs: the options augment, the streaming augment and fit share. */
export type ResolvedFitInputOptions = Omit<ResolvedFitModelOptions, 'modelDir'>;
export type ResolvedSampleOptions = Resolved<'sample'>;
export type ResolvedShardedSampleOptions = Resolved<'sample-shards'>;
export interface ResolvedEvaluateOptions extends Resolved<'evaluate'> {
  /** The strategy as the report describes it. */
  readonly strategyText: string;
}

/** Compile-time check that an API type and the table agree on an entry point's keys. */
type SameKeys<A, B> = [Exclude<keyof A, B>, Exclude<B, keyof A>] extends [never, never] ? true : false;
const agree = <T extends true>(): T | undefined => undefined;
agree<SameKeys<AugmentOptions, KeysOf<'augment'>>>();
agree<SameKeys<StreamAugmentOptions, KeysOf<'augment-stream'>>>();
agree<SameKeys<FitModelOptions, KeysOf<'fit'>>>();
agree<SameKeys<SampleOptions, KeysOf<'sample'>>>();
agree<SameKeys<ShardedSampleOptions, KeysOf<'sample-shards'>>>();
agree<SameKeys<EvaluateOptions, KeysOf<'evaluate'>>>();
agree<SameKeys<QueueWorkerLimits, KeysOf<'worker'>>>();

/**
 * Validate and default the options of `augment`.
 * @example resolveAugmentOptions({ input: 'data.csv', label: 'class', epochs: '50' }).epochs // 50
 */
export function resolveAugmentOptions(raw: AugmentOptions): ResolvedAugmentOptions {
  return checkAugment(tableInput(resolveOptions('augment', raw)));
}

/** Validate and default the options of the streaming augment (`augmentStream`, and the CLI's augment). */
export function resolveStreamAugmentOptions(raw: StreamAugmentOptions): ResolvedStreamAugmentOptions {
  return checkAugment(tableInput(resolveOptions('augment-stream', raw)));
}

/** Validate and default the options of `fitModel`. */
export function resolveFitModelOptions(raw: FitModelOptions): ResolvedFitModelOptions {
  return tableInput(resolveOptions('fit', raw));
}

/** Validate and default the options of `sampleModel`. */
export function resolveSampleOptions(raw: SampleOptions): ResolvedSampleOptions {
  return resolveOptions('sample', raw);
}

/** Validate and default the options of `sampleShards`. */
export function resolveShardedSampleOptions(raw: ShardedSampleOptions): ResolvedShardedSampleOptions {
  return resolveOptions('sample-shards', raw);
}

/** Validate and default the options of `evaluate`. */
export function resolveEvaluateOptions(raw: EvaluateOptions): ResolvedEvaluateOptions {
  const resolved = resolveOptions('evaluate', raw);
  if (!isDataset(resolved.input) && resolved.label === undefined) throw usage(`${optionName('label')} is required: the class column.`);
  const strategyText = raw.strategy === undefined ? 'auto (every minority class up to the majority count)' : formatStrategy(resolved.strategy);
  return { ...resolved, strategyText };
}

function isDataset(input: unknown): input is Dataset {
  return typeof input === 'object' && input !== null && 'features' in input && 'labels' in input;
}

/** The stage's entry points read files and Tables; the label is required there. */
function tableInput<T extends { readonly input: string | Table | Dataset; readonly label: string | undefined }>(resolved: T): Omit<T, 'input' | 'label'> & { readonly input: string | Table; readonly label: string } {
  if (isDataset(resolved.input)) throw usage(`${optionName('input')} must be a file path or an Arrow Table.`);
  if (resolved.label === undefined) throw usage(`${optionName('label')} is required.`);
  return { ...resolved, input: resolved.input, label: resolved.label };
}

function checkAugment<T extends { readonly keepCopies: boolean; readonly privacyDistance: DistanceThreshold | undefined }>(resolved: T): T {
  if (resolved.privacyDistance !== undefined && resolved.keepCopies) {
    throw usage(`${optionName('privacyDistance')} and ${optionName('keepCopies')} contradict each other: the distance filter drops copies of training rows.`, 'Drop one of them.');
  }
  return resolved;
}

/** The scopes whose flags a CLI command takes: `augment` streams, `sample` shards. */
export const CLI_SCOPES: Readonly<Record<'augment' | 'fit' | 'sample' | 'evaluate' | 'worker' | 'demo', readonly Scope[]>> = {
  augment: ['augment', 'augment-stream'],
  fit: ['fit'],
  sample: ['sample', 'sample-shards'],
  evaluate: ['evaluate'],
  worker: ['worker'],
  demo: ['demo'],
};

/** Validate and default the options of `gan-augment worker` (the queue's URL and name are the CLI's). */
export function resolveWorkerOptions(raw: Partial<QueueWorkerLimits>): Resolved<'worker'> {
  return resolveOptions('worker', raw);
}
