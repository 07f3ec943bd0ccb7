/** The `random` synthesizer: random oversampling with replacement (a memorising baseline). */
import type { SynthesizerFactory } from '../../src/contracts.js';
import { parseDeclaredParams } from '../../src/plugin-params.js';
import { RandomOversampler } from './random-oversampler.js';
import { datasetFromArtifacts } from './stored-rows.js';

export const randomOversamplerFactory: SynthesizerFactory = {
  name: 'random',
  description:
    'Random oversampling: repeats training rows of each minority class, drawn with replacement. ' +
    'It memorises by design (every synthetic row is a training row), so the copy guard does not apply; use it as a baseline.',
  supports: ['numeric', 'categorical', 'image'],
  copiesTrainingRows: true,
  usesTensorFlow: false,
  params: {},
  minRowsPerClass(params) {
    checkNoParams(params);
    return 1;
  },
  create(params) {
    checkNoParams(params);
    return new RandomOversampler();
  },
  deserialize(artifacts) {
    const model = new RandomOversampler();
    model.load(datasetFromArtifacts(artifacts, 'random'));
    return model;
  },
};

function checkNoParams(params: Readonly<Record<string, unknown>>): void {
  // The stage passes --train-on as `trainOn`; rows are drawn within each class, so either value is fine.
  parseDeclaredParams('random', {}, params, ['trainOn']);
}
