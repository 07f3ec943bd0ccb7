/** The `smoten` synthesizer (imbalanced-learn's SMOTEN, for all-categorical data). */
import type { SynthesizerFactory } from '../../src/contracts.js';
import { samplerFactory } from '../shared/sampler-factory.js';
import { K_NEIGHBORS } from '../smote/params.js';
import { Smoten } from './smoten-synthesizer.js';

export const smotenFactory: SynthesizerFactory = samplerFactory({
  name: 'smoten',
  description:
    'SMOTEN for all-categorical data: each synthetic row takes, per column, the most frequent value among a minority row ' +
    'and its k nearest same-class rows under the value difference metric; only observed categories come out.',
  supports: ['categorical'],
  params: { k_neighbors: { ...K_NEIGHBORS, help: 'same-class neighbours that vote with the row (value difference metric)' } },
  minRowsPerClass: (p) => p.k_neighbors + 1,
  make: (p) => new Smoten(p),
});
