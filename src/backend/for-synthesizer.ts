/**
 * Start a TensorFlow.js backend only for synthesizers that need one: SMOTE and random oversampling
 * run in plain JS, so they skip the backend's start-up unless the user named a backend.
 */
import type { SynthesizerFactory } from '../contracts.js';
import { initBackend, type BackendName } from './pick.js';

/**
 * The active backend's name, or null when `factory` needs none and none was asked for.
 * `threads`: for wasm, when it starts here (`InitBackendOptions.threads`).
 */
export async function backendForSynthesizer(factory: SynthesizerFactory, requested: BackendName, threads?: number): Promise<string | null> {
  if (factory.usesTensorFlow === false && requested === 'auto') return null;
  return (await initBackend(requested, threads !== undefined ? { threads } : {})).name;
}
