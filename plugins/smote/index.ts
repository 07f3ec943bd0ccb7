/**
 * The `smote` synthesizer: SMOTE for all-numeric data, SMOTE-NC when categorical columns are
 * present (imbalanced-learn's semantics), neighbours searched within each class.
 */
import type { SynthesizerFactory } from '../../src/contracts.js';
import { samplerFactory } from '../shared/sampler-factory.js';
import { SMOTE_PARAMS } from './params.js';
import { SmoteSynthesizer } from './smote-synthesizer.js';

export const smoteFactory: SynthesizerFactory = samplerFactory({
  name: 'smote',
  description:
    'SMOTE (SMOTE-NC with categorical columns): each synthetic row lies on the segment between a minority row and one ' +
    'of its k nearest same-class neighbours; categorical values are the most frequent among those neighbours.',
  supports: ['numeric', 'categorical'],
  params: SMOTE_PARAMS,
  minRowsPerClass: (p) => p.k_neighbors + 1,
  make: (p) => new SmoteSynthesizer(p),
});
