/**
 * SMOTE's parameters, validated in one place for `create` and `minRowsPerClass`. Values may come
 * from the CLI as strings (`--model-param k_neighbors=3`) or from the API as numbers.
 */
import { GanAugmentError } from '../../src/errors.js';

export interface SmoteParams {
  /** Neighbours within the class to interpolate towards (imbalanced-learn's default: 5). */
  readonly kNeighbors: number;
}

export const DEFAULT_K_NEIGHBORS = 5;

/** @example parseSmoteParams({ k_neighbors: '3' }) // { kNeighbors: 3 } */
export function parseSmoteParams(params: Readonly<Record<string, unknown>>): SmoteParams {
  let kNeighbors = DEFAULT_K_NEIGHBORS;
  for (const [key, raw] of Object.entries(params)) {
    // The stage passes --train-on as `trainOn`; SMOTE works within each class, so either value is fine.
    if (key === 'trainOn') continue;
    if (key !== 'k_neighbors') {
      throw new GanAugmentError('usage', `--model-param ${key}: unknown parameter for the 'smote' model.`, {
        hint: 'The only parameter is k_neighbors (a positive integer, default 5).',
      });
    }
    const value = typeof raw === 'string' && /^\s*\d+\s*$/.test(raw) ? Number(raw) : raw;
    if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) {
      throw new GanAugmentError('usage', `--model-param k_neighbors=${String(raw)}: k_neighbors must be a positive integer.`, {
        hint: 'Use e.g. --model-param k_neighbors=5 (the default).',
      });
    }
    kNeighbors = value;
  }
  return { kNeighbors };
}
