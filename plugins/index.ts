/** Registers the built-in plugins with the registry (the core never imports them directly). */
import { registerClassifier, registerSynthesizer } from '../src/registry.js';
import { ctganFactory } from './ctgan/index.js';
import { dcganFactory } from './dcgan/index.js';
import { cnnFactory } from './classifiers/cnn.js';
import { forestFactory } from './classifiers/forest.js';
import { logisticFactory } from './classifiers/logistic.js';
import { mlpFactory } from './classifiers/mlp.js';
import { randomOversamplerFactory } from './random/index.js';
import { smoteFactory } from './smote/index.js';

export function registerBuiltins(): void {
  registerSynthesizer(ctganFactory);
  registerSynthesizer(dcganFactory);
  registerSynthesizer(randomOversamplerFactory);
  registerSynthesizer(smoteFactory);
  registerClassifier(logisticFactory);
  registerClassifier(mlpFactory);
  registerClassifier(forestFactory);
  registerClassifier(cnnFactory);
}
