/**
 * The messages between `evaluate --workers N` (process-pool.ts) and its worker processes
 * (pool-worker.ts), over Node's IPC channel as JSON; the job and the results inside them go
 * through wire.ts so they arrive bit for bit. Parent -> worker: 'init' (the data and settings,
 * once), 'unit' (run this one), 'end' (exit). Worker -> parent: 'ready' (with the plugin names it
 * knows), 'result', 'error' (the unit failed: the error's code, message and hint).
 */
import type { JsonValue } from '../contracts.js';
import type { EvaluateUnit } from './units.js';

export type ParentMessage = { type: 'init'; job: JsonValue } | { type: 'unit'; id: number; unit: EvaluateUnit } | { type: 'end' };

export interface WireError {
  /** A GanAugmentError's code; absent for anything else (a bug: exit 70). */
  readonly code?: string;
  readonly message: string;
  readonly hint?: string;
}

export type WorkerMessage =
  | { type: 'ready'; synthesizers: string[]; classifiers: string[] }
  | { type: 'result'; id: number; result: JsonValue }
  | { type: 'error'; id: number | null; error: WireError };

export function isMessage<T extends { type: string }>(m: unknown, types: readonly T['type'][]): m is T {
  return typeof m === 'object' && m !== null && types.includes((m as { type?: unknown }).type as T['type']);
}
