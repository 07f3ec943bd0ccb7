/**
 * The `smote` synthesizer: SMOTE for all-numeric data, SMOTE-NC when categorical columns are
 * present (imbalanced-learn's semantics), neighbours searched within each class.
 */
import type { SynthesizerFactory } from '../../src/contracts.js';
import { GanAugmentError } from '../../src/errors.js';
import { datasetFromArtifacts } from '../random/stored-rows.js';
import { parseSmoteParams } from './params.js';
import { SmoteSynthesizer } from './smote-synthesizer.js';

export const smoteFactory: SynthesizerFactory = {
  name: 'smote',
  description:
    'SMOTE (SMOTE-NC with categorical columns): each synthetic row lies on the segment between a minority row and one ' +
    'of its k nearest same-class neighbours; categorical values are the most frequent among those neighbours. ' +
    'Parameter: k_neighbors (default 5).',
  supports: ['numeric', 'categorical'],
  usesTensorFlow: false,
  minRowsPerClass(params) {
    return parseSmoteParams(params).kNeighbors + 1;
  },
  create(params) {
    return new SmoteSynthesizer(parseSmoteParams(params));
  },
  deserialize(artifacts) {
    const config = artifacts.config;
    const k = config !== null && typeof config === 'object' && !Array.isArray(config) ? config['k_neighbors'] : undefined;
    if (typeof k !== 'number' || !Number.isInteger(k) || k < 1) {
      throw new GanAugmentError('model', "The saved 'smote' model is corrupt: k_neighbors is missing.", {
        hint: 'Refit the model (run without --load-model) and save it again.',
      });
    }
    const model = new SmoteSynthesizer({ kNeighbors: k });
    model.load(datasetFromArtifacts(artifacts, 'smote'));
    return model;
  },
};
