/**
 * SMOTE's parameter declaration, shared by the variants built on it (borderline-smote, adasyn,
 * smoten, smote-enn, smote-tomek) so `k_neighbors` means the same everywhere.
 */
import type { IntegerParam } from '../shared/sampler-params.js';

/** Neighbours within the class to interpolate towards (imbalanced-learn's default: 5). */
export const K_NEIGHBORS: IntegerParam = { type: 'integer', default: 5, min: 1 };

export const SMOTE_PARAMS = { k_neighbors: K_NEIGHBORS } as const;
