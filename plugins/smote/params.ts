/**
 * SMOTE's parameter declaration, shared by the variants built on it (borderline-smote, adasyn,
 * smoten, smote-enn, smote-tomek) so `k_neighbors` means the same everywhere.
 */
import type { IntegerParamDeclaration } from '../../src/contracts.js';

/** Neighbours within the class to interpolate towards (imbalanced-learn's default: 5). */
export const K_NEIGHBORS = {
  type: 'integer',
  default: 5,
  min: 1,
  help: 'same-class neighbours each synthetic row is interpolated towards; a class needs k_neighbors + 1 rows',
} as const satisfies IntegerParamDeclaration;

export const SMOTE_PARAMS = { k_neighbors: K_NEIGHBORS } as const;
