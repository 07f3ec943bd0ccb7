/**
 * The flags of the stage commands (augment, fit, sample, demo), each with its one-line help. They
 * are parsed here as raw strings and validated by src/options.ts, whose errors name the flag.
 * `apiKey` maps a flag to the option name of the API (AugmentOptions etc.).
 */
import { BACKEND_NAMES } from '../backend/pick.js';
import { DEFAULT_MODEL, DEFAULT_PROVENANCE_COLUMN, DEFAULT_SEED, OUTPUT_FORMATS, TRAIN_ON as TRAIN_ON_VALUES } from '../options.js';
import type { FlagSpec, RawValues } from './parse-args.js';

export interface StageFlag extends FlagSpec {
  /** Name of the API option this flag feeds ('batch-size' -> 'batchSize'). */
  readonly apiKey: string;
}

const f = (spec: StageFlag): StageFlag => spec;

export const INPUT = f({ name: 'input', apiKey: 'input', type: 'string', value: 'FILE', description: "CSV, Parquet or Arrow IPC/Feather file (format told by its bytes); '-' reads an Arrow IPC stream from stdin. Required." });
export const OUTPUT = f({ name: 'output', apiKey: 'output', type: 'string', value: 'FILE', description: "File to write (atomically), format from --format or the extension; '-' writes to stdout. Required." });
export const FORMAT = f({ name: 'format', apiKey: 'format', type: 'string', value: OUTPUT_FORMATS.join('|'), description: "Output format ('arrow': Arrow IPC file, aka Feather v2; 'arrow-stream': Arrow IPC stream).", default: "from --output's extension; an Arrow IPC stream for '-'" });
export const DELIMITER = f({ name: 'delimiter', apiKey: 'delimiter', type: 'string', value: 'CHAR', description: "CSV field separator: one character such as ';' or '|', or 'tab'.", default: ',' });
export const LABEL = f({ name: 'label', apiKey: 'label', type: 'string', value: 'COLUMN', description: 'The class column. Required.' });
export const MINORITY = f({ name: 'minority', apiKey: 'minority', type: 'string', value: 'a,b', description: 'Only these classes get synthetic rows.', default: 'chosen by --strategy' });
export const STRATEGY = f({ name: 'strategy', apiKey: 'strategy', type: 'string', value: 'S', description: "Rows per class after augmenting: auto|not-majority|not-minority|minority|all, a ratio like 0.5, or totals like yes=500.", default: 'auto' });
export const MODEL = f({ name: 'model', apiKey: 'model', type: 'string', value: 'NAME', description: 'Synthesizer: ctgan, dcgan (image columns), smote, random, or a registered plugin.', default: DEFAULT_MODEL });
export const MODEL_PARAM = f({ name: 'model-param', apiKey: 'modelParams', type: 'string', multiple: true, value: 'KEY=VALUE', description: "A synthesizer parameter, e.g. --model-param k_neighbors=5 (smote) or --model-param pac=10 (ctgan)." });
export const MODEL_PARAMS = f({ name: 'model-params', apiKey: 'modelParams', type: 'string', multiple: true, value: 'K=V,K2=V2', description: "Several synthesizer parameters at once: K=V,K2=V2 (combines with --model-param), or a JSON object given alone." });
export const EPOCHS = f({ name: 'epochs', apiKey: 'epochs', type: 'string', value: 'N', description: 'Training epochs (GAN models).', default: "the model's own" });
export const BATCH_SIZE = f({ name: 'batch-size', apiKey: 'batchSize', type: 'string', value: 'N', description: 'Rows per training step (GAN models).', default: "the model's own, adapted to small classes" });
export const SEED = f({ name: 'seed', apiKey: 'seed', type: 'string', value: 'N', description: 'Seed for every random choice: same seed, same input, same output.', default: String(DEFAULT_SEED) });
export const BACKEND = f({ name: 'backend', apiKey: 'backend', type: 'string', value: 'NAME', description: `TensorFlow.js backend: ${BACKEND_NAMES.join('|')}.`, default: 'auto' });
export const CATEGORICAL = f({ name: 'categorical', apiKey: 'categorical', type: 'string', value: 'a,b', description: 'Treat these columns as categorical even if they hold numbers.' });
export const NUMERIC = f({ name: 'numeric', apiKey: 'numeric', type: 'string', value: 'a,b', description: 'Treat these columns as numeric (e.g. numbers stored as text).' });
export const KEEP_COPIES = f({ name: 'keep-copies', apiKey: 'keepCopies', type: 'boolean', description: 'Keep synthetic rows that exactly copy a training row (by default they are dropped and redrawn).' });
export const PRIVACY_DISTANCE = f({ name: 'privacy-distance', apiKey: 'privacyDistance', type: 'string', value: 'D|qP', description: 'Drop (and redraw) synthetic rows this close to a training row: a Gower distance like 0.02, or q0.05 = the 5% quantile of real-to-real nearest-neighbour distances.' });
export const IGNORE = f({ name: 'ignore', apiKey: 'ignore', type: 'string', value: 'a,b', description: 'Leave these columns out of the model (IDs, free text); synthetic rows get null there.' });
export const IMAGE_SHAPE = f({ name: 'image-shape', apiKey: 'imageShape', type: 'string', value: 'HxWxC', description: 'Shape of image columns stored as fixed-size lists, e.g. 28x28x1.', default: 'from the file metadata, else square' });
export const PROVENANCE = f({ name: 'provenance-column', apiKey: 'provenanceColumn', type: 'string', value: 'NAME', description: 'Name of the boolean column marking synthetic rows.', default: DEFAULT_PROVENANCE_COLUMN });
export const SUMMARY = f({ name: 'summary', apiKey: 'summaryPath', type: 'string', value: 'FILE', description: 'Also write the run summary (counts, model, backend, timings) as JSON here.' });
export const TRAIN_ON = f({ name: 'train-on', apiKey: 'trainOn', type: 'string', value: TRAIN_ON_VALUES.join('|'), description: "Fit on every class (conditioned on the label), or only on the classes other than the largest.", default: "the model's own (ctgan: minority)" });
export const CHECKPOINT_DIR = f({ name: 'checkpoint-dir', apiKey: 'checkpointDir', type: 'string', value: 'DIR', description: 'Folder for training checkpoints: ctgan saves its full state there every few epochs and resumes an interrupted run with the same data, parameters and seed.' });
export const MODEL_DIR_FIT = f({ name: 'model-dir', apiKey: 'modelDir', type: 'string', value: 'DIR', description: 'Folder to save the fitted model in (JSON + binary weights). Required.' });
export const MODEL_DIR_SAMPLE = f({ name: 'model-dir', apiKey: 'modelDir', type: 'string', value: 'DIR', description: 'Folder of a model saved by `gan-augment fit`. Required.' });
export const COUNT = f({ name: 'count', apiKey: 'counts', type: 'string', value: 'CLASS=N,...', description: 'Rows to generate per class, e.g. yes=500,maybe=200. Required.' });
export const COUNTS = f({ name: 'counts', apiKey: 'counts', type: 'string', value: 'CLASS=N,...', description: 'Same as --count.' });
export const GRID = f({ name: 'grid', apiKey: 'gridPath', type: 'string', value: 'FILE', description: 'Also write a PNG contact sheet of the generated images (one row per class) here; image models (dcgan) only.' });
export const QUIET = f({ name: 'quiet', apiKey: 'quiet', type: 'boolean', description: '' });

/** Flags shared by `augment` and `fit` (what to read and how to model it). */
export const MODELLING_FLAGS: readonly StageFlag[] = [INPUT, DELIMITER, LABEL, MODEL, MODEL_PARAM, MODEL_PARAMS, EPOCHS, BATCH_SIZE, SEED, BACKEND, CATEGORICAL, NUMERIC, IGNORE, IMAGE_SHAPE, TRAIN_ON, CHECKPOINT_DIR];

/**
 * Raw CLI values -> raw API option object (`{ batchSize: '64', modelParams: 'k_neighbors=5,foo=1' }`), still
 * unvalidated: src/options.ts does that, naming the flag when a value is wrong. Absent flags are
 * left out so the schema applies its defaults.
 */
export function toRawOptions<T extends object = Record<string, string | boolean>>(values: RawValues, flags: readonly StageFlag[]): T {
  const raw: Record<string, string | boolean> = {};
  for (const flag of [...flags, QUIET]) {
    const value = values[flag.name];
    if (value === undefined) continue;
    const previous = raw[flag.apiKey];
    // Repeatable flags (and --model-param next to --model-params) join into one comma list,
    // which is the text form options.ts reads.
    const joined = Array.isArray(value) ? value.join(',') : value;
    raw[flag.apiKey] = typeof previous === 'string' && typeof joined === 'string' ? `${previous},${joined}` : joined;
  }
  // Typed as the API's options for the call; the schema in src/options.ts checks every value at run time.
  return raw as unknown as T;
}
