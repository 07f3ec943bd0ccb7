/**
 * The dcgan plugin's parameters: defaults and validation (errors name the parameter and what is
 * allowed). Values may arrive as numbers or, from the command line, as strings.
 */
import { GanAugmentError } from '../../src/errors.js';

export interface DcganParams {
  /** Undefined: DEFAULT_EPOCHS (FitOptions.epochs wins over both). */
  readonly epochs: number | undefined;
  /** Undefined: min(DEFAULT_BATCH, rows). */
  readonly batchSize: number | undefined;
  /** Length of the generator's noise vector. */
  readonly noiseDim: number;
  /** Generator channels at the lowest resolution (H/4 x W/4); halved after the first upsampling. */
  readonly generatorWidth: number;
  /** Discriminator channels after the first strided conv; doubled after the second. */
  readonly discriminatorWidth: number;
  /** Adam learning rate and beta1 (DCGAN's 2e-4 and 0.5). */
  readonly lr: number;
  readonly beta1: number;
  /** Dropout after each discriminator conv. */
  readonly dropout: number;
  /** Weight of the auxiliary class loss (AC-GAN term) relative to the adversarial loss. */
  readonly auxWeight: number;
}

/**
 * Defaults, measured on this project's 2-core CPU target (docs/images.md). DCGAN's published
 * settings (generator 7x7x128 at the base, lr 2e-4, batch 64) train at ~33 images/s on the patched
 * WebAssembly backend and still give blurry digits after 70 steps. Half the generator width, half
 * the discriminator's, batch 32 and lr 5e-4 train ~5x faster per image and give class-recognisable
 * digits after ~150 steps. Wider networks are one parameter away.
 */
export const DEFAULT_EPOCHS = 10;
export const DEFAULT_BATCH = 32;

const DEFAULT_PARAMS: Omit<DcganParams, 'epochs' | 'batchSize'> = {
  noiseDim: 100,
  generatorWidth: 64,
  discriminatorWidth: 32,
  lr: 5e-4,
  beta1: 0.5,
  dropout: 0.3,
  auxWeight: 1,
};

const KNOWN = ['epochs', 'batchSize', 'noiseDim', 'generatorWidth', 'discriminatorWidth', 'lr', 'beta1', 'dropout', 'auxWeight'];

/** Validate and complete user parameters. */
export function parseDcganParams(raw: Readonly<Record<string, unknown>>): DcganParams {
  for (const key of Object.keys(raw)) {
    if (!KNOWN.includes(key) && raw[key] !== undefined) {
      throw new GanAugmentError('usage', `dcgan: unknown parameter '${key}'.`, { hint: `Known parameters: ${KNOWN.join(', ')}.` });
    }
  }
  const generatorWidth = positiveInt(raw['generatorWidth'], 'generatorWidth', DEFAULT_PARAMS.generatorWidth);
  if (generatorWidth < 2 || generatorWidth % 2 !== 0) {
    throw new GanAugmentError('usage', `dcgan parameter 'generatorWidth' must be an even integer >= 2 (it is halved once), got '${String(raw['generatorWidth'])}'.`);
  }
  return {
    epochs: raw['epochs'] === undefined ? undefined : positiveInt(raw['epochs'], 'epochs', 1, '--epochs'),
    batchSize: raw['batchSize'] === undefined ? undefined : positiveInt(raw['batchSize'], 'batchSize', 1, '--batch-size'),
    noiseDim: positiveInt(raw['noiseDim'], 'noiseDim', DEFAULT_PARAMS.noiseDim),
    generatorWidth,
    discriminatorWidth: positiveInt(raw['discriminatorWidth'], 'discriminatorWidth', DEFAULT_PARAMS.discriminatorWidth),
    lr: fraction(raw['lr'], 'lr', DEFAULT_PARAMS.lr, false),
    beta1: fraction(raw['beta1'], 'beta1', DEFAULT_PARAMS.beta1, true),
    dropout: fraction(raw['dropout'], 'dropout', DEFAULT_PARAMS.dropout, true),
    auxWeight: nonNegative(raw['auxWeight'], 'auxWeight', DEFAULT_PARAMS.auxWeight),
  };
}

/** The params as plain JSON (for the saved config). */
export function dcganParamsToJson(p: DcganParams): Record<string, number | null> {
  return {
    epochs: p.epochs ?? null,
    batchSize: p.batchSize ?? null,
    noiseDim: p.noiseDim,
    generatorWidth: p.generatorWidth,
    discriminatorWidth: p.discriminatorWidth,
    lr: p.lr,
    beta1: p.beta1,
    dropout: p.dropout,
    auxWeight: p.auxWeight,
  };
}

function toNumber(v: unknown): unknown {
  return typeof v === 'string' && v.trim() !== '' ? Number(v) : v;
}

function positiveInt(v: unknown, name: string, fallback: number, option = `dcgan parameter '${name}'`): number {
  if (v === undefined) return fallback;
  const n = toNumber(v);
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 1) {
    throw new GanAugmentError('usage', `${option} must be a positive integer, got '${String(v)}'.`);
  }
  return n;
}

/** A number in [0, 1) (or (0, 1) when zero is not allowed). */
function fraction(v: unknown, name: string, fallback: number, zeroOk: boolean): number {
  if (v === undefined) return fallback;
  const n = toNumber(v);
  if (typeof n !== 'number' || !Number.isFinite(n) || n >= 1 || (zeroOk ? n < 0 : n <= 0)) {
    throw new GanAugmentError('usage', `dcgan parameter '${name}' must be a number in ${zeroOk ? '[0, 1)' : '(0, 1)'}, got '${String(v)}'.`, {
      hint: `The default is ${fallback}.`,
    });
  }
  return n;
}

function nonNegative(v: unknown, name: string, fallback: number): number {
  if (v === undefined) return fallback;
  const n = toNumber(v);
  if (typeof n !== 'number' || !Number.isFinite(n) || n < 0) {
    throw new GanAugmentError('usage', `dcgan parameter '${name}' must be a non-negative number, got '${String(v)}'.`);
  }
  return n;
}
