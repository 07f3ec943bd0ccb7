/**
 * Backend choice, shared by every command. Minimal first version: WebAssembly (SIMD) when it
 * initialises, else the pure-JS cpu backend. The full picker (tfjs-node-gpu, tfjs-node, kernel
 * self-tests, env override) is issue 3.
 */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { GanAugmentError } from '../errors.js';
import { registerComparisonGradients } from './comparison-gradients.js';

export const BACKEND_NAMES = ['auto', 'tensorflow-gpu', 'tensorflow', 'wasm', 'cpu'] as const;
export type BackendName = (typeof BACKEND_NAMES)[number];

export interface BackendInfo {
  /** The tfjs backend actually active. */
  readonly name: string;
  readonly requested: BackendName;
  /** Why earlier candidates were passed over. */
  readonly notes: readonly string[];
}

let active: BackendInfo | undefined;

export async function initBackend(requested: BackendName = 'auto'): Promise<BackendInfo> {
  if (active && active.requested === requested) return active;
  registerComparisonGradients();
  const notes: string[] = [];
  const candidates: string[] = requested === 'auto' ? ['wasm', 'cpu'] : [requested];
  for (const name of candidates) {
    let ok = false;
    try {
      ok = await tf.setBackend(name);
      await tf.ready();
    } catch (err) {
      notes.push(`${name}: ${(err as Error).message}`);
      continue;
    }
    // setBackend can return false while getBackend() still names it: trust the return value.
    if (ok && tf.getBackend() === name) {
      active = { name, requested, notes };
      return active;
    }
    notes.push(`${name}: setBackend returned false`);
  }
  throw new GanAugmentError('backend', `--backend ${requested}: no TensorFlow.js backend could start (${notes.join('; ')}).`, {
    hint: "Use --backend cpu, or '--backend auto' to let gan-augment choose.",
  });
}
