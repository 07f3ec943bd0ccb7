/**
 * A model's identity by content, for metadata that must not depend on where the model is mounted
 * (pods, array tasks and workers see the same model at different paths).
 */
import type { ModelManifest } from './manifest.js';
import { sha256 } from './save.js';

/**
 * SHA-256 over the manifest's parsed JSON: the manifest pins config.json and weights.bin by their
 * own SHA-256 (checked on load), so equal hashes mean the same files.
 * @example modelContentHash((await loadModel('models/fraud')).manifest) // 'a3f1...'
 */
export function modelContentHash(manifest: ModelManifest): string {
  return sha256(new TextEncoder().encode(JSON.stringify(manifest)));
}
