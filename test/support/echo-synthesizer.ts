import type { SynthesizerFactory } from '../../src/contracts.js';
import { GanAugmentError } from '../../src/errors.js';

/** Reports the parameters it was created with, as a usage error: shows what the CLI passed through. */
export function echoSynthesizer(name: string): SynthesizerFactory {
  return {
    name,
    description: 'echoes its parameters (test only)',
    supports: ['numeric', 'categorical'],
    minRowsPerClass: () => 1,
    create(params) {
      throw new GanAugmentError('usage', `params ${JSON.stringify(params)}`);
    },
    deserialize() {
      throw new Error('not used');
    },
  };
}
