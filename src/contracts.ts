/**
 * The typed contracts between the core (src) and plugins (plugins/). Plugins import this file
 * (and the small shared pieces: random, errors, progress, dataset, kernel-contracts) and nothing else from src; the core
 * reaches plugins only through the registry. Data crosses the boundary already encoded as plain
 * typed arrays, so a plugin never needs to know about Arrow, Parquet or CSV.
 */
import type { Rng } from './random.js';
import type { ProgressSink } from './progress.js';

/** The post-generation filter's rules (src/stage/filters/); `--filter none` is the empty list. */
export const FILTER_RULES = ['purity', 'distance', 'critic'] as const;
export type FilterRule = (typeof FILTER_RULES)[number];
export type FilterRules = readonly FilterRule[];

// ---------------------------------------------------------------------------------------------
// Encoded data: what synthesizers learn from and produce
// ---------------------------------------------------------------------------------------------

export interface NumericFeature {
  readonly kind: 'numeric';
  readonly name: string;
  /** One value per row; NaN marks a missing value (plugins must reproduce the missing rate). */
  readonly values: Float64Array;
  /** The source column holds integers: decoded values are rounded by the core. */
  readonly integer: boolean;
}

export interface CategoricalFeature {
  readonly kind: 'categorical';
  readonly name: string;
  /** Index into `levels` per row; -1 marks a missing value (treated as a category of its own). */
  readonly codes: Int32Array;
  /** The distinct values seen in training, as strings, in a stable order. */
  readonly levels: readonly string[];
}

export interface ImageFeature {
  readonly kind: 'image';
  readonly name: string;
  /** rows * height * width * channels values in [0, 1], row-major, channels last. */
  readonly pixels: Float32Array;
  readonly shape: readonly [height: number, width: number, channels: number];
}

export type Feature = NumericFeature | CategoricalFeature | ImageFeature;
export type FeatureKind = Feature['kind'];

/** A labelled, encoded dataset. Labels are indexes into `classes`. */
export interface Dataset {
  readonly features: readonly Feature[];
  readonly labels: Int32Array;
  /** Class names as strings, in a stable order; the core maps them back to the label's type. */
  readonly classes: readonly string[];
  readonly rowCount: number;
}

// ---------------------------------------------------------------------------------------------
// Synthesizers: GANs, SMOTE, random oversampling
// ---------------------------------------------------------------------------------------------

export interface FitOptions {
  /** Every random draw of the fit comes from here (weights init, batches, noise, dropout). */
  readonly rng: Rng;
  /** Training epochs; plugins choose a default when absent. */
  readonly epochs?: number;
  /** Rows per step; plugins adapt their default to small classes, an explicit value is honoured. */
  readonly batchSize?: number;
  /** Stop early between steps when aborted. */
  readonly signal?: AbortSignal;
  /** Where to save and resume training checkpoints, when the plugin supports it. */
  readonly checkpointDir?: string;
  /**
   * How useful synthetic rows are downstream, for a plugin that chooses among its own candidates
   * on data (ctgan's `snapshot: 'auto'`); supplied by the core (the evaluator's classifier).
   */
  readonly judge?: SyntheticJudge;
}

/**
 * A classifier trained on the real `train` rows plus `synthetic`, scored on the real `validation`
 * rows (its minority F1; higher is better). A plugin calls it with rows it split off its own
 * training data, so in evaluate the test fold is never seen.
 */
export type SyntheticJudge = (train: Dataset, synthetic: Dataset, validation: Dataset, rng: Rng) => Promise<number>;

/** What a fit reports back: used for the summary, the report's loss curves and early-stop advice. */
export interface FitReport {
  readonly epochs: number;
  readonly seconds: number;
  /** One entry per epoch (or per logging interval): named losses and scores. */
  readonly history: ReadonlyArray<Readonly<Record<string, number>>>;
  /** What the fit decided that a user should know (e.g. a small class trained differently); shown in the run summary. */
  readonly notes?: readonly string[];
  /**
   * The class indices the fitted model can sample, when that is not every class of the fitted data
   * (ctgan trained on the classes to augment only); absent: every class. The core records it in the
   * run summary and the model folder, so `sample` refuses the others saying why.
   */
  readonly generates?: readonly number[];
}

/** Plain serialisable model state: JSON config plus named float arrays. Loading never runs code. */
export interface ModelArtifacts {
  readonly config: JsonValue;
  readonly arrays: Readonly<Record<string, Float32Array>>;
}

export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

export interface Synthesizer {
  readonly name: string;
  fit(data: Dataset, options: FitOptions, progress?: ProgressSink): Promise<FitReport>;
  /**
   * Generate exactly `counts.get(c)` rows of class index `c` (every returned row carries the
   * requested label), with the same features, in the same order, as the fitted data.
   */
  sample(counts: ReadonlyMap<number, number>, rng: Rng, progress?: ProgressSink): Promise<Dataset>;
  /**
   * Optional: how real each row (features as fitted, labels = the class it was made for) looks to
   * the model's own critic, higher meaning more like that class's real rows; comparable between
   * rows of one class only. `--filter critic` keeps the best-scored candidates.
   */
  score?(rows: Dataset, rng: Rng): Promise<Float64Array>;
  /** The fitted state, written by the core with a format version and checksum. */
  serialize(): Promise<ModelArtifacts>;
  /** Release tensors and other resources. */
  dispose(): void;
}

// ---------------------------------------------------------------------------------------------
// Parameters: declared once by each plugin; validation, `gan-augment models` and docs/plugins.md
// all read the declaration, so what users are shown is what is accepted
// ---------------------------------------------------------------------------------------------

interface ParamBase {
  /**
   * The name the CLI and docs use: snake_case, as SDV and imbalanced-learn spell it (ctgan's
   * `discriminator_dim`). Absent: the snake_case of the key.
   */
  readonly name?: string;
  /** More accepted spellings; the key, the name and the snake_case and camelCase of each always are. */
  readonly aliases?: readonly string[];
  /** One line for `gan-augment models` and docs/plugins.md. */
  readonly help: string;
  /**
   * How the plugin chooses the value when it is left out (or given as `auto`), for parameters
   * without a fixed `default`: e.g. 'min(500, training rows)'.
   */
  readonly auto?: string;
}

export interface IntegerParamDeclaration extends ParamBase {
  readonly type: 'integer';
  readonly default?: number;
  readonly min: number;
  readonly max?: number;
  /** Values must be a multiple of this (dcgan's generator width is halved once: 2). */
  readonly multipleOf?: number;
}

export interface NumberParamDeclaration extends ParamBase {
  readonly type: 'number';
  readonly default?: number;
  readonly min: number;
  /** `min` itself is not allowed. */
  readonly minOpen?: boolean;
  readonly max?: number;
  /** `max` itself is not allowed. */
  readonly maxOpen?: boolean;
}

export interface ChoiceParamDeclaration extends ParamBase {
  readonly type: 'choice';
  readonly default: string;
  /** Each accepted value with its aliases (borderline-smote's 'borderline-1' also as '1'). */
  readonly choices: Readonly<Record<string, readonly string[]>>;
}

/** A list of positive integers (layer sizes): an array, or text such as '256,256'. */
export interface IntegerListParamDeclaration extends ParamBase {
  readonly type: 'integer-list';
  readonly default: readonly number[];
  readonly min: number;
}

export type ParamDeclaration = IntegerParamDeclaration | NumberParamDeclaration | ChoiceParamDeclaration | IntegerListParamDeclaration;

/**
 * A plugin's parameters by key, in the order they are listed. The key is the typed API's name and
 * the one saved models and run summaries store (ctgan: `embeddingDim`; smote: `k_neighbors`).
 */
export type ParamDeclarations = Readonly<Record<string, ParamDeclaration>>;

export interface SynthesizerFactory {
  /** The name users pass as --model / --methods. */
  readonly name: string;
  readonly description: string;
  /** Feature kinds this synthesizer can model; the core refuses other data with a clear error. */
  readonly supports: readonly FeatureKind[];
  /**
   * False for plugins that never touch TensorFlow.js (SMOTE, random oversampling): the core then
   * starts no backend for them. Absent means true, the safe choice for user plugins.
   */
  readonly usesTensorFlow?: boolean;
  /**
   * Its networks are mostly convolutions (dcgan). On the threaded wasm backend XNNPACK's pool
   * then gets every thread, since XNNPACK splits convolutions; otherwise (dense networks, the
   * default) it keeps one thread and the matrix products are split over gan-augment's own
   * threads: XNNPACK's idle pool workers spin and would take those threads' cores.
   */
  readonly convolutional?: boolean;
  /** Synthetic rows are training rows by design (random oversampling): the stage's copy guard skips it. */
  readonly copiesTrainingRows?: boolean;
  /** Its synthesizers implement `score()` (a critic), so `--filter critic` can use them; checked before the fit. */
  readonly scoresRows?: boolean;
  /**
   * The post-generation rules its rows get when the user names none (`--filter` absent; `none`
   * turns them off): the ones measured to help this model (ctgan: purity, docs/ctgan.md).
   */
  readonly defaultFilter?: FilterRules;
  /** Smallest class (rows) it can learn from, given its parameters; the core checks it up front. */
  minRowsPerClass(params: Readonly<Record<string, unknown>>): number;
  /**
   * Its parameters, which `create` validates against (src/plugin-params.ts `parseDeclaredParams`).
   * Optional for user plugins: `gan-augment models` then says "parameters not declared".
   */
  readonly params?: ParamDeclarations;
  /** Validate plugin-specific parameters (throw GanAugmentError('usage') naming the bad one). */
  create(params: Readonly<Record<string, unknown>>): Synthesizer;
  /** Rebuild a fitted synthesizer from artifacts written by `serialize`. */
  deserialize(artifacts: ModelArtifacts): Synthesizer;
}

// ---------------------------------------------------------------------------------------------
// Classifiers: what the evaluator trains on each fold
// ---------------------------------------------------------------------------------------------

/** Row-major dense matrix. For image data, `imageShape` gives each row's height, width, channels. */
export interface Matrix {
  readonly data: Float32Array;
  readonly rows: number;
  readonly cols: number;
  readonly imageShape?: readonly [number, number, number];
}

export interface ClassifierFitOptions {
  readonly rng: Rng;
  readonly classCount: number;
  /** Per-row weights (for the 'balanced class weights' baseline); absent means all ones. */
  readonly sampleWeight?: Float32Array;
}

export interface Classifier {
  readonly name: string;
  fit(x: Matrix, y: Int32Array, options: ClassifierFitOptions): Promise<void>;
  /** rows * classCount probabilities, row-major. */
  predictProba(x: Matrix): Promise<Float32Array>;
  dispose(): void;
}

export interface ClassifierFactory {
  readonly name: string;
  readonly description: string;
  /** 'tabular' classifiers take scaled numeric + one-hot columns; 'image' ones take pixels. */
  readonly input: 'tabular' | 'image';
  /** Its parameters, as for SynthesizerFactory.params. */
  readonly params?: ParamDeclarations;
  create(params: Readonly<Record<string, unknown>>): Classifier;
}
