/**
 * Every option, declared once (in the spirit of imbalanced-learn's `_parameter_constraints`): its
 * API key, CLI flag, parser and range, default, help text and the entry points that take it. The
 * CLI builds its flags and `--help` from this table, the API validates with it (resolve.ts), and
 * the README's option tables are generated from it (test/integration/readme-options.test.ts keeps
 * them equal).
 */
import { availableParallelism } from 'node:os';
import type { Table } from 'apache-arrow';
import { BACKEND_NAMES } from '../backend/names.js';
import { MAX_THREADS, THREADS_ENV, defaultThreads } from '../backend/threads.js';
import type { Dataset, SyntheticJudge } from '../contracts.js';
import type { ProgressSink } from '../progress.js';
import type { Rng } from '../random.js';
import * as P from './parse.js';

/**
 * The entry points that resolve options. `augment-stream` and `sample-shards` are the streaming
 * augment and sharded sampling: the CLI's `augment` and `sample` take their flags too.
 */
export type Scope = 'augment' | 'augment-stream' | 'fit' | 'sample' | 'sample-shards' | 'evaluate' | 'demo' | 'worker';

export const DEFAULT_MODEL = 'ctgan';
export const DEFAULT_PROVENANCE_COLUMN = 'is_synthetic';
export const TRAIN_ON = ['all', 'minority'] as const;
export type TrainOn = (typeof TRAIN_ON)[number];
import { FILTER_RULES } from '../contracts.js';
export { FILTER_RULES, type FilterRule, type FilterRules } from '../contracts.js';
export const OUTPUT_LAYOUTS = ['file', 'dataset'] as const;
export type OutputLayout = (typeof OUTPUT_LAYOUTS)[number];
/** The shares of the deficit `--amount auto` chooses among. */
export const AMOUNT_CANDIDATES = [0.25, 0.5, 1] as const;

/** Cap on training rows kept per class by the streaming augment (see docs/scale.md). */
export const DEFAULT_TRAINING_ROWS_PER_CLASS = 100_000;
/** Rows per sampling block: large enough that per-call overhead is small, small enough for flat memory. */
export const DEFAULT_BLOCK_ROWS = 65_536;
export const DEFAULT_METHODS = ['none', 'balanced', 'threshold', 'random', 'smote', 'ctgan'] as const;
export const DEFAULT_CLASSIFIERS = ['logistic', 'mlp', 'forest'] as const;
/** Sets the default of --workers (sample --shards, evaluate). */
export const WORKERS_ENV = 'GAN_AUGMENT_WORKERS';
/**
 * The demo's ctgan epochs: few enough to finish in well under a minute on the default WebAssembly
 * backend (ctgan trains on the 137 minority rows by default: one step per epoch), half of ctgan's 300.
 */
export const DEMO_EPOCHS = 150;

/** Limits on requests no real run makes: refused up front instead of running for days. */
export const LIMITS = { epochs: 100_000, batchSize: 1_000_000, folds: 100, repeats: 100, shards: 1_000_000, workers: 1024, blockRows: 16_777_216, rowsPerClass: 100_000_000 } as const;

export interface CliFlag {
  /** Long name without dashes: 'batch-size'. */
  readonly name: string;
  /** Placeholder in help: 'FILE', 'N', 'a,b'; absent: a boolean flag that takes no value. */
  readonly value?: string;
  /** May be given more than once (joined with commas, the text form the parser reads). */
  readonly multiple?: boolean;
  /** Help for this spelling when it differs from the option's. */
  readonly help?: string;
}

export interface OptionSpec<T, S extends readonly Scope[] = readonly Scope[]> {
  readonly scopes: S;
  readonly parse: P.Parser<T>;
  /** CLI spellings (the first is the main one); none: API only (functions, signals, in-memory data). */
  readonly flags: readonly CliFlag[];
  /** One line for --help. Per scope where the meaning differs. */
  readonly help: string | ({ readonly all: string } & Partial<Record<Scope, string>>);
  /** The default as shown in help and the README (the parser owns the real one). */
  readonly default?: string | ({ readonly all: string } & Partial<Record<Scope, string>>);
  /** The README's longer text, when one line of help is not enough. */
  readonly doc?: string;
  /** The spelling errors name, when not the first flag (the one that takes every form). */
  readonly named?: string;
  /** A flag the CLI handles itself (not an API option). */
  readonly cliOnly?: boolean;
}

const option = <const O extends OptionSpec<unknown>>(spec: O): O => spec;

/** An option's help or default text as one of `scopes` shows it (the first scope with its own text wins). */
export function textFor(text: OptionSpec<unknown>['help'] | undefined, scopes: readonly Scope[]): string | undefined {
  return text === undefined || typeof text === 'string' ? text : (scopes.map((s) => text[s]).find((t) => t !== undefined) ?? text.all);
}
const flag = (name: string, value?: string, extra: Omit<CliFlag, 'name' | 'value'> = {}): CliFlag => ({ name, ...(value !== undefined ? { value } : {}), ...extra });

const READING = ['augment', 'augment-stream', 'fit', 'evaluate'] as const;
const AUGMENTING = ['augment', 'augment-stream', 'evaluate'] as const;
const WRITING = ['augment', 'augment-stream', 'sample', 'sample-shards'] as const;
const ALL = ['augment', 'augment-stream', 'fit', 'sample', 'sample-shards', 'evaluate', 'demo'] as const;

export const OPTIONS = {
  input: option({
    scopes: READING,
    parse: (v, f): string | Table | Dataset => {
      if (v === undefined || v === null || v === '') throw P.usage(`${f} is required: a CSV, Parquet or Arrow file (or an Arrow Table in the API).`);
      if (typeof v === 'string') return v;
      if (typeof v === 'object' && (('schema' in v && 'numRows' in v) || ('features' in v && 'labels' in v))) return v as Table | Dataset;
      throw P.usage(`${f} must be a file path or an Arrow Table.`);
    },
    flags: [flag('input', 'FILE')],
    help: {
      all: "CSV, Parquet or Arrow IPC/Feather file (format told by its bytes); '-' reads an Arrow IPC stream from stdin. Required.",
      evaluate: 'Dataset to evaluate: CSV, Parquet or Arrow IPC. Required.',
    },
    doc: 'A CSV, Parquet or Arrow IPC/Feather file (the format is read from the file\'s bytes, not its name), or a folder of Parquet parts, optionally Hive-partitioned ([docs/scale.md](docs/scale.md)). `-` reads an Arrow IPC stream from stdin. A file or folder input written to a file output is streamed, so memory does not grow with the input.',
  }),
  delimiter: option({
    scopes: READING,
    parse: P.delimiter,
    flags: [flag('delimiter', 'CHAR')],
    help: "CSV field separator: one character such as ';' or '|', or 'tab'.",
    default: ',',
    doc: 'The CSV field separator: one character such as `;` or `|`, or `tab`. Ignored for Parquet and Arrow inputs.',
  }),
  naValues: option({
    scopes: READING,
    parse: P.naValues,
    flags: [flag('na-values', 'a,b', { multiple: true })],
    help: "More CSV strings read as missing values, e.g. --na-values=-999,missing (pandas' na_values).",
    default: 'none',
    doc: "More CSV strings read as missing values, as pandas' `na_values` (write `--na-values=-999` for a value starting with `-`). By default the strings pandas reads as missing are: an empty field, `NA`, `N/A`, `n/a`, `nan`, `NaN`, `NULL`, `null`, `None`, `#N/A`, `<NA>` and the rest of pandas' list ([docs/io.md](docs/io.md#csv)). Original rows are written back byte for byte either way.",
  }),
  keepDefaultNa: option({
    scopes: READING,
    parse: P.boolDefaultTrue,
    flags: [flag('keep-default-na', 'true|false')],
    help: "Also read pandas' default strings ('', NA, N/A, nan, NaN, NULL, null, #N/A, None, ...) as missing (pandas' keep_default_na).",
    default: 'true',
    doc: "`false` drops pandas' default missing-value strings (pandas' `keep_default_na=False`): then only `--na-values` are missing, and an empty field is an empty string unless `--na-values` lists it.",
  }),
  output: option({
    scopes: WRITING,
    parse: P.text,
    flags: [flag('output', 'FILE')],
    help: {
      all: "File to write (atomically), format from --format or the extension; '-' writes to stdout. Required.",
      sample: "File to write (atomically), format from --format or the extension; '-' writes to stdout. Required unless --grid is given.",
      'sample-shards': 'With --shards: the folder the shard files are written into.',
    },
    doc: 'The file to write, atomically (a temporary file in the same folder, then rename). The input is never overwritten. `-` writes to stdout.',
  }),
  format: option({
    scopes: WRITING,
    parse: P.format,
    flags: [flag('format', P.OUTPUT_FORMATS.join('|'))],
    help: "Output format ('arrow': Arrow IPC file, aka Feather v2; 'arrow-stream': Arrow IPC stream).",
    default: "from --output's extension; an Arrow IPC stream for '-'",
    doc: 'The output format, from the output\'s extension (`.parquet`/`.pq`, `.arrow`/`.feather`/`.ipc`, `.arrows`, `.csv`) when not given. `arrow` is the Arrow IPC file format (Feather v2), `arrow-stream` the Arrow IPC stream format.',
  }),
  label: option({
    scopes: READING,
    // Required, except for an encoded Dataset given to evaluate (resolve.ts checks).
    parse: P.text,
    flags: [flag('label', 'COLUMN')],
    help: 'The class column. Required.',
  }),
  minority: option({
    scopes: AUGMENTING,
    parse: P.list,
    flags: [flag('minority', 'a,b')],
    help: 'Only these classes get synthetic rows.',
    default: 'chosen by --strategy',
  }),
  strategy: option({
    scopes: AUGMENTING,
    parse: P.strategy,
    flags: [flag('strategy', 'S')],
    help: {
      all: 'Rows per class after augmenting: auto|not-majority|not-minority|minority|all, a ratio like 0.5, or totals like yes=500.',
      evaluate: 'How many rows each class should end with in each training fold (as for augment).',
    },
    default: 'auto',
    doc: "The number of rows each class should have afterwards, in imbalanced-learn's terms: `auto` / `not-majority` (every class except the largest grows to the largest's size), `not-minority`, `minority` (only the smallest class), `all`, a ratio such as `0.5` (each smaller class grows to that fraction of the largest), or totals such as `yes=500,maybe=200`. Rows are only ever added.",
  }),
  model: option({
    scopes: ['augment', 'augment-stream', 'fit', 'demo'],
    parse: P.textOr(DEFAULT_MODEL),
    flags: [flag('model', 'NAME')],
    help: { all: "Synthesizer: ctgan, dcgan (image columns), smote, borderline-smote, adasyn, smoten, smote-enn, smote-tomek, random, a registered plugin, or 'auto' (chosen by cross-validation against the baselines).", fit: "Synthesizer: ctgan, dcgan (image columns), smote, the imbalanced-learn variants, random, a registered plugin, or 'auto': chosen as augment --model auto does and recorded in the model folder; when no candidate beats the baselines nothing is saved and the exit code is 10.", demo: 'Synthesizer to demonstrate: ctgan, smote, random, or a registered plugin.' },
    default: DEFAULT_MODEL,
    doc: 'The synthesizer: `ctgan`, `dcgan` (image columns, see [docs/images.md](docs/images.md)), `smote`, the imbalanced-learn variants `borderline-smote`, `adasyn`, `smoten` (all-categorical data), `smote-enn` and `smote-tomek` (their cleaning drops synthetic rows only, see [docs/plugins.md](docs/plugins.md)), `random`, the name of a registered plugin, or `auto`: cross-validate the `--auto-candidates` against no augmentation, class weights and a tuned threshold (5 folds x 2 repeats, with the `--auto-classifiers`, by default those of evaluate) and use the one that significantly beats the best of them; when none does, the input is written unchanged (provenance all false), or with `--require-improvement` nothing is written and the exit code is 10. The choice and its evidence go into the summary (`options.auto`).',
  }),
  modelParams: option({
    scopes: ['augment', 'augment-stream', 'fit'],
    parse: P.modelParams,
    named: 'model-params',
    flags: [
      flag('model-param', 'KEY=VALUE', { multiple: true, help: 'A synthesizer parameter, e.g. --model-param k_neighbors=5 (smote) or --model-param pac=10 (ctgan); gan-augment models lists them.' }),
      flag('model-params', 'K=V,K2=V2', { multiple: true, help: 'Several synthesizer parameters at once: K=V,K2=V2 or a JSON object (both combine with --model-param).' }),
    ],
    help: 'Synthesizer parameters.',
    doc: 'A synthesizer parameter (`--model-param KEY=VALUE`, repeatable; for example `k_neighbors=5` for smote, `pac=10` or `generator_lr=0.0002` for ctgan), or several at once (`--model-params K=V,K2=V2`, or a JSON object such as `\'{"generator_dim":[128,128]}\'`; both combine with `--model-param`). Names are snake_case as in SDV and imbalanced-learn (the API\'s camelCase works too); `gan-augment models` lists every model\'s, and [docs/plugins.md](docs/plugins.md) has them in tables. With `--model auto`, prefix each with the candidate it is for (`--model-param ctgan.pac=10`): each candidate is cross-validated with its own, and the run uses the chosen one\'s.',
  }),
  epochs: option({
    scopes: ['augment', 'augment-stream', 'fit', 'evaluate', 'demo'],
    parse: P.integer(1, LIMITS.epochs, undefined, 'no fit needs that many passes'),
    flags: [flag('epochs', 'N')],
    help: { all: 'Training epochs (GAN models).', evaluate: 'Synthesizer training epochs (GAN models).', demo: 'Training epochs (ctgan).' },
    default: { all: "the model's own", demo: String(DEMO_EPOCHS) },
    doc: "Training epochs. The model's own default when absent (ctgan: 300, or more so that a fit makes at least 600 optimizer steps — 600 epochs below 1000 training rows; dcgan: 10).",
  }),
  batchSize: option({
    scopes: ['augment', 'augment-stream', 'fit'],
    parse: P.integer(1, LIMITS.batchSize, undefined),
    flags: [flag('batch-size', 'N')],
    help: 'Rows per training step (GAN models).',
    default: "the model's own, adapted to small classes",
  }),
  seed: option({
    scopes: ALL,
    parse: P.seed,
    flags: [flag('seed', 'N')],
    help: { all: 'Seed for every random choice: same seed, same input, same output.', evaluate: 'Seed for every random choice: same seed, same report.' },
    default: String(P.DEFAULT_SEED),
    doc: `The seed for every random choice, an integer from 0 to ${P.MAX_SEED} (the same rule and default for every command). The same seed and input give the same output.`,
  }),
  backend: option({
    scopes: ALL,
    parse: P.backend,
    flags: [flag('backend', 'NAME')],
    help: `TensorFlow.js backend: ${BACKEND_NAMES.join('|')}; without it, GAN_AUGMENT_BACKEND decides.`,
    default: 'auto',
    doc: 'The TensorFlow.js backend: `auto`, `tensorflow-gpu`, `tensorflow`, `wasm` or `cpu`; without this option the `GAN_AUGMENT_BACKEND` environment variable decides (see [docs/backend.md](docs/backend.md)).',
  }),
  threads: option({
    scopes: ['augment', 'augment-stream', 'fit', 'evaluate', 'worker'],
    parse: (v, f) => P.integer(1, MAX_THREADS, undefined)(v, f) ?? defaultThreads(),
    flags: [flag('threads', 'N')],
    help: {
      all: `Threads training computes with on the WebAssembly backend; without it, ${THREADS_ENV}, else every core.`,
      evaluate: `Threads for training, shared out among --workers processes (each gets max(1, floor(N / workers))); without it, ${THREADS_ENV}, else every core.`,
      worker: `Threads each job trains with on the WebAssembly backend; without it, ${THREADS_ENV}, else every core.`,
    },
    default: `${THREADS_ENV}, else the number of cores`,
    doc: `Threads the WebAssembly backend trains with (the threaded build, at most 8: matrix products split over gan-augment's worker threads, convolutions over XNNPACK's pool; [docs/backend.md](docs/backend.md#threads)). Without this option the \`${THREADS_ENV}\` environment variable decides, else the cores available (\`os.availableParallelism()\`; set the variable to a container's CPU quota). \`1\` is the single-thread build. A given seed gives the same output whatever the thread count. \`evaluate --workers W\` gives each worker process max(1, floor(N / W)) threads. Recorded in the run summary (\`training.threads\`). Native TensorFlow backends use their own thread pool; cpu has one thread.`,
  }),
  categorical: option({
    scopes: READING,
    parse: P.list,
    flags: [flag('categorical', 'a,b')],
    help: 'Treat these columns as categorical even if they hold numbers.',
  }),
  numeric: option({
    scopes: READING,
    parse: P.list,
    flags: [flag('numeric', 'a,b')],
    help: 'Treat these columns as numeric (e.g. numbers stored as text).',
  }),
  ignore: option({
    scopes: READING,
    parse: P.list,
    flags: [flag('ignore', 'a,b')],
    help: { all: 'Leave these columns out of the model (IDs, free text); synthetic rows get null there.', evaluate: 'Leave these columns out.' },
  }),
  imageShape: option({
    scopes: ['augment', 'augment-stream', 'fit'],
    parse: P.imageShape,
    flags: [flag('image-shape', 'HxWxC')],
    help: 'Shape of image columns stored as fixed-size lists, e.g. 28x28x1.',
    default: 'from the file metadata, else square',
  }),
  provenanceColumn: option({
    scopes: WRITING,
    parse: P.textOr(DEFAULT_PROVENANCE_COLUMN),
    flags: [flag('provenance-column', 'NAME')],
    help: 'Name of the boolean column marking synthetic rows.',
    default: DEFAULT_PROVENANCE_COLUMN,
  }),
  keepCopies: option({
    scopes: ['augment', 'augment-stream'],
    parse: P.bool,
    flags: [flag('keep-copies')],
    help: 'Keep synthetic rows that exactly copy a training row (by default they are dropped and redrawn).',
    default: 'off',
  }),
  privacyDistance: option({
    scopes: ['augment', 'augment-stream'],
    parse: P.privacyDistance,
    flags: [flag('privacy-distance', 'D|qP')],
    help: 'Drop (and redraw) synthetic rows this close to a training row: a Gower distance like 0.02, or q0.05 = the 5% quantile of real-to-real nearest-neighbour distances.',
    default: 'off',
    doc: 'Also drops (and redraws) synthetic rows whose Gower distance to the closest training row is at or below a threshold. The threshold is an absolute distance such as `0.02`, or `q0.05`: the 5% quantile of the real rows\' distances to their nearest real neighbour. See [docs/privacy.md](docs/privacy.md).',
  }),
  filter: option({
    scopes: AUGMENTING,
    parse: P.filterRules(FILTER_RULES),
    flags: [flag('filter', 'none|purity,distance,critic')],
    help: "Post-generation filters for any synthesizer, combinable: draw 3x the rows needed, drop rows whose 5 nearest training rows are mostly another class (purity) or that sit nearer a training row than 95% of real rows sit to theirs (distance), keep the best by the model's critic (critic, ctgan) or purity. Absent: the model's own default rules; none: no rule.",
    default: "the model's (ctgan: purity; others: none)",
    doc: "Post-generation filters for any synthesizer, combinable (`purity,distance`). The generate step draws 3 times the rows needed, then `distance` drops near-copies (distance to the closest training row at or below the 5% quantile of real-to-real nearest distances, as `--privacy-distance q0.05` measures it), `purity` drops rows whose 5 nearest training rows (Gower distance) are mostly of another class, and the rows kept are the best by `critic` (the model's own critic score; ctgan, or any synthesizer with `score()`), else by purity, else the first drawn. Without `--filter` a model's own default rules run (a plugin's `defaultFilter`; the summary's `options.filter` says whose they were), and `--filter none` turns them off; a default is skipped, with a warning, when its nearest-neighbour search would compare more than 5e8 (row, training row) pairs (e.g. beyond ~20,000 training rows). The summary (and evaluate's report) counts what each rule dropped. When the rules keep dropping a class's candidates (5 draws), the output keeps only the rows that passed and the summary says how many fewer each class got. In `evaluate`, a method `NAME+RULE` (for example `ctgan+purity`, `smote+purity+distance`) runs NAME with those rules. See [docs/ctgan.md](docs/ctgan.md).",
  }),
  amount: option({
    scopes: AUGMENTING,
    parse: P.amount(AMOUNT_CANDIDATES),
    flags: [flag('amount', 'auto|F')],
    help: "Share of the strategy's rows to add per class: a number in (0, 1], or auto: the best of 0.25, 0.5 and 1 by a logistic regression's minority F1 on a 2-fold split of the training rows.",
    default: '1',
    doc: "Share of the rows the strategy asks for that are added, per class: a number in (0, 1] (rounded up), or `auto`: the synthesizer is fitted on each half of a stratified 2-fold split of the training rows, a logistic regression is trained on that half plus 0.25, 0.5 or 1 times its synthetic rows and scored (minority F1) on the other half; the best share is used for the real fit. Never the loss, and in `evaluate` only the training fold. The summary records the scores. See [docs/ctgan.md](docs/ctgan.md).",
  }),
  amountChooser: option({
    scopes: ['augment', 'augment-stream', 'evaluate'],
    parse: P.callback<AmountChooser>('amountChooser'),
    flags: [],
    help: 'How --amount auto chooses (the package entry supplies the evaluator\'s validation split; a test seam).',
  }),
  judge: option({
    scopes: ['augment', 'augment-stream', 'fit'],
    parse: P.callback<SyntheticJudge>('judge'),
    flags: [],
    help: "The downstream score a plugin chooses with on data (ctgan's snapshot 'auto'); the package entry supplies the evaluator's, a test seam.",
  }),
  autoCandidates: option({
    scopes: ['augment', 'augment-stream', 'fit', 'evaluate'],
    parse: (v, f) => nonEmptyList(v, f, ['smote', 'random', 'ctgan'], 'give at least one synthesizer'),
    flags: [flag('auto-candidates', 'a,b')],
    help: 'The synthesizers --model auto (and the evaluate method auto) choose among, against no augmentation, class weights and a tuned threshold.',
    default: 'smote,random,ctgan',
  }),
  autoClassifiers: option({
    scopes: ['augment', 'augment-stream', 'fit'],
    parse: (v, f) => nonEmptyList(v, f, DEFAULT_CLASSIFIERS, 'give at least one classifier'),
    flags: [flag('auto-classifiers', 'a,b')],
    help: 'The classifiers --model auto cross-validates the candidates with: list the ones your pipeline trains, so the choice is made for them.',
    default: DEFAULT_CLASSIFIERS.join(','),
  }),
  autoChoice: option({
    scopes: ['augment', 'augment-stream', 'fit'],
    parse: (v, f): AutoChoice | undefined => {
      if (v === undefined || v === null) return undefined;
      const c = v as Partial<AutoChoice>;
      if (typeof v !== 'object' || !Array.isArray(c.candidates) || typeof c.statement !== 'string' || !(c.chosen === null || typeof c.chosen === 'string') || !Array.isArray(c.ranking)) {
        throw P.usage(`${f} must be the record chooseModel() returns as autoChoiceRecord().`);
      }
      return v as AutoChoice;
    },
    flags: [],
    help: 'What --model auto chose and why (set by the entry point after the choice): recorded in the run summary.',
  }),
  summaryPath: option({
    scopes: ['augment', 'augment-stream', 'fit', 'sample', 'sample-shards'],
    // '-' is the CLI's stdout (src/cli/summary-stdout.ts takes it out first), never a file named '-'.
    parse: (v, f) => {
      const path = P.text(v, f);
      if (path === '-') throw P.usage(`${f} -: standard output is the command line's; the API returns the summary (result.summary).`, 'Give a file path, or leave it out.');
      return path;
    },
    flags: [flag('summary', 'FILE')],
    help: "Also write the run summary (counts, model, backend, timings) as JSON here; '-' prints it on stdout (not with --output -).",
    doc: 'Also writes the run summary (classes before/after, model, backend, timings, warnings) as JSON. The output file\'s metadata holds it too, under the key `gan_augment`, less what depends on the run\'s timing or machine (times, rates, threads, paths but their last name), so the same seed gives the same file bytes ([docs/io.md](docs/io.md#the-run-summary-in-the-file-the-same-seed-the-same-bytes)). It is written with the output file: both appear, or neither (a disk that fills while writing the summary leaves no output either). `-` prints it on stdout once the output is in place, so the data must go to a file (`--output -` with `--summary -` is a usage error); with `--dry-run`, `-` prints the plan as JSON.',
  }),
  trainOn: option({
    scopes: ['augment', 'augment-stream', 'fit'],
    parse: P.oneOf<TrainOn, undefined>(TRAIN_ON, undefined),
    flags: [flag('train-on', TRAIN_ON.join('|'))],
    help: 'Fit on every class (conditioned on the label), or only on the classes other than the largest (ctgan also takes --model-param trainOn=pretrain: every class, then fine-tune on the classes to augment).',
    default: "the model's own (ctgan: minority)",
  }),
  checkpointDir: option({
    scopes: ['augment', 'augment-stream', 'fit'],
    parse: P.text,
    flags: [flag('checkpoint-dir', 'DIR')],
    help: 'Folder for training checkpoints: ctgan saves its full state there every few epochs and resumes an interrupted run with the same data, parameters and seed.',
    doc: 'A folder for training checkpoints. `ctgan` saves its full training state there every 10 epochs (`checkpointEvery`), at the end, and when you press Ctrl-C. It resumes an interrupted run with the same data, parameters and seed exactly where it stopped ([docs/errors.md](docs/errors.md)).',
  }),
  dryRun: option({
    scopes: ['augment', 'fit', 'evaluate'],
    parse: P.bool,
    flags: [flag('dry-run')],
    help: 'Print the plan (classes before and after, model and parameters, training rows, outputs, a rough time) and exit without training or writing; reads the input once to count the classes.',
    default: 'off',
    doc: "Prints the plan and exits 0 without training or writing anything: the rows per class before and after, the model and the parameters given, epochs, the training rows, the strategy, the outputs that would be written and a rough time (training rows x epochs at a training speed measured on the bench machine; GANs only). evaluate's plan counts folds x repeats x methods x classifiers, the job units and the workers. The input is read once, as a run's first pass reads it (a CSV twice), and the run's checks are made (model name and parameters, class sizes, output paths). The plan goes to stdout; with `--summary -` (evaluate: `--json -`) stdout gets it as JSON.",
    cliOnly: true,
  }),
  requireImprovement: option({
    scopes: ['augment'],
    parse: P.text,
    flags: [flag('require-improvement', 'METRIC')],
    help: 'First cross-validate the model against no augmentation; exit 10 without writing unless METRIC (e.g. minority_f1) improves significantly.',
    doc: 'Cross-validates the model against no augmentation first, as `evaluate` does (5 folds × 3 repeats, classifiers logistic, mlp and forest). Unless METRIC (for example `minority_f1` or `minority_pr_auc`) improves significantly, it exits with code 10 and writes nothing.',
    cliOnly: true,
  }),
  outputLayout: option({
    scopes: ['augment-stream'],
    parse: P.oneOf<OutputLayout, OutputLayout>(OUTPUT_LAYOUTS, 'file'),
    flags: [flag('output-layout', 'file|dataset')],
    help: "'file': one merged file. 'dataset': a folder where --output/is_synthetic=true/ holds only the synthetic rows as Parquet parts and is_synthetic=false/ links the input's parts (Parquet inputs).",
    default: 'file',
    doc: '`file` writes one merged file. `dataset` writes a folder: `--output/is_synthetic=true/` holds only the synthetic rows as Parquet parts, and `is_synthetic=false/` links the input\'s parts (Parquet inputs).',
  }),
  trainingRowsPerClass: option({
    scopes: ['augment-stream'],
    parse: P.integer(1, LIMITS.rowsPerClass, DEFAULT_TRAINING_ROWS_PER_CLASS),
    flags: [flag('training-rows-per-class', 'N')],
    help: 'Learn from at most N rows per class (a seeded reservoir sample above it), so memory stays bounded on big inputs.',
    default: String(DEFAULT_TRAINING_ROWS_PER_CLASS),
  }),
  modelDir: option({
    scopes: ['fit', 'sample', 'sample-shards'],
    parse: P.required(),
    flags: [flag('model-dir', 'DIR')],
    help: { all: 'Folder of a model saved by `gan-augment fit`. Required.', fit: 'Folder to save the fitted model in (JSON + binary weights). Required.' },
    doc: 'The model folder: `fit` saves `manifest.json`, `config.json`, `weights.bin` there, with checksums; `sample` reads a folder `fit` wrote. Required.',
  }),
  counts: option({
    scopes: ['sample', 'sample-shards'],
    parse: P.counts,
    named: 'counts',
    flags: [flag('count', 'CLASS=N,...'), flag('counts', 'CLASS=N,...', { help: 'Same as --count.' })],
    help: 'Rows to generate per class, e.g. yes=500,maybe=200. Required.',
    doc: 'The rows to generate per class, for example `yes=500,maybe=200`. `--counts` works too. Required.',
  }),
  gridPath: option({
    scopes: ['sample'],
    parse: P.text,
    flags: [flag('grid', 'FILE')],
    help: 'Also write a PNG contact sheet of the generated images (one row per class) here; image models (dcgan) only.',
    doc: 'Also writes a PNG contact sheet of the generated images, one row per class (image models such as `dcgan` only). With `--grid` alone, `--output` may be left out.',
  }),
  shards: option({
    scopes: ['sample-shards'],
    parse: P.integer(1, LIMITS.shards, 1),
    flags: [flag('shards', 'N')],
    help: 'Cut the job into N shards; the union of the shards is the same rows for any N.',
    default: '1',
  }),
  shard: option({
    scopes: ['sample-shards'],
    parse: (v, f): string | number | readonly number[] | undefined => {
      if (v === undefined || v === null || v === '') return undefined;
      if (typeof v === 'string' || typeof v === 'number' || (Array.isArray(v) && v.every((x) => typeof x === 'number'))) return v as string | number | readonly number[];
      throw P.usage(`${f} must be a shard number or a comma-separated list of them, such as 3 or 1,3.`);
    },
    flags: [flag('shard', 'I[,I...]')],
    help: 'Write only shard I (0-based) of --shards, or a comma-separated list of shards in turn, e.g. on one machine of many.',
    default: 'every shard',
    doc: 'Writes only shard I (0-based) of `--shards`, for example on one machine of many; a list is written in turn by one process, which loads the model once.',
  }),
  // the shard from an array job's environment (src/shard/engine-index.ts validates the name).
  shardFrom: option({
    scopes: ['sample-shards'],
    parse: P.text,
    flags: [flag('shard-from', 'auto|k8s|aws-batch|slurm')],
    help: "Write the one shard an array job's task names in its environment: JOB_COMPLETION_INDEX (k8s), AWS_BATCH_JOB_ARRAY_INDEX (AWS Batch), SLURM_ARRAY_TASK_ID (Slurm, which also gives --shards); auto: whichever is set.",
    doc: "Writes the one shard an array job's task names in its environment (`JOB_COMPLETION_INDEX`, `AWS_BATCH_JOB_ARRAY_INDEX`, `SLURM_ARRAY_TASK_ID`; Slurm also gives `--shards`), so every task runs the same command ([docs/scale.md](docs/scale.md)).",
  }),
  // the completion step; the CLI runs it instead of sampling (the API's completeShards).
  complete: option({
    scopes: ['sample-shards'],
    parse: P.bool,
    flags: [flag('complete')],
    help: 'Run after every shard: check that all --shards parts exist and are complete, remove temporary parts of killed attempts, and write _SUCCESS.',
    default: 'off',
    cliOnly: true,
  }),
  // h15: the queue (sample --redis, evaluate --redis, gan-augment worker) and the local workers
  // (sample --workers, evaluate --workers); docs/scale.md.
  redis: option({
    scopes: ['sample-shards', 'evaluate', 'worker'],
    parse: P.text,
    flags: [flag('redis', 'URL')],
    help: {
      all: 'Send the shards as jobs to the BullMQ queue in this Redis (redis://host:6379) and wait: `gan-augment worker` processes write them, then one completes the job.',
      evaluate: "Send the run's job units to the BullMQ queue in this Redis (redis://host:6379) and wait: `gan-augment worker` processes run them, reading --input at the same path (its content hash is checked).",
      worker: 'The Redis that holds the queue: redis://[:password@]host[:port][/db], rediss:// for TLS. Required.',
    },
    cliOnly: true,
  }),
  queue: option({
    scopes: ['sample-shards', 'evaluate', 'worker'],
    parse: P.textOr('gan-augment'),
    flags: [flag('queue', 'NAME')],
    help: { all: 'The queue name, the same for the submitter (--redis) and its workers.', worker: "The queue to take jobs from (the submitters' --queue)." },
    default: 'gan-augment',
    cliOnly: true,
  }),
  attempts: option({
    scopes: ['sample-shards', 'evaluate'],
    parse: P.integer(1, 100, 3),
    flags: [flag('attempts', 'N')],
    help: { all: 'Tries per queued shard (a worker killed mid-shard counts as one).', evaluate: 'Tries per queued job unit (a worker killed mid-unit counts as one).' },
    default: '3',
    cliOnly: true,
  }),
  workers: option({
    scopes: ['sample-shards', 'evaluate'],
    // Absent: defaultWorkers() at the entry point (GAN_AUGMENT_WORKERS, else the cores).
    parse: P.integer(1, LIMITS.workers, undefined),
    flags: [flag('workers', 'N')],
    help: {
      all: 'Processes sharing the shards when writing every shard: this one and N-1 child processes, each taking the next shard when ready.',
      evaluate: 'Worker processes running the job units (a split and its methods) at once, each taking the next unit when ready; 1 runs every unit in this process. The report is the same for any N.',
    },
    default: `${WORKERS_ENV}, else the number of cores`,
    doc: 'The number of processes writing shards at once when every shard is written: this one plus N-1 children, each started once and handed shards from one queue ([docs/scale.md](docs/scale.md)).',
  }),
  concurrency: option({
    scopes: ['worker'],
    parse: P.integer(1, LIMITS.workers, 1),
    flags: [flag('concurrency', 'N')],
    help: 'Jobs at once in this process; run one worker per core rather than raising it.',
    default: '1',
  }),
  lockMs: option({
    scopes: ['worker'],
    parse: P.integer(500, 3_600_000, 30_000),
    flags: [flag('lock-ms', 'MS')],
    help: 'How long a job stays locked without this worker renewing it: after that (e.g. the worker was SIGKILLed) another worker takes it over.',
    default: '30000',
  }),
  blockRows: option({
    scopes: ['sample-shards'],
    parse: P.integer(1, LIMITS.blockRows, DEFAULT_BLOCK_ROWS),
    flags: [flag('block-rows', 'N')],
    help: 'Rows per seeded block (the unit shards are made of); must be the same on every machine.',
    default: String(DEFAULT_BLOCK_ROWS),
  }),
  folds: option({
    scopes: ['evaluate'],
    parse: P.integer(2, LIMITS.folds, 5),
    flags: [flag('folds', 'K')],
    help: 'Stratified folds.',
    default: '5',
  }),
  repeats: option({
    scopes: ['evaluate'],
    parse: P.integer(1, LIMITS.repeats, 3),
    flags: [flag('repeats', 'N')],
    help: 'Repeats of the k-fold with different shuffles.',
    default: '3',
  }),
  methods: option({
    scopes: ['evaluate'],
    parse: (v, f) => nonEmptyList(v, f, DEFAULT_METHODS, 'give at least one method'),
    flags: [flag('methods', 'a,b')],
    help: "Methods to compare: none, balanced (class weights), threshold (a tuned decision threshold), or any synthesizer (random, smote, ctgan, ...). 'none' is always included.",
    default: DEFAULT_METHODS.join(','),
  }),
  classifiers: option({
    scopes: ['evaluate'],
    parse: (v, f) => nonEmptyList(v, f, DEFAULT_CLASSIFIERS, 'give at least one classifier'),
    flags: [flag('classifiers', 'a,b')],
    help: 'Classifiers trained on each fold.',
    default: DEFAULT_CLASSIFIERS.join(','),
  }),
  metric: option({
    scopes: ['evaluate'],
    parse: P.textOr('minority_f1'),
    flags: [flag('metric', 'NAME')],
    help: 'Metric the verdict is about: minority_f1, minority_pr_auc, balanced_accuracy, macro_f1, ...',
    default: 'minority_f1',
  }),
  alpha: option({
    scopes: ['evaluate'],
    parse: P.fraction(0.05),
    flags: [flag('alpha', 'P')],
    help: 'Significance level of the verdict.',
    default: '0.05',
  }),
  tuneThreshold: option({
    scopes: ['evaluate'],
    parse: P.bool,
    flags: [flag('tune-threshold')],
    help: 'Decide every method but none at a minority threshold tuned by cross-validation on its training fold.',
    default: 'off',
  }),
  synthesizerParams: option({ scopes: ['evaluate'], parse: P.paramsByName, flags: [], help: 'Per-synthesizer parameters, e.g. { smote: { k_neighbors: 3 } }.' }),
  classifierParams: option({ scopes: ['evaluate'], parse: P.paramsByName, flags: [], help: 'Per-classifier parameters.' }),
  name: option({ scopes: ['evaluate'], parse: P.text, flags: [], help: 'Name shown in reports (default: the file name).' }),
  json: option({
    scopes: ['evaluate'],
    parse: P.text,
    flags: [flag('json', 'FILE')],
    help: "Also write the full report as JSON here (atomically); '-' prints it on stdout instead of the text table (which then goes to stderr).",
    doc: "Also writes the full report as JSON, atomically. `-` prints the JSON on stdout instead of the text table, which then goes to stderr (with `--dry-run`: the plan as JSON).",
    cliOnly: true,
  }),
  report: option({ scopes: ['evaluate'], parse: P.text, flags: [flag('report', 'FILE')], help: 'Also write a self-contained HTML report here (charts inline, no network).', cliOnly: true }),
  outputDir: option({
    scopes: ['demo'],
    parse: P.textOr('gan-augment-demo'),
    flags: [flag('output-dir', 'DIR')],
    help: 'Folder for the demo output (created if missing).',
    default: './gan-augment-demo',
    cliOnly: true,
  }),
  progress: option({ scopes: ALL, parse: P.callback<ProgressSink>('progress'), flags: [], help: 'Receives progress events.' }),
  quiet: option({
    scopes: [...ALL, 'worker'],
    parse: P.bool,
    flags: [flag('quiet')],
    help: 'Print nothing on stderr except errors (no progress, no summary).',
    default: 'false',
  }),
  signal: option({ scopes: ['augment', 'augment-stream', 'fit', 'evaluate'], parse: P.signal, flags: [], help: 'Stops training at the next step.' }),
} as const;

export type OptionKey = keyof typeof OPTIONS;

/**
 * The worker processes when `--workers` is not given: GAN_AUGMENT_WORKERS (a pipeline's CPU quota,
 * which `os.availableParallelism()` does not see), else the cores available.
 * @example defaultWorkers({ GAN_AUGMENT_WORKERS: '2' }) // 2
 */
export function defaultWorkers(env: NodeJS.ProcessEnv = process.env): number {
  return P.integer(1, LIMITS.workers, undefined)(env[WORKERS_ENV], WORKERS_ENV) ?? availableParallelism();
}

/** `--amount auto`'s evidence: the validation score of each share, and the share used. */
export interface AmountChoice {
  readonly fraction: number;
  readonly metric: string;
  readonly scores: readonly { readonly fraction: number; readonly score: number }[];
}

/**
 * Chooses `--amount auto` on `training` alone: `synthesize(rows, rng)` fits the run's synthesizer on
 * some of those rows and returns the synthetic rows the strategy asks for (share 1).
 */
export type AmountChooser = (training: Dataset, synthesize: (rows: Dataset, rng: Rng) => Promise<Dataset | undefined>, rng: Rng) => Promise<AmountChoice>;

/** The evidence behind `--model auto`, as the run summary records it. */
export interface AutoChoice {
  readonly candidates: readonly string[];
  /** The synthesizer used, or null: no candidate beat the best baseline and nothing was added. */
  readonly chosen: string | null;
  readonly statement: string;
  /** The verdict's metric and the classifiers the candidates were cross-validated with. */
  readonly metric: string;
  readonly classifiers: readonly string[];
  readonly ranking: readonly { readonly method: string; readonly mean: number; readonly pooled: number }[];
  /** The decisive comparison (the chosen or best augmenter against the best baseline), paired over the splits; null when no augmenter ran. */
  readonly evidence: { readonly method: string; readonly against: string; readonly meanDiff: number; readonly ciLow: number; readonly ciHigh: number; readonly pValue: number; readonly splits: number } | null;
}

function nonEmptyList(value: unknown, flag: string, fallback: readonly string[], what: string): readonly string[] {
  if (value === undefined || value === null) return [...fallback];
  const items = typeof value === 'string' ? value.split(',') : Array.isArray(value) ? value : undefined;
  if (!items || !items.every((v) => typeof v === 'string')) throw P.usage(`${flag} must be a comma-separated list of names.`);
  const out = items.map((s: string) => s.trim()).filter((s) => s !== '');
  const seen = new Set<string>();
  for (const item of out) {
    if (seen.has(item)) throw P.usage(`${flag}: '${item}' is listed twice.`);
    seen.add(item);
  }
  if (out.length === 0) throw P.usage(`${flag}: ${what}.`, `For example ${flag} ${fallback.join(',')}.`);
  return out;
}
