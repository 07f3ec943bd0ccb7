/** The `smote-enn` and `smote-tomek` synthesizers (imbalanced-learn's SMOTEENN and SMOTETomek). */
import type { SynthesizerFactory } from '../../src/contracts.js';
import { samplerFactory } from '../shared/sampler-factory.js';
import { K_NEIGHBORS } from '../smote/params.js';
import { CleanedSmote } from './cleaned-smote.js';
import { ennRule, tomekRule } from './rules.js';

const CLEANING_NOTE = 'Training rows are never removed: only synthetic rows the rule would remove are dropped and redrawn.';

export const smoteEnnFactory: SynthesizerFactory = samplerFactory({
  name: 'smote-enn',
  description:
    'SMOTE, then edited nearest neighbours: a synthetic row is kept only if all of its n nearest rows share its class. ' + CLEANING_NOTE,
  supports: ['numeric', 'categorical'],
  params: {
    k_neighbors: K_NEIGHBORS,
    n_neighbors: { type: 'integer', default: 3, min: 1, help: "ENN's neighbours: a synthetic row stays only if all of them share its class" },
  },
  minRowsPerClass: (p) => p.k_neighbors + 1,
  make: (p) => new CleanedSmote(p, 'smote-enn', { ...p }, ennRule(p.n_neighbors), `ENN (n_neighbors=${p.n_neighbors})`),
});

export const smoteTomekFactory: SynthesizerFactory = samplerFactory({
  name: 'smote-tomek',
  description: 'SMOTE, then Tomek links: a synthetic row is dropped when it and a row of another class are each other\'s nearest row. ' + CLEANING_NOTE,
  supports: ['numeric', 'categorical'],
  params: { k_neighbors: K_NEIGHBORS },
  minRowsPerClass: (p) => p.k_neighbors + 1,
  make: (p) => new CleanedSmote(p, 'smote-tomek', { ...p }, tomekRule, 'Tomek links'),
});
