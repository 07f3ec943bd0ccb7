/**
 * The run summary: what was done, with which tool version, model, seed and options, and what came
 * out (rows per class before and after, dropped copies, training time, backend). A --summary file
 * holds all of it; the output file's key-value metadata (key `gan_augment`) holds `embeddedSummary`,
 * the part that depends on neither the run's timing nor the machine, so a seed gives the same bytes.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { JsonValue } from '../contracts.js';
import type { AmountChoice, ResolvedFitInputOptions } from '../options/index.js';
import type { DcrSummary } from '../privacy/summary.js';
import { canonicalModelParams } from '../registry.js';
import type { ColumnPlan } from '../schema/plan.js';
import type { FilterSummary } from './filters/tally.js';

/** Key of the run summary in the output file's key-value metadata. */
export const METADATA_KEY = 'gan_augment';

export interface ClassSummary {
  readonly class: string;
  readonly before: number;
  readonly added: number;
  readonly after: number;
}

export interface RunSummary {
  readonly tool: 'gan-augment';
  readonly version: string;
  readonly command: 'augment' | 'fit' | 'sample';
  /** The input read (source is a path, or '(table)' for an in-memory Arrow Table). */
  readonly input: { readonly source: string; readonly format: string; readonly rows: number; readonly columns: number } | null;
  /** Filled in once written; null in the copy embedded in the output file itself. */
  readonly output: {
    readonly path: string;
    readonly format: string;
    readonly bytes: number;
    /** Streaming one-file augment only: how the original rows were written, and why not byte for byte. */
    readonly copy?: 'row-groups' | 're-encoded';
    readonly copyReason?: string;
    /** Streaming one-file augment only: wall time of the copy pass. */
    readonly seconds?: number;
    /** `--output-layout dataset` only: how the original parts were placed (hard links, copies across file systems, or both). */
    readonly originals?: 'hardlink' | 'copy' | 'mixed';
  } | null;
  readonly modelDir: string | null;
  readonly label: string;
  readonly model: string;
  readonly modelParams: Readonly<Record<string, JsonValue>>;
  readonly seed: number;
  /** The sampling strategy as text ('auto', '0.5', 'yes=500'), or null for fit/sample. */
  readonly strategy: string | null;
  readonly minority: readonly string[];
  /** The TensorFlow.js backend used, or null when the model does not use TensorFlow.js. */
  readonly backend: string | null;
  readonly classes: readonly ClassSummary[];
  /** fit: the classes the saved model can generate (`sample` refuses the others). */
  readonly generates?: readonly string[];
  readonly columns: readonly ColumnPlan[];
  /** Input rows without a label: copied unchanged, not learned from. */
  readonly unlabelledRows: number;
  /** `threads`: what the backend trained with (null: native TensorFlow's own pool, or no backend). */
  readonly training: { readonly seconds: number; readonly epochs: number; readonly finalMetrics: Readonly<Record<string, number>> | null; readonly threads: number | null } | null;
  /** Synthetic rows identical to a training row: checked and dropped unless kept by option or by design. */
  readonly copies: { readonly checked: boolean; readonly dropped: number; readonly kept: number; readonly sampleRounds: number };
  readonly provenanceColumn: string | null;
  /** --filter (when rows were generated): its rules, the candidates each dropped, and those beyond the rows needed. */
  readonly filter?: FilterSummary;
  /** --amount auto: each share's validation score and the share used. */
  readonly amount?: AmountChoice;
  /** --privacy-distance (augment only, when given and rows were generated). */
  readonly privacy?: PrivacySummary;
  /** Remaining options that shaped the run. */
  readonly options: Readonly<Record<string, JsonValue>>;
  readonly warnings: readonly string[];
}

/** What the --privacy-distance filter did. */
export interface PrivacySummary {
  /** The threshold as given: '0.02' (absolute) or 'q0.05' (quantile of real-to-real NN distances). */
  readonly threshold: string;
  /** The Gower distance applied: rows at or below it were dropped. */
  readonly distance: number;
  /** Synthetic rows dropped for being that close to a training row (each was redrawn). */
  readonly dropped: number;
  /** Distance to the closest training row of the synthetic rows written (null when none). */
  readonly dcr: DcrSummary | null;
}

type SummaryDefaults = 'tool' | 'version' | 'input' | 'output' | 'modelDir' | 'modelParams' | 'strategy' | 'minority' | 'unlabelledRows' | 'training' | 'copies' | 'provenanceColumn' | 'options' | 'warnings';

/**
 * The one run-summary builder: what every command's summary has, with the defaults of a run that
 * read no input, trained nothing and checked no copies; each command fills in what it did.
 * @example runSummary('sample', { label: 'y', model: 'ctgan', seed: 3, backend: 'wasm', classes, columns })
 */
export function runSummary(command: RunSummary['command'], parts: Omit<RunSummary, SummaryDefaults | 'command'> & Partial<Pick<RunSummary, SummaryDefaults>>): RunSummary {
  return {
    tool: 'gan-augment',
    version: toolVersion(),
    command,
    input: null,
    output: null,
    modelDir: null,
    strategy: null,
    minority: [],
    unlabelledRows: 0,
    training: null,
    copies: { checked: false, dropped: 0, kept: 0, sampleRounds: 0 },
    provenanceColumn: null,
    options: {},
    warnings: [],
    ...parts,
    // One spelling whichever the user typed (snake_case or camelCase): the plugin's declared keys.
    modelParams: canonicalModelParams(parts.model, parts.modelParams ?? {}),
  };
}

/** The options that shape any fit, as recorded in `RunSummary.options` by augment and fit. */
export function fitOptionsSummary(options: ResolvedFitInputOptions): Record<string, JsonValue> {
  return {
    epochs: options.epochs ?? null,
    batchSize: options.batchSize ?? null,
    trainOn: options.trainOn ?? null,
    categorical: [...options.categorical],
    numeric: [...options.numeric],
    ignore: [...options.ignore],
    imageShape: options.imageShape ? [...options.imageShape] : null,
    requestedBackend: options.backend,
    requestedThreads: options.threads,
  };
}

let cachedVersion: string | undefined;

/** The --summary file's text: the summary as indented JSON, one trailing newline. */
export function summaryFileText(summary: unknown): string {
  return `${JSON.stringify(summary, null, 2)}\n`;
}

/** gan-augment's version, from the package.json above this module (works from src/ and dist/). */
export function toolVersion(): string {
  if (cachedVersion) return cachedVersion;
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    try {
      const pkg = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'gan-augment' && typeof pkg.version === 'string') return (cachedVersion = pkg.version);
    } catch {
      // not here; keep walking up
    }
    dir = path.dirname(dir);
  }
  return (cachedVersion = 'unknown');
}

/**
 * The summary as output files and folders embed it: no wall times, rates or thread counts (they
 * differ from run to run and machine to machine while the rows do not), no output entry (the file
 * describes itself), and paths cut to their last name (mount points differ between machines).
 */
export type EmbeddedSummary = Omit<RunSummary, 'output' | 'training'> & {
  readonly output: null;
  readonly training: Omit<NonNullable<RunSummary['training']>, 'seconds' | 'threads'> | null;
};

/** Options recorded in the summary that say how fast, not what: left out of the embedded copy. */
const MACHINE_OPTIONS: readonly string[] = ['requestedThreads'];

/**
 * A training metric that is a time or a rate ('rows/s' of ctgan, 'images_per_s' and 'seconds' of
 * dcgan): plugins name them so, and the embedded copy leaves them out.
 */
function isWallTimeMetric(name: string): boolean {
  return name === 'seconds' || name.endsWith('/s') || name.endsWith('_per_s') || name.endsWith('_seconds');
}

/**
 * The copy of `summary` written into outputs: the same for the same seed and input on any machine
 * and thread count. The --summary file and the API's `summary` keep everything.
 * @example embeddedSummary(summary).training // { epochs: 300, finalMetrics: { loss_g: 0.4, ... } }
 */
export function embeddedSummary(summary: RunSummary): EmbeddedSummary {
  const { training, input, modelDir, options } = summary;
  return {
    ...summary,
    ...(input ? { input: { ...input, source: baseName(input.source) } } : {}),
    ...(modelDir ? { modelDir: baseName(modelDir) } : {}),
    output: null,
    training: training ? { epochs: training.epochs, finalMetrics: training.finalMetrics && withoutKeys(training.finalMetrics, isWallTimeMetric) } : null,
    options: withoutKeys(options, (k) => MACHINE_OPTIONS.includes(k)),
  };
}

function withoutKeys<T>(record: Readonly<Record<string, T>>, drop: (key: string) => boolean): Record<string, T> {
  return Object.fromEntries(Object.entries(record).filter(([k]) => !drop(k)));
}

/** 'data/in.parquet' -> 'in.parquet'; '(table)' and '-' stay as they are. */
function baseName(source: string): string {
  return source === '-' || source === '(table)' ? source : path.basename(source);
}

/**
 * The file metadata to write: the input's own key-value metadata (except keys that describe the
 * input's exact columns, which would now be stale) plus the embedded summary under `gan_augment`.
 */
export function outputMetadata(inputMetadata: ReadonlyMap<string, string>, summary: RunSummary): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, value] of inputMetadata) {
    if (key === 'pandas' || key === 'ARROW:schema' || key === METADATA_KEY) continue;
    out.set(key, value);
  }
  out.set(METADATA_KEY, JSON.stringify(embeddedSummary(summary)));
  return out;
}
