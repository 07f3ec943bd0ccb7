/** The `borderline-smote` synthesizer (imbalanced-learn's BorderlineSMOTE, kinds 1 and 2). */
import type { SynthesizerFactory } from '../../src/contracts.js';
import { samplerFactory } from '../shared/sampler-factory.js';
import { K_NEIGHBORS } from '../smote/params.js';
import { BorderlineSmote } from './borderline-synthesizer.js';

export const borderlineSmoteFactory: SynthesizerFactory = samplerFactory({
  name: 'borderline-smote',
  description:
    'Borderline-SMOTE: SMOTE from the minority rows in danger only (at least half, but not all, of their m nearest rows ' +
    'are of other classes); kind borderline-2 also interpolates part of the way towards rows of other classes.',
  supports: ['numeric', 'categorical'],
  params: {
    k_neighbors: { ...K_NEIGHBORS, help: 'neighbours to interpolate towards (kind 1: of the class; kind 2: of any class)' },
    m_neighbors: { type: 'integer', default: 10, min: 1, help: 'neighbours (any class) that decide whether a row is in DANGER' },
    kind: {
      type: 'choice',
      default: 'borderline-1',
      choices: { 'borderline-1': ['1'], 'borderline-2': ['2'] },
      help: 'borderline-2 also interpolates part of the way towards rows of other classes',
    },
  },
  minRowsPerClass: (p) => (p.kind === 'borderline-1' ? p.k_neighbors + 1 : 1),
  make: (p) => new BorderlineSmote(p),
});
