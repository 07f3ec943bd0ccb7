/**
 * The ctgan plugin's parameters: the declaration (names as SDV's CTGAN spells them: embedding_dim,
 * generator_dim, discriminator_dim, generator_lr, ...), defaults, and the batch size rule. Values
 * may arrive as numbers or, from the command line, as strings.
 */
import type { ParamDeclarations } from '../../src/contracts.js';
import { GanAugmentError } from '../../src/errors.js';
import { parseDeclaredParams } from '../../src/plugin-params.js';

/** 'pretrain': every class first, then the classes to augment (see fineTuneShare). */
export type TrainOn = 'all' | 'minority' | 'pretrain';
/** How training draws the class of each condition: by log-frequency (CTGAN) or evenly over the classes present. */
export type ClassSampling = 'log' | 'even';
/** Which generator a fit keeps: the last epoch's, or the epoch chosen on a validation split of the training rows (snapshot.ts). */
export type SnapshotChoice = 'last' | 'auto';

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
  /** Adam learning rates (SDV's generator_lr and discriminator_lr); `lr` sets both. */
  readonly generatorLr: number;
  readonly criticLr: number;
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
  /** Sampling only: the generator's latent noise is multiplied by this (1: as trained; BigGAN's truncation trick below). */
  readonly noiseScale: number;
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
/** Off until measured (docs/ctgan.md, "Small classes, fourth session"). */
export const DEFAULT_NOISE_SCALE = 1;

const DEFAULT_LR = 2e-4;

/** Declared once: `create` validates against it, and `gan-augment models` and docs/plugins.md list it. */
export const CTGAN_PARAMS = {
  epochs: {
    type: 'integer',
    min: 1,
    auto: `${DEFAULT_EPOCHS}, raised until the fit makes ${MIN_DEFAULT_STEPS} optimizer steps`,
    help: 'training epochs (as --epochs); an epoch is max(1, training rows / batch) steps',
  },
  batchSize: {
    type: 'integer',
    min: 1,
    auto: `min(${DEFAULT_BATCH}, training rows), a multiple of pac`,
    help: 'rows per optimizer step (as --batch-size); with an explicit pac, a multiple of it',
  },
  pac: {
    type: 'integer',
    min: 1,
    auto: `batch / ${TARGET_PACKS} within [${MIN_AUTO_PAC}, ${MAX_AUTO_PAC}], dividing the batch`,
    help: 'rows per critic pack (PacGAN); a class needs one pack of rows',
  },
  embeddingDim: { type: 'integer', default: 128, min: 1, help: "length of the generator's noise vector" },
  generatorDims: { type: 'integer-list', name: 'generator_dim', default: [256, 256], min: 1, help: "sizes of the generator's residual layers" },
  criticDims: { type: 'integer-list', name: 'discriminator_dim', default: [256, 256], min: 1, help: "sizes of the critic's (discriminator's) layers" },
  lr: { type: 'number', default: DEFAULT_LR, min: 0, minOpen: true, max: 1, maxOpen: true, help: 'Adam learning rate of both networks' },
  generatorLr: { type: 'number', min: 0, minOpen: true, max: 1, maxOpen: true, auto: 'lr', help: "the generator's Adam learning rate" },
  criticLr: { type: 'number', name: 'discriminator_lr', min: 0, minOpen: true, max: 1, maxOpen: true, auto: 'lr', help: "the critic's (discriminator's) Adam learning rate" },
  trainOn: {
    type: 'choice',
    default: DEFAULT_TRAIN_ON,
    choices: { minority: [], all: [], pretrain: [] },
    help: 'rows to fit on: every class but the largest, every class, or every class then fine-tune on the classes to augment',
  },
  classSampling: {
    type: 'choice',
    default: DEFAULT_CLASS_SAMPLING,
    choices: { log: [], even: [] },
    help: "how training draws each condition's class: by log-frequency (CTGAN) or equally over the classes present",
  },
  fineTuneShare: { type: 'number', default: DEFAULT_FINE_TUNE_SHARE, min: 0, minOpen: true, max: 1, maxOpen: true, help: 'train_on pretrain: the share of the epochs spent fine-tuning' },
  auxWeight: { type: 'number', default: DEFAULT_AUX_WEIGHT, min: 0, max: 100, maxOpen: true, help: "weight of the auxiliary classifier's loss in the generator's (0: off)" },
  auxFloor: { type: 'number', default: DEFAULT_AUX_FLOOR, min: 0, max: 100, maxOpen: true, help: 'per-row floor of that loss: rows already classified well are not pushed further' },
  checkpointEvery: { type: 'integer', default: DEFAULT_CHECKPOINT_EVERY, min: 1, help: 'with --checkpoint-dir: save the training state every this many epochs' },
  smallClassRows: {
    type: 'integer',
    default: DEFAULT_SMALL_CLASS_ROWS,
    min: 0,
    help: 'train_on minority: below this many rows in a class to augment, train on every class with even draws (0: off)',
  },
  snapshot: {
    type: 'choice',
    default: DEFAULT_SNAPSHOT,
    choices: { last: [], auto: [] },
    help: "'auto': how many of the epochs to train, chosen by a downstream score on a split of the training rows (2-3x the fit time)",
  },
  ensemble: { type: 'integer', default: DEFAULT_ENSEMBLE, min: 1, max: MAX_ENSEMBLE, help: 'fits with forked seeds whose rows are pooled in equal shares (N times the fit time)' },
  noiseScale: {
    type: 'number',
    default: DEFAULT_NOISE_SCALE,
    min: 0,
    minOpen: true,
    max: 1,
    help: "sampling only: the generator's noise is multiplied by this, so rows lie nearer the class's mass (a truncation trick; 1: off)",
  },
} as const satisfies ParamDeclarations;

/** Validate and complete user parameters. */
export function parseParams(raw: Readonly<Record<string, unknown>>): CtganParams {
  const { lr, generatorLr, criticLr, ...p } = parseDeclaredParams('ctgan', CTGAN_PARAMS, raw);
  if (p.batchSize !== undefined && p.pac !== undefined) checkBatch(p.batchSize, p.pac);
  return { ...p, generatorLr: generatorLr ?? lr, criticLr: criticLr ?? lr };
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
    // One `lr` while both are equal, as models saved before the two existed (and their checkpoints' fingerprints).
    ...(p.generatorLr === p.criticLr ? { lr: p.generatorLr } : { generatorLr: p.generatorLr, criticLr: p.criticLr }),
    trainOn: p.trainOn,
    classSampling: p.classSampling,
    fineTuneShare: p.fineTuneShare,
    auxWeight: p.auxWeight,
    auxFloor: p.auxFloor,
    checkpointEvery: p.checkpointEvery,
    smallClassRows: p.smallClassRows,
    snapshot: p.snapshot,
    ensemble: p.ensemble,
    // Only when set: a sampling setting, so models and checkpoint fingerprints without it stay as they were.
    ...(p.noiseScale !== DEFAULT_NOISE_SCALE ? { noiseScale: p.noiseScale } : {}),
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
