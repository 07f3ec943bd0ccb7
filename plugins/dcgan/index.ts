/**
 * The 'dcgan' plugin: a class-conditional DCGAN for one image column (see docs/images.md for the
 * design and measured speed).
 */
import type { SynthesizerFactory } from '../../src/contracts.js';
import { stateFromArtifacts } from './artifacts.js';
import { DCGAN_PARAMS, parseDcganParams } from './params.js';
import { DcganSynthesizer } from './synthesizer.js';

/** Smallest class the plugin accepts: fewer images give the class embedding nothing to learn from. */
const DCGAN_MIN_ROWS_PER_CLASS = 5;

export const dcganFactory: SynthesizerFactory = {
  name: 'dcgan',
  description:
    'Class-conditional DCGAN for image columns (TensorFlow.js): transposed-conv generator with batch norm, projection discriminator with an AC-GAN class head, non-saturating loss.',
  supports: ['image'],
  convolutional: true,
  params: DCGAN_PARAMS,
  minRowsPerClass: () => DCGAN_MIN_ROWS_PER_CLASS,
  create: (params) => new DcganSynthesizer(parseDcganParams(params)),
  deserialize(artifacts) {
    const state = stateFromArtifacts(artifacts);
    const params: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(state.params)) if (v !== null) params[k] = v;
    // Tensors are created on first use (see DcganSynthesizer.loaded): no backend is needed here.
    return new DcganSynthesizer(parseDcganParams(params), state);
  },
};
