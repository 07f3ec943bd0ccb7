/**
 * Start a TensorFlow.js backend only for synthesizers that need one: SMOTE and random oversampling
 * run in plain JS, so they skip the backend's start-up unless the user named a backend.
 */
import type { SynthesizerFactory } from '../contracts.js';
import { backendReady, initBackend, type BackendName } from './pick.js';

/**
 * The active backend's name, or null when `factory` needs none and none was asked for.
 * `threads`: for wasm, when it starts here (`InitBackendOptions.threads`). `onStart` is called when
 * the backend has to start first (seconds: wasm, kernel self-tests).
 */
export async function backendForSynthesizer(
  factory: SynthesizerFactory,
  requested: BackendName,
  start: { readonly threads?: number | undefined; readonly onStart?: () => void } = {},
): Promise<string | null> {
  if (factory.usesTensorFlow === false && requested === 'auto') return null;
  if (!backendReady(requested)) start.onStart?.();
  const convolutions = factory.convolutional === true;
  return (await initBackend(requested, start.threads !== undefined ? { threads: start.threads, convolutions } : { convolutions })).name;
}
