/**
 * Plugins by name. The core never imports a plugin module: it asks the registry, so users can
 * register their own synthesizers and classifiers next to the built-in ones.
 */
import type { ClassifierFactory, SynthesizerFactory } from './contracts.js';
import { GanAugmentError } from './errors.js';
import { canonicalParams } from './plugin-params.js';

const synthesizers = new Map<string, SynthesizerFactory>();
const classifiers = new Map<string, ClassifierFactory>();

/** @example registerSynthesizer({ name: 'my-gan', ... }) */
export function registerSynthesizer(factory: SynthesizerFactory): void {
  synthesizers.set(factory.name, factory);
}

export function registerClassifier(factory: ClassifierFactory): void {
  classifiers.set(factory.name, factory);
}

export function getSynthesizer(name: string, option = '--model'): SynthesizerFactory {
  const found = synthesizers.get(name);
  if (!found) {
    throw new GanAugmentError('usage', `${option}: unknown synthesizer '${name}'.`, {
      hint: `Choose one of: ${[...synthesizers.keys()].join(', ') || '(none registered)'}.`,
    });
  }
  return found;
}

export function getClassifier(name: string, option = '--classifiers'): ClassifierFactory {
  const found = classifiers.get(name);
  if (!found) {
    throw new GanAugmentError('usage', `${option}: unknown classifier '${name}'.`, {
      hint: `Choose one of: ${[...classifiers.keys()].join(', ') || '(none registered)'}.`,
    });
  }
  return found;
}

export function listSynthesizers(): SynthesizerFactory[] {
  return [...synthesizers.values()];
}

export function listClassifiers(): ClassifierFactory[] {
  return [...classifiers.values()];
}

/**
 * A synthesizer's parameters under the keys it declares (`embedding_dim` -> `embeddingDim`), the
 * one spelling run summaries and model folders record; as given for an unknown model or one
 * without declarations.
 */
export function canonicalModelParams<V>(model: string, params: Readonly<Record<string, V>>): Record<string, V> {
  const declared = synthesizers.get(model)?.params;
  return declared ? canonicalParams(declared, params) : { ...params };
}
