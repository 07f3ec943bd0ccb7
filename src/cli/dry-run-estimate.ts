/**
 * The dry run's rough time estimate: rows a GAN processes in training (epochs x optimizer steps x
 * batch rows) divided by a training speed measured on this project's bench machine. Only the
 * built-in GANs are estimated; SMOTE and its variants and random oversampling have no training
 * loop (their time is the neighbour search and the sampling, seconds at the sizes a GAN would
 * take). Deliberately rough: one constant per model, measured on the WebAssembly backend on 2 cores;
 * tfjs-node, other hardware and other network sizes change it. The epoch rules below mirror the
 * plugins' own (plugins/ctgan/params.ts, plugins/dcgan/params.ts): they depend on the rows, which a
 * parameter declaration cannot state; the classes trained on come from the declarations.
 */
import { getSynthesizer, listSynthesizers } from '../registry.js';

interface GanCost {
  /** Training rows per second (images for dcgan). */
  readonly rowsPerSecond: number;
  /** Where the constant was measured. */
  readonly measured: string;
  /** The rows a fit of `rows` training rows processes in `epochs` epochs. */
  readonly rowsProcessed: (rows: number, epochs: number, batch: number | undefined) => number;
  /** The model's epochs when none are given. */
  readonly defaultEpochs: (rows: number, batch: number | undefined) => number;
}

/** ctgan: batch min(500, rows), max(1, rows / batch) steps per epoch; 300 epochs, at least 600 steps. */
const ctganBatch = (rows: number, batch: number | undefined): number => batch ?? Math.max(1, Math.min(500, rows));
const ctganSteps = (rows: number, batch: number | undefined): number => Math.max(1, Math.floor(rows / ctganBatch(rows, batch)));

const COSTS: Readonly<Record<string, GanCost>> = {
  ctgan: {
    // docs/benchmarks.md, training speed (2026-11-27): the ctgan step, batch 500, tfjs wasm with
    // gan-augment's kernels, 10283 rows/s on the 2-core bench machine; german_credit's default
    // augment (600 steps of 300 rows) took 21.5 s end to end against 17.5 s from this constant.
    rowsPerSecond: 10_283,
    measured: 'ctgan step on the wasm backend, 2-core bench machine (docs/benchmarks.md)',
    rowsProcessed: (rows, epochs, batch) => epochs * ctganSteps(rows, batch) * ctganBatch(rows, batch),
    defaultEpochs: (rows, batch) => Math.max(300, Math.ceil(600 / ctganSteps(rows, batch))),
  },
  dcgan: {
    // docs/benchmarks.md, quality on the digits (evaluate, first split): 202 images/s on wasm.
    rowsPerSecond: 202,
    measured: 'dcgan on 28x28 digits, wasm backend, 2-core bench machine (docs/benchmarks.md)',
    rowsProcessed: (rows, epochs) => epochs * rows,
    defaultEpochs: () => 10,
  },
};

/** The TensorFlow.js backend's start-up (module load, kernel self-tests), seen as ~3 s in issue #16. */
export const BACKEND_START_SECONDS = 3;

export interface FitEstimate {
  /** Training alone (add BACKEND_START_SECONDS once per process). */
  readonly seconds: number;
  readonly epochs: number;
  readonly rowsTrainedOn: number;
  /** How it was estimated, in words. */
  readonly how: string;
}

/**
 * A rough fit time for `model` on `perClass` training rows, or undefined when the model has no
 * estimate (not a built-in GAN). `largest`: the class the model leaves out when it trains on the
 * minority classes only.
 * @example estimateFit('ctgan', [900, 100], { epochs: undefined, batchSize: undefined, trainOn: undefined })?.seconds
 */
export function estimateFit(
  model: string,
  perClass: readonly number[],
  options: { readonly epochs: number | undefined; readonly batchSize: number | undefined; readonly trainOn: string | undefined },
): FitEstimate | undefined {
  const cost = Object.hasOwn(COSTS, model) ? COSTS[model] : undefined;
  if (!cost) return undefined;
  const rowsTrainedOn = trainingRows(perClass, options.trainOn ?? defaultTrainOn(model));
  const epochs = options.epochs ?? cost.defaultEpochs(rowsTrainedOn, options.batchSize);
  const processed = cost.rowsProcessed(rowsTrainedOn, epochs, options.batchSize);
  const how = `${epochs} epochs over ${rowsTrainedOn} training rows = ${processed} rows at ${cost.rowsPerSecond} rows/s, measured for the ${cost.measured}`;
  return { seconds: processed / cost.rowsPerSecond, epochs, rowsTrainedOn, how };
}

/** The classes a model learns when --train-on is not given: its declared `trainOn` default, else every class. */
export function defaultTrainOn(model: string): string {
  if (!listSynthesizers().some((f) => f.name === model)) return 'all';
  const declared = getSynthesizer(model).params?.['trainOn'];
  return declared?.type === 'choice' ? declared.default : 'all';
}

/** The classes (indices) a fit learns: every class, or with trainOn 'minority' all but the largest (the first, as ctgan picks it). */
export function learnedClasses(perClass: readonly number[], trainOn: string): number[] {
  const largest = perClass.indexOf(Math.max(...perClass));
  const leaveOut = trainOn === 'minority' && perClass.filter((n) => n > 0).length >= 2 ? largest : -1;
  return perClass.flatMap((_, i) => (i === leaveOut ? [] : [i]));
}

/** Rows trained on: those of the learned classes. */
export function trainingRows(perClass: readonly number[], trainOn: string): number {
  return learnedClasses(perClass, trainOn).reduce((s, i) => s + perClass[i]!, 0);
}
