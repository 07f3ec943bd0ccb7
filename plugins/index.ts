/**
 * Registers the built-in plugins with the registry (the core never imports them directly).
 * Names already registered are left alone, so a user's plugin under a built-in's name wins.
 */
import type { ClassifierFactory, SynthesizerFactory } from '../src/contracts.js';
import { listClassifiers, listSynthesizers, registerClassifier, registerSynthesizer } from '../src/registry.js';
import { adasynFactory } from './adasyn/index.js';
import { borderlineSmoteFactory } from './borderline-smote/index.js';
import { ctganFactory } from './ctgan/index.js';
import { dcganFactory } from './dcgan/index.js';
import { cnnFactory } from './classifiers/cnn.js';
import { forestFactory } from './classifiers/forest.js';
import { logisticFactory } from './classifiers/logistic.js';
import { mlpFactory } from './classifiers/mlp.js';
import { randomOversamplerFactory } from './random/index.js';
import { smoteEnnFactory, smoteTomekFactory } from './smote-cleaning/index.js';
import { smoteFactory } from './smote/index.js';
import { smotenFactory } from './smoten/index.js';

const SYNTHESIZERS: readonly SynthesizerFactory[] = [
  ctganFactory,
  dcganFactory,
  randomOversamplerFactory,
  smoteFactory,
  borderlineSmoteFactory,
  adasynFactory,
  smotenFactory,
  smoteEnnFactory,
  smoteTomekFactory,
];
const CLASSIFIERS: readonly ClassifierFactory[] = [logisticFactory, mlpFactory, forestFactory, cnnFactory];

export function registerBuiltins(): void {
  const synthesizers = new Set(listSynthesizers().map((f) => f.name));
  for (const f of SYNTHESIZERS) if (!synthesizers.has(f.name)) registerSynthesizer(f);
  const classifiers = new Set(listClassifiers().map((f) => f.name));
  for (const f of CLASSIFIERS) if (!classifiers.has(f.name)) registerClassifier(f);
}
