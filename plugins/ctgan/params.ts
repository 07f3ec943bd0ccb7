/**
 * The ctgan plugin's parameters: defaults, validation (errors name the option and what is allowed)
 * and the batch size rule. Values may arrive as numbers or, from the command line, as strings.
 */
import { GanAugmentError } from '../../src/errors.js';

/** 'pretrain': every class first, then the classes to augment (see fineTuneShare). */
export type TrainOn = 'all' | 'minority' | 'pretrain';
export const TRAIN_ON: readonly TrainOn[] = ['minority', 'all', 'pretrain'];
/** How training draws the class of each condition: by log-frequency (CTGAN) or evenly over the classes present. */
export type ClassSampling = 'log' | 'even';
export const CLASS_SAMPLING: readonly ClassSampling[] = ['log', 'even'];
/** Which generator a fit keeps: the last epoch's, or the epoch chosen on a validation split of the training rows (snapshot.ts). */
export type SnapshotChoice = 'last' | 'auto';
export const SNAPSHOT_CHOICE: readonly SnapshotChoice[] = ['last', 'auto'];

export interface CtganParams {
  /** Undefined: DEFAULT_EPOCHS. */
  readonly epochs: number | undefined;
  /** Undefined: adapted to the training rows (see resolveBatchSize). */
  readonly batchSize: number | undefined;
  /** Undefined: adapted to the batch (see resolveBatchAndPac). */
  readonly pac: number | undefined;
  readonly embeddingDim: number;
  readonly generatorDims: readonly number[];
  readonly criticDims: readonly number[];
  readonly lr: number;
  readonly trainOn: TrainOn;
  readonly classSampling: ClassSampling;
  /** trainOn 'pretrain': the share of the epochs spent fine-tuning on the classes to augment. */
  readonly fineTuneShare: number;
  /** Weight of the auxiliary classifier's cross-entropy in the generator loss (0: off). */
  readonly auxWeight: number;
  /** The auxiliary loss is clamped from below at this value per row, so rows already classified well are not pushed further. */
  readonly auxFloor: number;
  /** With FitOptions.checkpointDir: save a checkpoint every this many epochs (and after the last). */
  readonly checkpointEvery: number;
  /**
   * trainOn 'minority' only: when a class to augment has fewer training rows than this, train on
   * every class with even class draws instead (0: never). See docs/ctgan.md, "Small classes".
   */
  readonly smallClassRows: number;
  /** 'auto': the epochs are chosen among snapshots of fits on halves of the training rows, by a downstream score (docs/ctgan.md). */
  readonly snapshot: SnapshotChoice;
  /** Independent fits with forked seeds whose rows are pooled in equal shares (1: one fit). */
  readonly ensemble: number;
}

/**
 * Default epochs: CTGAN's own default. An epoch is max(1, rows / batch) steps; with the default
 * trainOn 'minority' a 1000-row table like german_credit (300 minority rows) trains one step of
 * 300 rows per epoch, ~30 s for 300 epochs on the WebAssembly backend (docs/ctgan.md). When the
 * epochs are not given, a fit is lengthened to at least MIN_DEFAULT_STEPS steps (see defaultEpochs).
 */
export const DEFAULT_EPOCHS = 300;
/**
 * Fewest optimizer steps of a fit whose epochs were not given. Below 1000 training rows an epoch is
 * one step, so 300 epochs were 300 steps however small the class; the generator needs a number of
 * updates, not of passes over the data. 600 steps instead of 300 (3 seeds each, docs/ctgan.md
 * "Small classes") brought the minority's mean KS/TV down on all six datasets measured: haberman
 * 0.163 -> 0.111, ecoli_imu 0.165 -> 0.151, glass 0.523 -> 0.479, pima_diabetes 0.143 -> 0.118,
 * german_credit 0.047 -> 0.044, breast_cancer_ljubljana (see the doc), at twice the training time.
 */
export const MIN_DEFAULT_STEPS = 600;
export const DEFAULT_BATCH = 500;
/** Largest automatic pac (CTGAN's default). */
export const MAX_AUTO_PAC = 10;
/**
 * Packs per batch the automatic pac aims for: CTGAN's defaults (batch 500, pac 10) give the critic
 * 50 packs per step. Keeping pac 10 on a 150-row class left it 15, too few samples per step to learn
 * the joint structure (docs/ctgan.md: x1-x2 correlation gap 0.59 -> 0.1-0.2 at 600 steps).
 */
export const TARGET_PACKS = 50;
/**
 * Smallest automatic pac (while the batch has at least one pack of it). Below 100 rows batch / 50
 * gives pac 1, and on the small classes of the study in docs/ctgan.md ("Small classes", 28-111
 * training rows, 3 seeds) pac 1 fitted the minority marginals worst at the quality benchmark's 100
 * epochs: mean KS/TV 0.43 -> 0.40 (haberman), 0.52 -> 0.41 (ecoli_imu), 0.69 -> 0.57 (glass),
 * 0.17 -> 0.11 (breast_cancer_ljubljana) with pac 2. A floor of 5 helped more at 100 epochs but
 * nothing at 300-600 and changed mid-sized classes (150-250 rows: pac 3-4 -> 5), where the ctgan
 * fixture's correlation gap reached 0.28 on one of three seeds; pac 2 leaves every batch of 100 rows
 * or more as before.
 */
export const MIN_AUTO_PAC = 2;
/**
 * Fewest rows a class needs when pac is automatic. The automatic pac shrinks with the batch (to 2),
 * and the classes of a fit share its batch, so the critic can compare packs even for a handful of
 * rows; below 5 rows there is no distribution worth learning (the same floor as dcgan, and below SMOTE's default k_neighbors + 1 = 6, so glass's
 * 7-row training folds can be compared with SMOTE). An explicit pac needs one pack of rows.
 */
export const MIN_ROWS_PER_CLASS = 5;
/**
 * Train on the rows of the classes to augment (every class but the largest), conditioned on the
 * label among them. Measured on the ctgan test fixture (docs/ctgan.md): at equal steps the
 * minority-only model matched the minority marginals better and trained 3-4x faster than one
 * trained on all rows.
 */
export const DEFAULT_TRAIN_ON: TrainOn = 'minority';

export const DEFAULT_CHECKPOINT_EVERY = 10;
export const DEFAULT_CLASS_SAMPLING: ClassSampling = 'log';
export const DEFAULT_FINE_TUNE_SHARE = 0.3;
/** Off until measured on more data than the screen of docs/ctgan.md ("A generator that earns its place"). */
export const DEFAULT_AUX_WEIGHT = 0;
/** -ln(0.75): a row the classifier already gives its requested class 75% is not pushed further. */
export const DEFAULT_AUX_FLOOR = 0.2877;

/**
 * Off by default: a minority-only GAN breaks between 8 rows (glass: far below SMOTE and no
 * augmentation) and 28 (ecoli_imu: ties SMOTE); 20 is the suggested value (docs/ctgan.md).
 */
export const DEFAULT_SMALL_CLASS_ROWS = 0;
/** Off until measured (docs/ctgan.md, "Issue #12, third session"). */
export const DEFAULT_SNAPSHOT: SnapshotChoice = 'last';
export const DEFAULT_ENSEMBLE = 1;
/** Most ensemble members: each is a full fit, so the cost grows with the count. */
export const MAX_ENSEMBLE = 10;

const KNOWN = ['epochs', 'batchSize', 'pac', 'embeddingDim', 'generatorDims', 'criticDims', 'lr', 'trainOn', 'classSampling', 'fineTuneShare', 'auxWeight', 'auxFloor', 'checkpointEvery', 'smallClassRows', 'snapshot', 'ensemble'];

/** Validate and complete user parameters. */
export function parseParams(raw: Readonly<Record<string, unknown>>): CtganParams {
  for (const key of Object.keys(raw)) {
    if (!KNOWN.includes(key) && raw[key] !== undefined) {
      throw new GanAugmentError('usage', `ctgan: unknown parameter '${key}'.`, { hint: `Known parameters: ${KNOWN.join(', ')}.` });
    }
  }
  const pac = raw['pac'] === undefined || raw['pac'] === 'auto' ? undefined : positiveInt(raw['pac'], 'pac', 1);
  const epochs = raw['epochs'] === undefined ? undefined : positiveInt(raw['epochs'], 'epochs', 1);
  const batchSize = raw['batchSize'] === undefined ? undefined : positiveInt(raw['batchSize'], 'batchSize', 1, '--batch-size');
  if (batchSize !== undefined && pac !== undefined) checkBatch(batchSize, pac);
  const lr = Number(raw['lr'] ?? 2e-4);
  if (!(Number.isFinite(lr) && lr > 0 && lr < 1)) {
    throw new GanAugmentError('usage', `ctgan: lr must be a number in (0, 1), got '${String(raw['lr'])}'.`, { hint: 'The default is 0.0002.' });
  }
  const trainOn = oneOf(raw['trainOn'] ?? DEFAULT_TRAIN_ON, TRAIN_ON, 'trainOn');
  const classSampling = oneOf(raw['classSampling'] ?? DEFAULT_CLASS_SAMPLING, CLASS_SAMPLING, 'classSampling');
  const fineTuneShare = numberIn(raw['fineTuneShare'], 'fineTuneShare', DEFAULT_FINE_TUNE_SHARE, false);
  const auxWeight = numberIn(raw['auxWeight'], 'auxWeight', DEFAULT_AUX_WEIGHT, true, 100);
  const auxFloor = numberIn(raw['auxFloor'], 'auxFloor', DEFAULT_AUX_FLOOR, true, 100);
  const ensemble = positiveInt(raw['ensemble'], 'ensemble', DEFAULT_ENSEMBLE);
  if (ensemble > MAX_ENSEMBLE) throw new GanAugmentError('usage', `ctgan parameter 'ensemble' must be at most ${MAX_ENSEMBLE}, got ${ensemble}.`, { hint: 'Each member is a full fit; 3 is the measured value (docs/ctgan.md).' });
  return {
    epochs,
    batchSize,
    pac,
    embeddingDim: positiveInt(raw['embeddingDim'], 'embeddingDim', 128),
    generatorDims: dims(raw['generatorDims'], 'generatorDims', [256, 256]),
    criticDims: dims(raw['criticDims'], 'criticDims', [256, 256]),
    lr,
    trainOn,
    classSampling,
    fineTuneShare,
    auxWeight,
    auxFloor,
    checkpointEvery: positiveInt(raw['checkpointEvery'], 'checkpointEvery', DEFAULT_CHECKPOINT_EVERY),
    smallClassRows: raw['smallClassRows'] === undefined || raw['smallClassRows'] === 0 ? DEFAULT_SMALL_CLASS_ROWS : positiveInt(raw['smallClassRows'], 'smallClassRows', 1),
    snapshot: oneOf(raw['snapshot'] ?? DEFAULT_SNAPSHOT, SNAPSHOT_CHOICE, 'snapshot'),
    ensemble,
  };
}

/** The params as plain JSON (for the saved config). */
export function paramsToJson(p: CtganParams): Record<string, number | string | number[] | null> {
  return {
    epochs: p.epochs ?? null,
    batchSize: p.batchSize ?? null,
    pac: p.pac ?? null,
    embeddingDim: p.embeddingDim,
    generatorDims: [...p.generatorDims],
    criticDims: [...p.criticDims],
    lr: p.lr,
    trainOn: p.trainOn,
    classSampling: p.classSampling,
    fineTuneShare: p.fineTuneShare,
    auxWeight: p.auxWeight,
    auxFloor: p.auxFloor,
    checkpointEvery: p.checkpointEvery,
    smallClassRows: p.smallClassRows,
    snapshot: p.snapshot,
    ensemble: p.ensemble,
  };
}

/**
 * Rows per step and rows per critic pack. An explicit batch is honoured (with an explicit pac it must
 * be a multiple of it); the default batch is min(500, training rows). The automatic pac is
 * batch / TARGET_PACKS clamped to [MIN_AUTO_PAC, 10] (so CTGAN's pac 10 at batch 500) and lowered
 * until it divides the batch: with an explicit batch down to 1, otherwise not below MIN_AUTO_PAC,
 * and the default batch is then rounded down to a multiple of it (at least one pack: real rows are
 * drawn with replacement, so a batch may exceed a class of 1 row).
 *
 * @example resolveBatchAndPac(undefined, undefined, 153) // { batch: 153, pac: 3 }
 * @example resolveBatchAndPac(undefined, undefined, 65) // { batch: 64, pac: 2 }
 * @example resolveBatchAndPac(undefined, 10, 153) // { batch: 150, pac: 10 }
 */
export function resolveBatchAndPac(explicitBatch: number | undefined, explicitPac: number | undefined, rows: number): { batch: number; pac: number } {
  if (explicitPac !== undefined) return { batch: resolveBatchSize(explicitBatch, rows, explicitPac), pac: explicitPac };
  const wanted = explicitBatch ?? Math.max(1, Math.min(DEFAULT_BATCH, rows));
  let pac = Math.max(MIN_AUTO_PAC, Math.min(MAX_AUTO_PAC, Math.floor(wanted / TARGET_PACKS)));
  if (explicitBatch !== undefined) {
    while (explicitBatch % pac !== 0) pac--;
    return { batch: explicitBatch, pac };
  }
  while (wanted % pac !== 0 && pac > MIN_AUTO_PAC) pac--;
  return { batch: Math.max(pac, Math.floor(wanted / pac) * pac), pac };
}

/** Optimizer steps per epoch: one pass over the training rows, at least one step (CTGAN's rule). */
export function stepsPerEpoch(rows: number, batch: number): number {
  return Math.max(1, Math.floor(rows / batch));
}

/**
 * Epochs of a fit whose epochs were not given: DEFAULT_EPOCHS, raised until the fit makes at least
 * MIN_DEFAULT_STEPS optimizer steps. With the default batch only data under 1000 training rows
 * (one step per epoch) is lengthened, to 600 epochs at most; explicit epochs are always honoured.
 *
 * @example defaultEpochs(65, 64) // 600 (one step per epoch)
 * @example defaultEpochs(3000, 500) // 300 (six steps per epoch: 1800 steps)
 */
export function defaultEpochs(rows: number, batch: number): number {
  return Math.max(DEFAULT_EPOCHS, Math.ceil(MIN_DEFAULT_STEPS / stepsPerEpoch(rows, batch)));
}

/**
 * Rows per step for a fixed pac: an explicit value is honoured when it is a multiple of pac;
 * otherwise min(500, training rows rounded down to a multiple of pac), at least pac.
 *
 * @example resolveBatchSize(undefined, 153, 10) // 150
 */
export function resolveBatchSize(explicit: number | undefined, rows: number, pac: number): number {
  if (explicit !== undefined) {
    checkBatch(explicit, pac);
    return explicit;
  }
  return Math.max(pac, Math.min(DEFAULT_BATCH, Math.floor(rows / pac) * pac));
}

function checkBatch(batch: number, pac: number): void {
  if (!Number.isInteger(batch) || batch < pac || batch % pac !== 0) {
    throw new GanAugmentError('usage', `--batch-size ${batch}: ctgan needs a positive multiple of pac (${pac}).`, {
      hint: `Use e.g. --batch-size ${Math.max(pac, Math.round(batch / pac) * pac || pac)}, or omit it to let ctgan choose.`,
    });
  }
}

function positiveInt(v: unknown, name: string, fallback: number, option = `ctgan parameter '${name}'`): number {
  if (v === undefined) return fallback;
  const n = typeof v === 'string' && v.trim() !== '' ? Number(v) : v;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 1) {
    throw new GanAugmentError('usage', `${option} must be a positive integer, got '${String(v)}'.`);
  }
  return n;
}

function oneOf<T extends string>(v: unknown, allowed: readonly T[], name: string): T {
  if (!(allowed as readonly unknown[]).includes(v)) {
    throw new GanAugmentError('usage', `ctgan: ${name} must be ${allowed.map((a) => `'${a}'`).join(', ')}, got '${String(v)}'.`);
  }
  return v as T;
}

/** A number in (0, max) (or [0, max) with zeroOk), from a number or a string. */
function numberIn(v: unknown, name: string, fallback: number, zeroOk: boolean, max = 1): number {
  if (v === undefined) return fallback;
  const n = typeof v === 'string' && v.trim() !== '' ? Number(v) : v;
  if (typeof n !== 'number' || !Number.isFinite(n) || n < 0 || (n === 0 && !zeroOk) || n >= max) {
    throw new GanAugmentError('usage', `ctgan parameter '${name}' must be a number in ${zeroOk ? '[' : '('}0, ${max}), got '${String(v)}'.`);
  }
  return n;
}

function dims(v: unknown, name: string, fallback: number[]): number[] {
  if (v === undefined) return fallback;
  const list = typeof v === 'string' ? v.split(',').map((s) => s.trim()) : v;
  if (!Array.isArray(list) || list.length === 0) {
    throw new GanAugmentError('usage', `ctgan parameter '${name}' must be a non-empty list of layer sizes, e.g. 256,256.`);
  }
  return list.map((x) => positiveInt(x, name, 0));
}
