/**
 * The ctgan plugin's parameters: defaults, validation (errors name the option and what is allowed)
 * and the batch size rule. Values may arrive as numbers or, from the command line, as strings.
 */
import { GanAugmentError } from '../../src/errors.js';

export type TrainOn = 'all' | 'minority';

export interface CtganParams {
  /** Undefined: DEFAULT_EPOCHS. */
  readonly epochs: number | undefined;
  /** Undefined: adapted to the training rows (see resolveBatchSize). */
  readonly batchSize: number | undefined;
  readonly pac: number;
  readonly embeddingDim: number;
  readonly generatorDims: readonly number[];
  readonly criticDims: readonly number[];
  readonly lr: number;
  readonly trainOn: TrainOn;
}

/**
 * Default epochs. CTGAN's own default is 300; here an epoch is max(1, rows / batch) steps, so on a
 * 1000-row table (2 steps of 500) 150 epochs = 300 steps, which takes ~30 s on the WebAssembly
 * backend (docs/ctgan.md has the measurements) and is enough for the marginals to settle.
 */
export const DEFAULT_EPOCHS = 150;
export const DEFAULT_BATCH = 500;

const KNOWN = ['epochs', 'batchSize', 'pac', 'embeddingDim', 'generatorDims', 'criticDims', 'lr', 'trainOn'];

/** Validate and complete user parameters. */
export function parseParams(raw: Readonly<Record<string, unknown>>): CtganParams {
  for (const key of Object.keys(raw)) {
    if (!KNOWN.includes(key) && raw[key] !== undefined) {
      throw new GanAugmentError('usage', `ctgan: unknown parameter '${key}'.`, { hint: `Known parameters: ${KNOWN.join(', ')}.` });
    }
  }
  const pac = positiveInt(raw['pac'], 'pac', 10);
  const epochs = raw['epochs'] === undefined ? undefined : positiveInt(raw['epochs'], 'epochs', 1);
  const batchSize = raw['batchSize'] === undefined ? undefined : positiveInt(raw['batchSize'], 'batchSize', 1, '--batch-size');
  if (batchSize !== undefined) checkBatch(batchSize, pac);
  const lr = Number(raw['lr'] ?? 2e-4);
  if (!(Number.isFinite(lr) && lr > 0 && lr < 1)) {
    throw new GanAugmentError('usage', `ctgan: lr must be a number in (0, 1), got '${String(raw['lr'])}'.`, { hint: 'The default is 0.0002.' });
  }
  const trainOn = raw['trainOn'] ?? 'all';
  if (trainOn !== 'all' && trainOn !== 'minority') {
    throw new GanAugmentError('usage', `ctgan: trainOn must be 'all' or 'minority', got '${String(trainOn)}'.`);
  }
  return {
    epochs,
    batchSize,
    pac,
    embeddingDim: positiveInt(raw['embeddingDim'], 'embeddingDim', 128),
    generatorDims: dims(raw['generatorDims'], 'generatorDims', [256, 256]),
    criticDims: dims(raw['criticDims'], 'criticDims', [256, 256]),
    lr,
    trainOn,
  };
}

/** The params as plain JSON (for the saved config). */
export function paramsToJson(p: CtganParams): Record<string, number | string | number[] | null> {
  return {
    epochs: p.epochs ?? null,
    batchSize: p.batchSize ?? null,
    pac: p.pac,
    embeddingDim: p.embeddingDim,
    generatorDims: [...p.generatorDims],
    criticDims: [...p.criticDims],
    lr: p.lr,
    trainOn: p.trainOn,
  };
}

/**
 * Rows per step: an explicit value is honoured when it is a multiple of pac; otherwise
 * min(500, training rows rounded down to a multiple of pac), at least pac.
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

function dims(v: unknown, name: string, fallback: number[]): number[] {
  if (v === undefined) return fallback;
  const list = typeof v === 'string' ? v.split(',').map((s) => s.trim()) : v;
  if (!Array.isArray(list) || list.length === 0) {
    throw new GanAugmentError('usage', `ctgan parameter '${name}' must be a non-empty list of layer sizes, e.g. 256,256.`);
  }
  return list.map((x) => positiveInt(x, name, 0));
}
