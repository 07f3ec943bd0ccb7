/** The `adasyn` synthesizer (imbalanced-learn's ADASYN). */
import type { SynthesizerFactory } from '../../src/contracts.js';
import { samplerFactory } from '../shared/sampler-factory.js';
import { Adasyn } from './adasyn-synthesizer.js';

export const adasynFactory: SynthesizerFactory = samplerFactory({
  name: 'adasyn',
  description:
    'ADASYN: SMOTE within the class, where each minority row seeds synthetic rows in proportion to the share of other ' +
    'classes among its n nearest rows, so more rows are made where the class is hard to learn.',
  supports: ['numeric', 'categorical'],
  params: {
    n_neighbors: {
      type: 'integer',
      default: 5,
      min: 1,
      help: 'neighbours that weigh each row (any class) and that it interpolates towards (same class)',
    },
  },
  minRowsPerClass: (p) => p.n_neighbors + 1,
  make: (p) => new Adasyn(p),
});
