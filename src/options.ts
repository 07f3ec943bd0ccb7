/**
 * One validation schema for the CLI and the API. Raw values (strings from the command line, or
 * typed values from code) go in; typed, defaulted options come out; every error names the CLI
 * flag and what is allowed (`--epochs must be a positive integer, got -3`).
 *
 * Hand-written rather than a schema library: the rules are few, and the messages must name the
 * CLI flag, accept CLI text and typed values alike, and stay stable for the CLI's tests.
 */
import type { Table } from 'apache-arrow';
import type { JsonValue } from './contracts.js';
import { BACKEND_NAMES, resolveBackendRequest, type BackendName } from './backend/pick.js';
import { GanAugmentError } from './errors.js';
import { parseImageShape } from './image/column.js';
import type { DistanceThreshold } from './privacy/privacy-filter.js';
import type { OutputFormat as IoOutputFormat } from './io/index.js';
import type { ProgressSink } from './progress.js';
import { parseStrategy, type SamplingStrategy } from './stage/strategy.js';

/** The documented default seed: runs are reproducible even when no --seed is given. */
export const DEFAULT_SEED = 42;
export const DEFAULT_MODEL = 'ctgan';
export const DEFAULT_PROVENANCE_COLUMN = 'is_synthetic';
export const OUTPUT_FORMATS = ['parquet', 'arrow', 'arrow-stream', 'csv'] as const satisfies readonly IoOutputFormat[];
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];
export const TRAIN_ON = ['all', 'minority'] as const;
export type TrainOn = (typeof TRAIN_ON)[number];

/** Each option's command-line flag: error messages use these, and the CLI should too. */
export const OPTION_FLAGS = {
  input: '--input',
  delimiter: '--delimiter',
  output: '--output',
  format: '--format',
  label: '--label',
  minority: '--minority',
  strategy: '--strategy',
  model: '--model',
  modelParams: '--model-params',
  epochs: '--epochs',
  batchSize: '--batch-size',
  seed: '--seed',
  backend: '--backend',
  categorical: '--categorical',
  imageShape: '--image-shape',
  numeric: '--numeric',
  ignore: '--ignore',
  provenanceColumn: '--provenance-column',
  summaryPath: '--summary',
  trainOn: '--train-on',
  checkpointDir: '--checkpoint-dir',
  keepCopies: '--keep-copies',
  privacyDistance: '--privacy-distance',
  quiet: '--quiet',
  modelDir: '--model-dir',
  counts: '--counts',
  gridPath: '--grid',
  progress: '(progress)',
  signal: '(signal)',
} as const;

type ListInput = string | readonly string[];

/** Options shared by commands that read a labelled table and fit a synthesizer. */
export interface FitInputOptions {
  /** A CSV / Parquet / Arrow IPC path, or an Arrow Table already in memory. */
  input: string | Table;
  /** CSV field separator: one character, or 'tab' (default ','); ignored for Parquet and Arrow. */
  delimiter?: string;
  /** The class column. */
  label: string;
  /** Synthesizer name from the registry (default 'ctgan'). */
  model?: string;
  /** Plugin parameters: a record, 'key=value,key2=value2', or a JSON object string. */
  modelParams?: string | Readonly<Record<string, unknown>>;
  epochs?: number | string;
  batchSize?: number | string;
  /** Default 42. */
  seed?: number | string;
  /** 'auto' (default), 'tensorflow-gpu', 'tensorflow', 'wasm' or 'cpu'. */
  backend?: string;
  categorical?: ListInput;
  numeric?: ListInput;
  ignore?: ListInput;
  /** Image shape for fixed-size list columns: 'HxWxC' (e.g. '28x28x1') or [h, w, c]. */
  imageShape?: string | readonly [number, number, number];
  /** 'all' (learn from every row, conditioned on the label) or 'minority'; passed to plugins that take it. */
  trainOn?: string;
  checkpointDir?: string;
  summaryPath?: string;
  progress?: ProgressSink;
  /** No progress events (the CLI also prints nothing but errors). */
  quiet?: boolean | string;
  signal?: AbortSignal;
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

export interface ResolvedFitInputOptions {
  readonly input: string | Table;
  readonly delimiter: string | undefined;
  readonly label: string;
  readonly model: string;
  readonly modelParams: Readonly<Record<string, JsonValue>>;
  readonly epochs: number | undefined;
  readonly batchSize: number | undefined;
  readonly seed: number;
  readonly backend: BackendName;
  readonly categorical: readonly string[];
  readonly numeric: readonly string[];
  readonly ignore: readonly string[];
  readonly imageShape: readonly [number, number, number] | undefined;
  readonly trainOn: TrainOn | undefined;
  readonly checkpointDir: string | undefined;
  readonly summaryPath: string | undefined;
  readonly progress: ProgressSink | undefined;
  readonly quiet: boolean;
  readonly signal: AbortSignal | undefined;
}

export interface ResolvedAugmentOptions extends ResolvedFitInputOptions {
  readonly output: string | undefined;
  readonly format: OutputFormat | undefined;
  readonly minority: readonly string[];
  readonly strategy: SamplingStrategy;
  readonly provenanceColumn: string;
  readonly keepCopies: boolean;
  /** The --privacy-distance threshold, or undefined when the filter is off. */
  readonly privacyDistance: DistanceThreshold | undefined;
}

export interface ResolvedFitModelOptions extends ResolvedFitInputOptions {
  readonly modelDir: string;
}

export interface ResolvedSampleOptions {
  readonly modelDir: string;
  readonly counts: Readonly<Record<string, number>>;
  readonly output: string | undefined;
  readonly format: OutputFormat | undefined;
  readonly seed: number;
  readonly provenanceColumn: string;
  readonly summaryPath: string | undefined;
  readonly backend: BackendName;
  readonly progress: ProgressSink | undefined;
  readonly quiet: boolean;
  readonly gridPath: string | undefined;
}

const FIT_INPUT_KEYS = [
  'input', 'delimiter', 'label', 'model', 'modelParams', 'epochs', 'batchSize', 'seed', 'backend', 'categorical', 'numeric',
  'ignore', 'imageShape', 'trainOn', 'checkpointDir', 'summaryPath', 'progress', 'quiet', 'signal',
] as const;

/**
 * Validate and default the options of `augment`.
 * @example resolveAugmentOptions({ input: 'data.csv', label: 'class', epochs: '50' }).epochs // 50
 */
export function resolveAugmentOptions(raw: AugmentOptions): ResolvedAugmentOptions {
  checkKeys(raw, [...FIT_INPUT_KEYS, 'output', 'format', 'minority', 'strategy', 'provenanceColumn', 'keepCopies', 'privacyDistance']);
  const keepCopies = bool(raw.keepCopies, 'keepCopies');
  const privacy = privacyDistance(raw.privacyDistance);
  if (privacy !== undefined && keepCopies) {
    throw usage(`${OPTION_FLAGS.privacyDistance} and ${OPTION_FLAGS.keepCopies} contradict each other: the distance filter drops copies of training rows.`, `Drop one of them.`);
  }
  return {
    ...resolveFitInput(raw),
    output: optionalString(raw.output, 'output'),
    format: format(raw.format),
    minority: list(raw.minority, 'minority'),
    strategy: parseStrategy(raw.strategy),
    provenanceColumn: columnName(raw.provenanceColumn),
    keepCopies,
    privacyDistance: privacy,
  };
}

/** Validate and default the options of `fitModel`. */
export function resolveFitModelOptions(raw: FitModelOptions): ResolvedFitModelOptions {
  checkKeys(raw, [...FIT_INPUT_KEYS, 'modelDir']);
  return { ...resolveFitInput(raw), modelDir: requiredString(raw.modelDir, 'modelDir') };
}

/** Validate and default the options of `sampleModel`. */
export function resolveSampleOptions(raw: SampleOptions): ResolvedSampleOptions {
  checkKeys(raw, ['modelDir', 'counts', 'output', 'format', 'seed', 'provenanceColumn', 'summaryPath', 'backend', 'progress', 'quiet', 'gridPath']);
  if (raw.counts === undefined || raw.counts === null || raw.counts === '') {
    throw usage(`${OPTION_FLAGS.counts} is required: rows to generate per class, such as 'yes=500,maybe=200'.`);
  }
  const strategy = parseStrategy(raw.counts, OPTION_FLAGS.counts);
  if (strategy.kind !== 'counts') {
    throw usage(`${OPTION_FLAGS.counts} must list rows per class, such as 'yes=500,maybe=200'; got '${String(raw.counts)}'.`);
  }
  return {
    modelDir: requiredString(raw.modelDir, 'modelDir'),
    counts: strategy.counts,
    output: optionalString(raw.output, 'output'),
    format: format(raw.format),
    seed: seed(raw.seed),
    provenanceColumn: columnName(raw.provenanceColumn),
    summaryPath: optionalString(raw.summaryPath, 'summaryPath'),
    backend: backend(raw.backend),
    progress: progressSink(raw.progress),
    quiet: bool(raw.quiet, 'quiet'),
    gridPath: optionalString(raw.gridPath, 'gridPath'),
  };
}

function resolveFitInput(raw: FitInputOptions): ResolvedFitInputOptions {
  if (raw.input === undefined || raw.input === null || raw.input === '') {
    throw usage(`${OPTION_FLAGS.input} is required: a CSV, Parquet or Arrow file (or an Arrow Table in the API).`);
  }
  if (typeof raw.input !== 'string' && (typeof raw.input !== 'object' || !('schema' in raw.input) || !('numRows' in raw.input))) {
    throw usage(`${OPTION_FLAGS.input} must be a file path or an Arrow Table.`);
  }
  const trainOn = optionalString(raw.trainOn, 'trainOn');
  if (trainOn !== undefined && !(TRAIN_ON as readonly string[]).includes(trainOn)) {
    throw usage(`${OPTION_FLAGS.trainOn} must be one of ${TRAIN_ON.join(', ')}; got '${trainOn}'.`);
  }
  if (raw.signal !== undefined && !(raw.signal instanceof AbortSignal)) throw usage('signal must be an AbortSignal.');
  return {
    input: raw.input,
    delimiter: csvDelimiter(raw.delimiter),
    label: requiredString(raw.label, 'label'),
    model: optionalString(raw.model, 'model') ?? DEFAULT_MODEL,
    modelParams: modelParams(raw.modelParams),
    epochs: positiveInt(raw.epochs, 'epochs'),
    batchSize: positiveInt(raw.batchSize, 'batchSize'),
    seed: seed(raw.seed),
    backend: backend(raw.backend),
    categorical: list(raw.categorical, 'categorical'),
    numeric: list(raw.numeric, 'numeric'),
    ignore: list(raw.ignore, 'ignore'),
    imageShape: imageShape(raw.imageShape),
    trainOn: trainOn as TrainOn | undefined,
    checkpointDir: optionalString(raw.checkpointDir, 'checkpointDir'),
    summaryPath: optionalString(raw.summaryPath, 'summaryPath'),
    progress: progressSink(raw.progress),
    quiet: bool(raw.quiet, 'quiet'),
    signal: raw.signal,
  };
}

type Key = keyof typeof OPTION_FLAGS;

/**
 * The CSV field separator: European exports use ';', TSV files a tab (spelled 'tab' or '\\t' on a
 * command line, where a literal tab is awkward to type).
 * @example csvDelimiter('tab') // '\t'
 */
export function csvDelimiter(value: unknown): string | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  const named: Record<string, string> = { tab: '\t', '\\t': '\t' };
  const d = typeof value === 'string' ? (named[value] ?? value) : value;
  if (typeof d !== 'string' || d.length !== 1 || d === '"' || d === '\n' || d === '\r') {
    throw usage(`${OPTION_FLAGS.delimiter} must be one character (such as ';' or '|') or 'tab'; got '${String(value)}'.`);
  }
  return d;
}

function usage(message: string, hint?: string): GanAugmentError {
  return new GanAugmentError('usage', message, hint ? { hint } : {});
}

function checkKeys(raw: object, allowed: readonly string[]): void {
  if (typeof raw !== 'object' || raw === null) throw usage('Options must be an object.');
  for (const key of Object.keys(raw)) {
    if (!allowed.includes(key)) throw usage(`Unknown option '${key}'.`, `Known options: ${allowed.join(', ')}.`);
  }
}

function requiredString(value: unknown, key: Key): string {
  const s = optionalString(value, key);
  if (s === undefined) throw usage(`${OPTION_FLAGS[key]} is required.`);
  return s;
}

function optionalString(value: unknown, key: Key): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw usage(`${OPTION_FLAGS[key]} must be text, got ${typeof value}.`);
  const s = value.trim();
  return s === '' ? undefined : s;
}

/** Lists come as arrays (API) or comma-separated text (CLI, repeated flags joined by the CLI). */
function list(value: unknown, key: Key): string[] {
  if (value === undefined || value === null) return [];
  const items = typeof value === 'string' ? value.split(',') : Array.isArray(value) ? value : undefined;
  if (!items || !items.every((v) => typeof v === 'string')) {
    throw usage(`${OPTION_FLAGS[key]} must be a comma-separated list of names.`);
  }
  const names = items.map((v: string) => v.trim()).filter((v) => v !== '');
  return [...new Set(names)];
}

function positiveInt(value: unknown, key: Key): number | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  const n = typeof value === 'string' && /^\s*[+-]?\d+\s*$/.test(value) ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isSafeInteger(n) || n <= 0) {
    throw usage(`${OPTION_FLAGS[key]} must be a positive integer, got ${typeof value === 'string' ? `'${value}'` : String(value)}.`);
  }
  return n;
}

function seed(value: unknown): number {
  if (value === undefined || value === null || value === '') return DEFAULT_SEED;
  const n = typeof value === 'string' && /^\s*[+-]?\d+\s*$/.test(value) ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 0 || n > 0xffffffff) {
    throw usage(`${OPTION_FLAGS.seed} must be an integer from 0 to 4294967295, got ${typeof value === 'string' ? `'${value}'` : String(value)}.`);
  }
  return n | 0;
}

function bool(value: unknown, key: Key): boolean {
  if (value === undefined || value === null || value === '') return false;
  if (typeof value === 'boolean') return value;
  if (value === 'true' || value === '1' || value === 'yes') return true;
  if (value === 'false' || value === '0' || value === 'no') return false;
  throw usage(`${OPTION_FLAGS[key]} must be true or false, got '${String(value)}'.`);
}

function backend(value: unknown): BackendName {
  // No --backend: GAN_AUGMENT_BACKEND decides (validated there), else 'auto'.
  const name = optionalString(value, 'backend') ?? resolveBackendRequest(undefined);
  if (!(BACKEND_NAMES as readonly string[]).includes(name)) {
    throw usage(`${OPTION_FLAGS.backend} must be one of ${BACKEND_NAMES.join(', ')}; got '${name}'.`);
  }
  return name as BackendName;
}

function format(value: unknown): OutputFormat | undefined {
  const name = optionalString(value, 'format')?.toLowerCase();
  if (name === undefined) return undefined;
  const normalized = name === 'feather' || name === 'ipc' ? 'arrow' : name;
  if (!(OUTPUT_FORMATS as readonly string[]).includes(normalized)) {
    throw usage(`${OPTION_FLAGS.format} must be one of ${OUTPUT_FORMATS.join(', ')}; got '${name}'.`);
  }
  return normalized as OutputFormat;
}

function imageShape(value: unknown): [number, number, number] | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  const text = Array.isArray(value) ? value.join('x') : value;
  if (typeof text !== 'string') throw usage(`${OPTION_FLAGS.imageShape} must be HEIGHTxWIDTHxCHANNELS, such as 28x28x1.`);
  return parseImageShape(text, OPTION_FLAGS.imageShape);
}

/**
 * --privacy-distance: '0.02' (absolute Gower distance, >= 0) or 'q0.05' (quantile in [0, 1] of the
 * training rows' nearest-neighbour distances); numbers and `{ absolute }` / `{ quantile }` from the API.
 */
function privacyDistance(value: unknown): DistanceThreshold | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  const flag = OPTION_FLAGS.privacyDistance;
  const allowed = `a distance >= 0 such as 0.02, or a quantile of the real rows' nearest-neighbour distances such as q0.05`;
  if (typeof value === 'object' && !Array.isArray(value)) {
    const v = value as Record<string, unknown>;
    const keys = Object.keys(v);
    if (keys.length === 1 && keys[0] === 'absolute' && typeof v.absolute === 'number') return privacyDistance(v.absolute);
    if (keys.length === 1 && keys[0] === 'quantile' && typeof v.quantile === 'number') return privacyDistance(`q${v.quantile}`);
    throw usage(`${flag} must be ${allowed}; got ${JSON.stringify(value)}.`);
  }
  if (typeof value === 'number') {
    if (!Number.isFinite(value) || value < 0) throw usage(`${flag} must be ${allowed}; got ${value}.`);
    return { absolute: value };
  }
  if (typeof value !== 'string') throw usage(`${flag} must be ${allowed}; got ${typeof value}.`);
  const text = value.trim().toLowerCase();
  const number = /^[0-9.eE+-]+$/;
  if (text.startsWith('q') && number.test(text.slice(1))) {
    const q = Number(text.slice(1));
    if (!Number.isFinite(q) || q < 0 || q > 1) throw usage(`${flag}: the quantile in '${value}' must be between 0 and 1, such as q0.05.`);
    return { quantile: q };
  }
  if (number.test(text)) {
    const d = Number(text);
    if (!Number.isFinite(d) || d < 0) throw usage(`${flag} must be ${allowed}; got '${value}'.`);
    return { absolute: d };
  }
  throw usage(`${flag} must be ${allowed}; got '${value}'.`);
}

function columnName(value: unknown): string {
  return optionalString(value, 'provenanceColumn') ?? DEFAULT_PROVENANCE_COLUMN;
}

function progressSink(value: unknown): ProgressSink | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'function') throw usage('progress must be a function receiving progress events.');
  return value as ProgressSink;
}

/**
 * Plugin parameters. Text is 'key=value,key2=value2' (values read as numbers or booleans when they
 * look like one) or a JSON object; records pass through when their values are JSON.
 */
function modelParams(value: unknown): Record<string, JsonValue> {
  if (value === undefined || value === null || value === '') return {};
  if (typeof value === 'string') {
    const text = value.trim();
    if (text.startsWith('{')) {
      let parsed: unknown;
      try {
        parsed = JSON.parse(text);
      } catch (err) {
        throw usage(`${OPTION_FLAGS.modelParams} is not valid JSON: ${(err as Error).message}.`);
      }
      return modelParams(parsed);
    }
    const out: Record<string, JsonValue> = {};
    for (const part of text.split(',').filter((p) => p.trim() !== '')) {
      const at = part.indexOf('=');
      if (at <= 0) throw usage(`${OPTION_FLAGS.modelParams}: '${part}' is not of the form key=value.`);
      const v = part.slice(at + 1).trim();
      out[part.slice(0, at).trim()] = v === 'true' ? true : v === 'false' ? false : v !== '' && Number.isFinite(Number(v)) ? Number(v) : v;
    }
    return out;
  }
  if (typeof value !== 'object' || Array.isArray(value) || !isJson(value)) {
    throw usage(`${OPTION_FLAGS.modelParams} must be a record of JSON values or 'key=value,...' text.`);
  }
  return { ...(value as Record<string, JsonValue>) };
}

function isJson(value: unknown): boolean {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return true;
  if (typeof value === 'number') return Number.isFinite(value);
  if (Array.isArray(value)) return value.every(isJson);
  if (typeof value === 'object') return Object.values(value as object).every(isJson);
  return false;
}
